import type { HiddenCases } from "../exerciseSpec.js";
import { HIDDEN_00 } from "./lab00.js";
import { HIDDEN_01 } from "./lab01.js";
import { HIDDEN_02 } from "./lab02.js";
import { HIDDEN_03 } from "./lab03.js";
import { HIDDEN_04 } from "./lab04.js";
import { HIDDEN_05 } from "./lab05.js";

/** Hidden cases of every lab, by number (instructor side only). */
export const HIDDEN: Record<string, HiddenCases> = { "00": HIDDEN_00, "01": HIDDEN_01, "02": HIDDEN_02, "03": HIDDEN_03, "04": HIDDEN_04, "05": HIDDEN_05 };
