// Writes lab 05's vision model (run from the repo root):
//   node --import tsx datasets/scripts/makeVisionModel.ts [--out FILE]
// The model is made from seeds alone (see lib/models/makeVisionModel.ts), so a rerun writes the same bytes.
// Without --out it replaces the shipped file; the test writes elsewhere and compares.
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { writeTflite } from "../../lib/ir/tflite/writeTflite.js";
import { makeVisionModel } from "../../lib/models/makeVisionModel.js";
import { VISION_MODEL_FILE } from "../../lib/models/visionModel.js";

const { values } = parseArgs({ options: { out: { type: "string" } } });
const out = values.out ?? VISION_MODEL_FILE();
const bytes = writeTflite(await makeVisionModel());
writeFileSync(out, bytes);
console.log(`wrote ${out}: ${bytes.length} bytes, sha256 ${createHash("sha256").update(bytes).digest("hex")}`);
