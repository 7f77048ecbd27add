/** Where generated C can run: the host compiler, or a Cortex-M board emulated by QEMU. */
export type DeployTarget = 'host' | 'm3' | 'm4' | 'm7';

export interface McuBoard {
  target: Exclude<DeployTarget, 'host'>;
  /** QEMU machine name. */
  machine: string;
  core: string;
  /** arm-none-eabi-gcc flags selecting the core. */
  cpuFlags: string[];
  /** Code + constants region (ZBT SSRAM1 on MPS2), bytes. */
  flashBytes: number;
  /** Data region (SSRAM2/3), bytes. */
  ramBytes: number;
  /** Has the Armv7E-M DSP extension (SMLAD, SXTB16), so the SIMD kernels can run. */
  dsp: boolean;
}

const MIB = 1024 * 1024;

/**
 * QEMU 7.2's MPS2 boards (hw/arm/mps2.c): AN385 (Cortex-M3), AN386 (Cortex-M4)
 * and AN500 (Cortex-M7) all map 4 MiB of SSRAM1 at 0x0 and 4 MiB of SSRAM2/3
 * at 0x20000000. Floats are soft: the generated kernels are integer-only.
 */
export const MCU_BOARDS: Record<McuBoard['target'], McuBoard> = {
  m3: { target: 'm3', machine: 'mps2-an385', core: 'Cortex-M3', cpuFlags: ['-mcpu=cortex-m3', '-mthumb'], flashBytes: 4 * MIB, ramBytes: 4 * MIB, dsp: false },
  m4: { target: 'm4', machine: 'mps2-an386', core: 'Cortex-M4', cpuFlags: ['-mcpu=cortex-m4', '-mthumb', '-mfloat-abi=soft'], flashBytes: 4 * MIB, ramBytes: 4 * MIB, dsp: true },
  m7: { target: 'm7', machine: 'mps2-an500', core: 'Cortex-M7', cpuFlags: ['-mcpu=cortex-m7', '-mthumb', '-mfloat-abi=soft'], flashBytes: 4 * MIB, ramBytes: 4 * MIB, dsp: true },
};

export const DEPLOY_TARGETS: readonly DeployTarget[] = ['host', 'm3', 'm4', 'm7'];

/** Debian packages for the Cortex-M targets. */
export const ARM_TOOLCHAIN_INSTALL = 'sudo apt-get install --no-install-recommends gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm';

/** The kernels a target gets unless told otherwise: SIMD where the core has the DSP extension, the reference elsewhere. */
export function defaultKernels(target: DeployTarget): 'reference' | 'simd' {
  return target !== 'host' && MCU_BOARDS[target].dsp ? 'simd' : 'reference';
}
