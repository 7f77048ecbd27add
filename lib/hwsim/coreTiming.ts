import type { CoreModel } from './deviceCatalog.js';

/** Instruction classes the timing models price. */
export type InstructionClass = 'load' | 'store' | 'alu' | 'mac' | 'simd' | 'branch';

/**
 * Cycles per instruction of each class with zero-wait-state memory, from the
 * Arm Technical Reference Manuals as collected in shared/reference/cortex-m.md:
 * - M0+ (DDI0484): LDR/STR 2, ALU 1, MULS 1 (the fast multiplier the RP2040 and
 *   STM32G0 implement), taken branch 2;
 * - M3 (DDI0337): LDR 2 with back-to-back loads pipelined (LDR;LDR = 3, so 1.5 in
 *   a run), STR 1, MLA 2, taken branch 1+P with P = 2;
 * - M4 (100166) and M33 (LLVM schedules it as an M4): as the M3 but MLA and the
 *   DSP instructions single-cycle, taken branch 1+P with P = 1 for a tight loop;
 * - M7: dual issue of ALU pairs (0.5), one load, one store, one MAC pipe and
 *   SIMD in slot 0 only (1), predicted loop branches 1 (LLVM ARMScheduleM7.td);
 * - M55 scalar: as the M4 (LLVM ARMScheduleM55.td: loads and MUL latency 2,
 *   only some 16-bit instructions dual-issue).
 */
export const CYCLES_PER_CLASS: Record<CoreModel, Record<InstructionClass, number>> = {
  'cortex-m0plus': { load: 2, store: 2, alu: 1, mac: 1, simd: 1, branch: 2 },
  'cortex-m3': { load: 1.5, store: 1, alu: 1, mac: 2, simd: 1, branch: 3 },
  'cortex-m4': { load: 1.5, store: 1, alu: 1, mac: 1, simd: 1, branch: 2 },
  'cortex-m33': { load: 1.5, store: 1, alu: 1, mac: 1, simd: 1, branch: 2 },
  'cortex-m55': { load: 1.5, store: 1, alu: 1, mac: 1, simd: 1, branch: 2 },
  'cortex-m7': { load: 1, store: 1, alu: 0.5, mac: 1, simd: 1, branch: 1 },
};

/**
 * Instruction mix of each kernel model's innermost loop, counted in the
 * arm-none-eabi-gcc 12.2 -O2 disassembly of lib/deploy/c for the M4 (see
 * lib/hwsim/README.md). The whole layer is priced with its inner loop's mix;
 * models without a dominant loop use the elementwise mix.
 */
const MIX: Record<string, Partial<Record<InstructionClass, number>>> = {
  // ldrsb, ldrsb, add (offset), mla, cmp, bne
  'conv2d/reference': { load: 2, alu: 2, mac: 1, branch: 1 },
  'fully_connected/reference': { load: 2, alu: 3, mac: 1, branch: 1 },
  // per tap: bounds compare and index arithmetic around one ldrsb pair and mla
  'depthwise_conv2d/reference': { load: 2, alu: 7, mac: 1, branch: 2 },
  // mat_mult's 2x2 block (hand-scheduled), per four terms: 6 post-indexed ldr, 4 sxtb16, 8 smlad, and half of subs, bne
  'conv2d/simd': { load: 6, simd: 12, alu: 0.5, branch: 0.5 },
  // mat_mult's one column (fully connected at batch 1): 4 ldr, 4 sxtb16, 4 smlad, add, cmp, bne
  'fully_connected/simd': { load: 4, simd: 8, alu: 2, branch: 1 },
  // one interior 3x3 window of four channels: 9 input and 18 weight loads, 18 sxtb16, 36 smlabb/smlatt;
  // then four requantizations (per-channel constants from the stack, smlal, rounding, clamp) and one packed store
  'depthwise_conv2d/simd': { load: 47, store: 1, simd: 54, alu: 60, mac: 4, branch: 9 },
  // per input channel: ldrsb, ldrsb, add (offset), mla, cmp, mov, bne
  transpose_conv: { load: 2, alu: 3, mac: 1, branch: 1 },
  // per summed term: two strided ldrsb, two offset adds, four index adds and compares, mla, bne
  batch_matmul: { load: 2, alu: 6, mac: 1, branch: 1 },
  // per channel: four ldrsb, mul and three mla, the rounding division's conditional adds and shift, strb
  resize_bilinear: { load: 4, store: 1, alu: 12, mac: 4, branch: 1 },
  elementwise: { load: 2, store: 1, alu: 5, mac: 1, branch: 1 },
};

/** Average cycles per instruction of a kernel model on a core (zero wait states). */
export function cyclesPerInstruction(core: CoreModel, model: string): number {
  const mix = MIX[model] ?? MIX.elementwise;
  const total = Object.values(mix).reduce((a, b) => a + b, 0);
  let cycles = 0;
  for (const [cls, n] of Object.entries(mix) as [InstructionClass, number][]) cycles += n * CYCLES_PER_CLASS[core][cls];
  return cycles / total;
}
