import type { LabSpec } from "../exerciseSpec.js";
import { LAB_00 } from "./lab00.js";

/** Every lab the autograder knows, by number. */
export const LABS: Record<string, LabSpec> = { "00": LAB_00 };
