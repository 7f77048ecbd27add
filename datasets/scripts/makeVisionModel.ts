// Writes lab 05's vision model (run from the repo root):
//   node --import tsx datasets/scripts/makeVisionModel.ts
// The model is made from seeds alone (see lib/models/makeVisionModel.ts), so a rerun writes the same bytes.
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { writeTflite } from "../../lib/ir/tflite/writeTflite.js";
import { makeVisionModel } from "../../lib/models/makeVisionModel.js";
import { VISION_MODEL_FILE } from "../../lib/models/visionModel.js";

const bytes = writeTflite(await makeVisionModel());
writeFileSync(VISION_MODEL_FILE(), bytes);
console.log(`wrote ${VISION_MODEL_FILE()}: ${bytes.length} bytes, sha256 ${createHash("sha256").update(bytes).digest("hex")}`);
