import type { HiddenCases } from "../exerciseSpec.js";
import { dotCase } from "../labs/lab05.js";
import { tensorLifetimes } from "../../lib/deploy/codegen/planArena.js";
import { scheduleOf } from "../../lib/deploy/memory/Schedule.js";
import type { Schedule } from "../../lib/deploy/memory/Schedule.js";
import { visionModel } from "../../lib/models/visionModel.js";

const f32 = (...v: number[]) => Float32Array.from(v);
const rq = (acc: number, multiplier: number, shift: number, zeroPoint: number, actMin = -128, actMax = 127) => ({ acc, multiplier, shift, zeroPoint, actMin, actMax });
const window = (kernel: number, stride: number, pad: number, inSize: number, dilation = 1) => ({ kernel, stride, pad, dilation, inSize });

/** Two branches joined by a concatenation, a tensor no operator touches, and an output read by an operator too. */
const BRANCHES: Schedule = {
  tensors: [
    { name: "in", bytes: 96, constant: false }, { name: "w", bytes: 16, constant: true }, { name: "left", bytes: 192, constant: false },
    { name: "right", bytes: 192, constant: false }, { name: "unused", bytes: 64, constant: false }, { name: "cat", bytes: 384, constant: false },
    { name: "logits", bytes: 10, constant: false }, { name: "probs", bytes: 10, constant: false },
  ],
  operators: [
    { kind: "CONV_2D", inputs: [0, 1, -1], outputs: [2] },
    { kind: "MAX_POOL_2D", inputs: [0], outputs: [3] },
    { kind: "CONCATENATION", inputs: [2, 3], outputs: [5] },
    { kind: "FULLY_CONNECTED", inputs: [5, 1, -1], outputs: [6] },
    { kind: "SOFTMAX", inputs: [6], outputs: [7] },
  ],
  inputs: [0],
  outputs: [6, 7],
};

// The vision model's real schedule, and its lifetimes as the engine computes them (not the lab's reference).
const vision = visionModel();
const VISION = scheduleOf(vision);
const VISION_RANGES = tensorLifetimes(vision).map(({ tensor, bytes, firstUse, lastUse }) => ({ tensor, bytes, firstUse, lastUse })).sort((a, b) => a.tensor - b.tensor);

/** Lab 05's hidden cases: never released. */
export const HIDDEN_05: HiddenCases = {
  liveRanges: [{ args: [BRANCHES] }, { args: [VISION] }],
  greedyBySize: [
    { args: [VISION_RANGES, 16] },
    { args: [[{ tensor: 0, bytes: 10, firstUse: -1, lastUse: 0 }, { tensor: 1, bytes: 10, firstUse: 0, lastUse: 1 }, { tensor: 2, bytes: 30, firstUse: 1, lastUse: 2 }, { tensor: 3, bytes: 10, firstUse: 2, lastUse: 3 }], 4] },
    { args: [[{ tensor: 5, bytes: 64, firstUse: 0, lastUse: 3 }, { tensor: 2, bytes: 64, firstUse: 0, lastUse: 1 }, { tensor: 9, bytes: 100, firstUse: 2, lastUse: 4 }, { tensor: 7, bytes: 20, firstUse: 1, lastUse: 2 }], 32] },
  ],
  peakLiveBytes: [{ args: [VISION_RANGES, VISION.operators.length] }, { args: [[{ tensor: 0, bytes: 10, firstUse: -1, lastUse: 0 }, { tensor: 1, bytes: 50, firstUse: 1, lastUse: 1 }, { tensor: 2, bytes: 30, firstUse: 0, lastUse: 2 }], 3] }],
  inPlaceSaving: [
    { args: [{ inShape: [12, 12, 96], outShape: [12, 12, 96], stride: 1, depthMultiplier: 1 }] },
    { args: [{ inShape: [8, 8, 16], outShape: [8, 8, 32], stride: 1, depthMultiplier: 2 }] },
    { args: [{ inShape: [10, 10, 8], outShape: [8, 8, 8], stride: 1, depthMultiplier: 1 }] },
    { args: [{ inShape: [1, 40, 24], outShape: [1, 40, 24], stride: 1, depthMultiplier: 1 }] },
  ],
  receptiveField: [
    { args: [[window(3, 2, 1, 96), window(3, 1, 1, 48), window(3, 2, 1, 48)], [5, 9]] },
    { args: [[window(5, 1, 2, 30), window(3, 1, 2, 30, 2)], [0, 3]] },
    { args: [[window(3, 2, 0, 49), window(3, 1, 1, 24)], [20, 23]] },
  ],
  choosePatchPlan: [{ args: [{ arenaBytes: 32 * 1024 }] }, { args: [{ arenaBytes: 24 * 1024 }] }, { args: [{ arenaBytes: 22 * 1024 }] }],
  requantizeKernel: [[
    rq(56, 1 << 30, -4, 0), rq(-56, 1 << 30, -4, 0), rq(40, 1 << 30, -4, 0), rq(-40, 1 << 30, -4, 0),
    rq(123456, 1789569707, -9, -5), rq(-98765, 1431655765, -7, 3), rq(77, 1202590843, 2, 0), rq(-300000, 2013265920, -12, 12),
    rq(2000000000, 1073741824, 1, 0), rq(-2147483648, 1073741824, 0, 0), rq(5000, 1518500250, 0, -128, -128, 127), rq(-5000, 1518500250, 0, -128, -128, 127),
    rq(20, 1 << 30, -2, 0), rq(-20, 1 << 30, -2, 0),
  ]].map((cases) => ({ args: [cases] })),
  dotProductKernel: [{ args: [[dotCase(4, 127, 11), dotCase(12, -128, 12), dotCase(1024, 17, 13), dotCase(384, -128, 14)]] }],
  layerSnrDb: [
    { args: [f32(0.5, 0.25, -1, 2, 0, -0.75), f32(0.5, 0.25, -1, 2, 0.01, -0.75)] },
    { args: [f32(3, 3, 3), f32(0, 0, 0)] },
    { args: [f32(1, 2, 3, 4), f32(2, 4, 6, 8)] },
  ],
  firstDivergentLayer: [
    { args: [[40, 41, 39, 38, 20, 18, 15], 12] },
    { args: [[35, 20, 10, 5], 10] },
    { args: [[30, 30, 25, 19, 22, 15], 10] },
    { args: [[30, 35, 24, 23], 10] },
  ],
  gainError: [
    { args: [f32(1, 2, 3, 4, 5), f32(0.125, 0.25, 0.375, 0.5, 0.625)] },
    { args: [f32(-1, 0.5, 2, -3), f32(-4.1, 2, 7.9, -12)] },
  ],
};
