import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Graph } from '../ir/Graph.js';
import { GraphError } from '../ir/GraphError.js';
import type { CodegenPlanner, GeneratedModel, KernelSet } from './codegen/generateC.js';
import { generateC } from './codegen/generateC.js';
import { cmsisNnLibrary } from './cmsisNnLibrary.js';
import { cSource } from './cSource.js';
import { MCU_STACK_BYTES, mcuLinkerScript } from './mcuLinkerScript.js';
import type { DeployTarget } from './deployTargets.js';
import { defaultKernels, MCU_BOARDS } from './deployTargets.js';

/** Room kept for the harness, kernels and stack beside the model's own bytes. */
const CODE_ALLOWANCE_BYTES = 64 * 1024;
/** The kernel sources a generated model.c needs for a kernel set: file name → text (the fixed-point header, the reference kernels, and for simd the SIMD ones). */
export function kernelFiles(kernels: KernelSet): Record<string, string> {
  return {
    'tinyml_kernels.h': cSource('tinyml_kernels.h'),
    'tinyml_kernels.c': cSource('tinyml_kernels.c'),
    'tinyml_fixed_point.h': cSource('tinyml_fixed_point.h'),
    ...(kernels === 'simd' ? {
      'tinyml_simd.h': cSource('tinyml_simd.h'),
      'tinyml_fast_requant.h': cSource('tinyml_fast_requant.h'),
      'tinyml_kernels_simd.h': cSource('tinyml_kernels_simd.h'),
      'tinyml_kernels_simd.c': cSource('tinyml_kernels_simd.c'),
    } : {}),
  };
}

/**
 * Write a self-contained C99 project for `graph` into `dir`: the generated
 * model (model.c / model.h), the kernels, `samples` (int8 inputs embedded as
 * samples.c, run by the harness), a harness and a Makefile for the target.
 * `kernels` defaults to `simd` on the Cortex-M4/M7 and `reference` elsewhere;
 * `simd` on the host runs the SIMD kernels with the DSP instructions emulated
 * in C. For a board, refuses a model whose weights or arena do not fit its
 * memory, saying by how many bytes. `planner` lays out the arena (see
 * generateC); `dump` builds with -DTINYML_DUMP, so the harness prints every
 * layer's output of the first sample. Returns what was generated.
 */
export function writeProject(graph: Graph, target: DeployTarget, dir: string, samples: readonly Int8Array[], kernels: KernelSet = defaultKernels(target), planner: CodegenPlanner = 'greedy', dump = false): GeneratedModel {
  if (kernels === 'simd' && target !== 'host' && !MCU_BOARDS[target].dsp) {
    throw new GraphError('unsupported', `the ${MCU_BOARDS[target].core} has no DSP extension (SMLAD, SXTB16), so the SIMD kernels cannot run on it; use the reference kernels`);
  }
  const model = generateC(graph, kernels, planner);
  // A sample holds every input, one after another (packedIo).
  const perSample = model.inputBytes;
  if (samples.length === 0) throw new GraphError('input', 'the project needs at least one input sample to run');
  samples.forEach((s, i) => {
    if (s.length !== perSample) throw new GraphError('input', `sample ${i} has ${s.length} values; ${graph.name} takes ${perSample}${graph.inputs.length > 1 ? ` (its ${graph.inputs.length} inputs, one after another)` : ''}`);
  });
  if (target !== 'host') {
    const b = MCU_BOARDS[target];
    const flash = model.constantBytes + perSample * samples.length + CODE_ALLOWANCE_BYTES;
    const ram = model.arena.bytes + model.scratchBytes + MCU_STACK_BYTES + 8 * 1024;
    if (flash > b.flashBytes) {
      throw new GraphError('unsupported', `${graph.name} does not fit ${b.machine} (${b.core}): it needs about ${flash} bytes of flash (weights ${model.constantBytes}, samples ${perSample * samples.length}, code ~${CODE_ALLOWANCE_BYTES}) and the board has ${b.flashBytes}, ${flash - b.flashBytes} bytes too many`);
    }
    if (ram > b.ramBytes) {
      throw new GraphError('unsupported', `${graph.name} does not fit ${b.machine} (${b.core}): its tensor arena needs ${model.arena.bytes} bytes plus ${ram - model.arena.bytes} for kernel scratch, stack and data, and the board has ${b.ramBytes} bytes of RAM, ${ram - b.ramBytes} too many`);
    }
  }
  mkdirSync(dir, { recursive: true });
  const rows = samples.map((s) => `  { ${Array.from(s).join(', ')} }`);
  const files: Record<string, string> = {
    ...model.files,
    ...kernelFiles(kernels),
    'samples.h': `#include <stdint.h>\n#include "model.h"\n#define SAMPLE_COUNT ${samples.length}\nextern const int8_t samples[SAMPLE_COUNT][MODEL_INPUT_BYTES];\n`,
    'samples.c': `#include "samples.h"\nconst int8_t samples[SAMPLE_COUNT][MODEL_INPUT_BYTES] = {\n${rows.join(',\n')}\n};\n`,
  };
  // CMSIS-NN: its headers, and its int8 functions prebuilt for the target (cached; see cmsisNnLibrary).
  const cmsis = kernels === 'cmsis-nn' ? cmsisNnLibrary(target) : null;
  const common = `-O2 -std=c99 -Wall -Wextra -Werror${cmsis === null ? '' : ` -I${cmsis.include}`}${dump ? ' -DTINYML_DUMP' : ''}`;
  const cmsisLib = cmsis === null ? '' : ` ${cmsis.library}`;
  const sources = `model.c tinyml_kernels.c${kernels === 'simd' ? ' tinyml_kernels_simd.c' : ''} samples.c`;
  const headers = `model.h tinyml_kernels.h tinyml_fixed_point.h${kernels === 'simd' ? ' tinyml_simd.h tinyml_fast_requant.h tinyml_kernels_simd.h' : ''} samples.h`;
  if (target === 'host') {
    files['harness.c'] = cSource('harness_host.c');
    // One object per source, so \`make -j\` compiles them side by side.
    const objects = ['harness.c', ...sources.split(' ')].map((f) => f.replace(/\.c$/, '.o')).join(' ');
    files.Makefile = `# Host build of ${graph.name}. \`make\` builds ./model; \`./model\` runs the embedded samples.
CC ?= cc
CFLAGS ?= ${common}
OBJS = ${objects}

%.o: %.c ${headers}
\t$(CC) $(CFLAGS) -c -o $@ $<

model: $(OBJS)
\t$(CC) $(CFLAGS) -o $@ $(OBJS)${cmsisLib}

clean:
\trm -f model $(OBJS)
`;
  } else {
    const b = MCU_BOARDS[target];
    files['harness.c'] = cSource('harness_mcu.c');
    files['startup.c'] = cSource('mcu/startup.c');
    files['semihost.h'] = cSource('mcu/semihost.h');
    files['board.ld'] = mcuLinkerScript(b);
    const objects = ['harness.c', 'startup.c', ...sources.split(' ')].map((f) => f.replace(/\.c$/, '.o')).join(' ');
    // One object per source, so the linker map (model.map) says which file each byte of flash and RAM comes from.
    files.Makefile = `# ${b.core} build of ${graph.name} for QEMU's ${b.machine}.
# \`make\` builds model.elf (and model.map); \`make run\` runs it and prints outputs, per-layer instruction counts and the stack's high-water mark.
CC = arm-none-eabi-gcc
CFLAGS = ${b.cpuFlags.join(' ')} ${common} -ffunction-sections -fdata-sections
OBJS = ${objects}

%.o: %.c ${headers} semihost.h
\t$(CC) $(CFLAGS) -c -o $@ $<

model.elf: $(OBJS) board.ld
\t$(CC) $(CFLAGS) --specs=nano.specs -nostartfiles -Wl,--gc-sections -Wl,-Map=model.map -T board.ld -o $@ $(OBJS)${cmsisLib} -lc -lgcc

run: model.elf
\tqemu-system-arm -M ${b.machine} -nographic -monitor none -serial none -semihosting-config enable=on,target=native -icount shift=0 -kernel model.elf

clean:
\trm -f model.elf model.map $(OBJS)
`;
  }
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return model;
}
