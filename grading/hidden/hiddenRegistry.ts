import type { HiddenCases } from "../exerciseSpec.js";
import { HIDDEN_00 } from "./lab00.js";

/** Hidden cases of every lab, by number (instructor side only). */
export const HIDDEN: Record<string, HiddenCases> = { "00": HIDDEN_00 };
