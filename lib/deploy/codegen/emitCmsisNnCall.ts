import type { ConvGeometry } from '../../ir/kernels/conv2d.js';
import type { KernelPlan } from '../../ir/kernels/KernelPlan.js';
import type { PoolGeometry } from '../../ir/kernels/pool2d.js';

/** What CMSIS-NN calls add to model.c besides the calls: the scratch they share, and the buffer-size checks run once before the first inference. */
export interface CmsisNnNeeds {
  /** Bytes of the shared scratch buffer (an upper bound of every layer's get_buffer_size, checked at run time). */
  scratchBytes: number;
  /** C statements for model.c's one-time check: each layer's get_buffer_size against the scratch. */
  prepare: string[];
}

const tile = (w: number, h: number) => `{ .w = ${w}, .h = ${h} }`;
const act = (min: number, max: number) => `{ .min = ${min}, .max = ${max} }`;
const dims = (n: number, h: number, w: number, c: number) => `{ .n = ${n}, .h = ${h}, .w = ${w}, .c = ${c} }`;
const align4 = (n: number) => Math.ceil(n / 4) * 4;

/**
 * An upper bound of the scratch CMSIS-NN's DSP paths ask for one layer
 * (its get_buffer_size, checked at run time): two int16 im2col columns for a
 * convolution, one int16 window for a depthwise one, an int32 per channel for
 * average pooling; 0 for the rest.
 */
export function cmsisNnScratchBound(layer: { kernel: string; g?: unknown }): number {
  if (layer.kernel === 'conv2d' || layer.kernel === 'depthwise_conv2d') {
    const g = layer.g as ConvGeometry;
    return layer.kernel === 'depthwise_conv2d' ? 2 * g.kH * g.kW * g.inC + 16 : 4 * align4(g.kH * g.kW * g.inC) + 16;
  }
  if (layer.kernel === 'average_pool2d') return 4 * (layer.g as PoolGeometry).channels + 16;
  return 0;
}

/**
 * The CMSIS-NN s8 call for one operator, as TensorFlow Lite Micro's cmsis_nn
 * kernels make it (the same offsets, per-channel multipliers and shifts the
 * interpreter computes), or null when CMSIS-NN has no function for it here
 * (the reference kernel runs instead). Parameter structs go to `params`; the
 * call traps (__builtin_trap: SIGILL on the host, a HardFault on a board) if
 * CMSIS-NN reports an error. `act` and `constant` name tensors in C.
 */
export function emitCmsisNnCall(
  p: KernelPlan, k: number, at: (t: number) => string, constant: (t: number) => string, params: string[], flash: (bytes: number) => void, needs: CmsisNnNeeds,
): string | null {
  const ok = (call: string) => `  if (${call} != ARM_CMSIS_NN_SUCCESS) __builtin_trap();`;
  const requant = (multipliers: ArrayLike<number>, shifts: ArrayLike<number>) => {
    params.push(`static const int32_t m${k}[${multipliers.length}] = { ${Array.from(multipliers).join(', ')} };\n`, `static const int32_t s${k}[${shifts.length}] = { ${Array.from(shifts).join(', ')} };\n`);
    flash(8 * multipliers.length);
  };
  switch (p.kernel) {
    case 'conv2d': case 'depthwise_conv2d': {
      const g = p.g;
      if (g.batch !== 1) return null;
      requant(p.q.multipliers, p.q.shifts);
      // CMSIS-NN's per-channel struct holds non-const pointers; it only reads them.
      params.push(`static const cmsis_nn_per_channel_quant_params cq${k} = { (int32_t *)m${k}, (int32_t *)s${k} };\n`);
      const depthwise = p.kernel === 'depthwise_conv2d';
      const common = `.input_offset = ${p.q.inputOffset}, .output_offset = ${p.q.outputOffset}, .stride = ${tile(g.strideW, g.strideH)}, .padding = ${tile(g.padLeft, g.padTop)}, .dilation = ${tile(g.dilationW, g.dilationH)}, .activation = ${act(p.q.actMin, p.q.actMax)}`;
      params.push(depthwise
        ? `static const cmsis_nn_dw_conv_params cp${k} = { ${common}, .ch_mult = ${g.outC / g.inC} };\n`
        : `static const cmsis_nn_conv_params cp${k} = { ${common} };\n`);
      params.push(`static const cmsis_nn_dims in${k} = ${dims(1, g.inH, g.inW, g.inC)}, f${k} = ${depthwise ? dims(1, g.kH, g.kW, g.outC) : dims(g.outC, g.kH, g.kW, g.inC)}, b${k} = ${dims(1, 1, 1, g.outC)}, o${k} = ${dims(1, g.outH, g.outW, g.outC)};\n`);
      const fn = depthwise ? 'arm_depthwise_conv_wrapper_s8' : 'arm_convolve_wrapper_s8';
      needs.scratchBytes = Math.max(needs.scratchBytes, cmsisNnScratchBound(p));
      needs.prepare.push(`  if (${fn}_get_buffer_size(&cp${k}, &in${k}, &f${k}, &o${k}) > (int32_t)sizeof scratch) __builtin_trap();`);
      return ok(`${fn}(&ctx, &cp${k}, &cq${k}, &in${k}, ${at(p.input)}, &f${k}, ${constant(p.filter)}, &b${k}, ${constant(p.bias)}, &o${k}, ${at(p.output)})`);
    }
    case 'fully_connected': {
      const g = p.g;
      const perChannel = p.q.multipliers.length > 1;
      if (perChannel) requant(p.q.multipliers, p.q.shifts);
      else flash(8);
      params.push(`static const cmsis_nn_fc_params cp${k} = { .input_offset = ${p.q.inputOffset}, .filter_offset = ${p.weightOffset}, .output_offset = ${p.q.outputOffset}, .activation = ${act(p.q.actMin, p.q.actMax)} };\n`);
      params.push(`static const cmsis_nn_dims in${k} = ${dims(g.batch, 1, 1, g.inDepth)}, f${k} = ${dims(g.inDepth, 1, 1, g.outDepth)}, b${k} = ${dims(1, 1, 1, g.outDepth)}, o${k} = ${dims(g.batch, 1, 1, g.outDepth)};\n`);
      params.push(perChannel
        ? `static const cmsis_nn_per_channel_quant_params cq${k} = { (int32_t *)m${k}, (int32_t *)s${k} };\n`
        : `static const cmsis_nn_per_tensor_quant_params cq${k} = { ${p.q.multipliers[0]}, ${p.q.shifts[0]} };\n`);
      // No kernel-sum buffer: off Helium, CMSIS-NN sums the weights on the fly.
      return ok(`${perChannel ? 'arm_fully_connected_per_channel_s8' : 'arm_fully_connected_s8'}(&no_ctx, &cp${k}, &cq${k}, &in${k}, ${at(p.input)}, &f${k}, ${constant(p.weights)}, &b${k}, ${constant(p.bias)}, &o${k}, ${at(p.output)})`);
    }
    case 'average_pool2d': case 'max_pool2d': {
      const g = p.g;
      if (g.batch !== 1) return null;
      params.push(`static const cmsis_nn_pool_params cp${k} = { .stride = ${tile(g.strideW, g.strideH)}, .padding = ${tile(g.padLeft, g.padTop)}, .activation = ${act(p.actMin, p.actMax)} };\n`);
      params.push(`static const cmsis_nn_dims in${k} = ${dims(1, g.inH, g.inW, g.channels)}, f${k} = ${dims(1, g.filterH, g.filterW, 1)}, o${k} = ${dims(1, g.outH, g.outW, g.channels)};\n`);
      if (p.kernel === 'max_pool2d') return ok(`arm_max_pool_s8(&no_ctx, &cp${k}, &in${k}, ${at(p.input)}, &f${k}, &o${k}, ${at(p.output)})`);
      needs.scratchBytes = Math.max(needs.scratchBytes, cmsisNnScratchBound(p));
      needs.prepare.push(`  if (arm_avgpool_s8_get_buffer_size(${g.outW}, ${g.channels}) > (int32_t)sizeof scratch) __builtin_trap();`);
      return ok(`arm_avgpool_s8(&ctx, &cp${k}, &in${k}, ${at(p.input)}, &f${k}, &o${k}, ${at(p.output)})`);
    }
    case 'add': {
      const a = p.p;
      return ok(`arm_elementwise_add_s8(${at(p.input1)}, ${at(p.input2)}, ${a.input1Offset}, ${a.input1Multiplier}, ${a.input1Shift}, ${a.input2Offset}, ${a.input2Multiplier}, ${a.input2Shift}, ${a.leftShift}, ${at(p.output)}, ${a.outputOffset}, ${a.outputMultiplier}, ${a.outputShift}, ${a.actMin}, ${a.actMax}, ${p.count})`);
    }
    case 'softmax':
      return `  arm_softmax_s8(${at(p.input)}, ${p.rows}, ${p.depth}, ${p.p.inputMultiplier}, ${p.p.inputLeftShift}, ${p.p.diffMin}, ${at(p.output)});`;
    default:
      return null;
  }
}
