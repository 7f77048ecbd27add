import type { LabSpec } from "../exerciseSpec.js";
import { LAB_00 } from "./lab00.js";
import { LAB_01 } from "./lab01.js";
import { LAB_02 } from "./lab02.js";
import { LAB_03 } from "./lab03.js";
import { LAB_04 } from "./lab04.js";
import { LAB_05 } from "./lab05.js";

/** Every lab the autograder knows, by number. */
export const LABS: Record<string, LabSpec> = { "00": LAB_00, "01": LAB_01, "02": LAB_02, "03": LAB_03, "04": LAB_04, "05": LAB_05 };
