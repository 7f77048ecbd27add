import { join } from "node:path";
import type { Dataset } from "../../../lib/data/loadDataset.js";
import { loadDatasetFrom } from "../../../lib/data/loadDataset.js";

/**
 * The capstone's hidden test clips (1,440: 120 per class, float32 MFCCs [n, 49, 10, 1]),
 * made by datasets/scripts/makeSyntheticKeywords.ts from ./clips.json; see clips/CARD.md
 * for how they differ from the released splits. Instructor side only: grading/hidden/
 * is never released. Checksums are checked on load.
 */
export function hiddenClips(): Dataset {
  return loadDatasetFrom(join(import.meta.dirname, "clips"), { split: "hidden" });
}
