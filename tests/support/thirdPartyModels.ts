import { spawnSync } from "node:child_process";
import { FETCH_MODELS_COMMAND, findThirdPartyModel } from "../../lib/data/thirdPartyModels.js";
import { requireTool } from "./requireTool.js";

/** Path of a shared/cached third-party model, or skip (fail under CI=true) naming the fetch command. */
export function requireModel(ctx: Mocha.Context, name: string): string {
  const path = findThirdPartyModel(name);
  requireTool(ctx, path !== null, `the third-party model ${name} (../shared/models or the data cache)`, FETCH_MODELS_COMMAND);
  return path as string;
}

let armnn: boolean | undefined;

/** True when Debian's python3 can import pyarmnn with the CpuRef backend and TfLite parser. */
export function hasArmNN(): boolean {
  armnn ??= spawnSync("/usr/bin/python3", ["-c", "import warnings; warnings.filterwarnings('ignore'); import pyarmnn; pyarmnn.ITfLiteParser()"], { stdio: "ignore" }).status === 0;
  return armnn;
}

export const ARMNN_PACKAGES = "sudo apt-get install --no-install-recommends python3-pyarmnn libarmnn-cpuref-backend22 libarmnntfliteparser22 python3-numpy";
