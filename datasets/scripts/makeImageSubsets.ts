// Makes the shipped image datasets from Debian and npm sources (run from the repo root):
//   sudo apt-get install python3-sklearn dataset-fashion-mnist && npm install
//   node --import tsx datasets/scripts/makeImageSubsets.ts
// Selections are seeded, so a rerun writes identical files; tests/data rebuilds them
// from the sources, where installed, and compares.
import { join } from "node:path";
import { dataCard, writeDataset } from "../../lib/data/writeDataset.js";
import { buildDigits, buildFashionSubset, buildMnistSubset } from "./imageSubsetSources.js";

const root = join(import.meta.dirname, "..");
for (const build of [buildDigits, buildFashionSubset, buildMnistSubset]) {
  const { contents, x, y } = build();
  writeDataset(join(root, contents.name), contents, x, y, dataCard(contents));
  console.log(`${contents.name}: ${y.length} samples`);
}
