import type { LabSpec } from "../exerciseSpec.js";
import { LAB_00 } from "./lab00.js";
import { LAB_01 } from "./lab01.js";

/** Every lab the autograder knows, by number. */
export const LABS: Record<string, LabSpec> = { "00": LAB_00, "01": LAB_01 };
