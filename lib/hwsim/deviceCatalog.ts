/** The cores the simulator has timing for. */
export type CoreModel = "cortex-m0plus" | "cortex-m3" | "cortex-m4" | "cortex-m7" | "cortex-m33" | "cortex-m55";
export const CORE_MODELS: readonly CoreModel[] = ["cortex-m0plus", "cortex-m3", "cortex-m4", "cortex-m7", "cortex-m33", "cortex-m55"];

/**
 * A microcontroller board as the simulator sees it: datasheet facts only.
 * Sizes in bytes, clock in MHz, current in µA per MHz of core clock at
 * `supplyVolts` (run mode, code in flash, peripherals off). Facts marked
 * `verified: false` were recalled from the cited document, not re-read: treat
 * them as approximate (shared/reference/cortex-m.md keeps the checked ones).
 */
export interface Device {
  /** Short name used on the command line and in notebooks. */
  id: string;
  board: string;
  mcu: string;
  /** Display name of the core, e.g. "Cortex-M4F". */
  core: string;
  coreModel: CoreModel;
  clockMHz: number;
  /** On-chip SRAM usable for the tensor arena, stack and runtime, bytes. */
  sramBytes: number;
  /** Flash for code and weights, bytes. */
  flashBytes: number;
  /** Flash wait states at clockMHz (cycles added to an access that misses the accelerator / cache). */
  flashWaitStates: number;
  /** Flash accelerator or cache line that sequential weight reads hit after one miss, bytes (0 = no accelerator: every load waits). */
  flashLineBytes: number;
  /** L1 data cache, bytes (0 = none). */
  dcacheBytes: number;
  /** Armv7E-M / Armv8-M DSP extension (SMLAD, SXTB16): the SIMD kernels can run. */
  dsp: boolean;
  fpu: "none" | "sp" | "dp";
  /** Run-mode supply current per MHz, µA/MHz (0 = unknown, energy not reported). */
  activeMicroampsPerMHz: number;
  supplyVolts: number;
  /** The documents the facts come from. */
  source: string;
  verified: boolean;
  /** An emulated board (QEMU), the deployment tests' ground truth for instruction counts. */
  emulated?: boolean;
}

const KB = 1024;
const MB = 1024 * KB;

/** Physical boards. */
export const DEVICES: readonly Device[] = [
  {
    id: "nucleo-l4r5zi", board: "NUCLEO-L4R5ZI", mcu: "STM32L4R5ZI", core: "Cortex-M4F", coreModel: "cortex-m4", clockMHz: 120,
    sramBytes: 640 * KB, flashBytes: 2 * MB, // DS12023 (verified, shared/reference/cortex-m.md)
    flashWaitStates: 5, // RM0432, 120 MHz boost range (recalled)
    flashLineBytes: 16, // ART accelerator: 128-bit flash lines (RM0432 "ART Accelerator")
    dcacheBytes: 0, dsp: true, fpu: "sp",
    activeMicroampsPerMHz: 110, supplyVolts: 3.3, // DS12023 run mode from flash (recalled)
    source: "ST DS12023 (STM32L4R5xx datasheet), RM0432", verified: false,
  },
  {
    id: "nucleo-f412zg", board: "NUCLEO-F412ZG", mcu: "STM32F412ZG", core: "Cortex-M4F", coreModel: "cortex-m4", clockMHz: 100,
    sramBytes: 256 * KB, flashBytes: 1 * MB, flashWaitStates: 3, flashLineBytes: 16, dcacheBytes: 0, dsp: true, fpu: "sp",
    activeMicroampsPerMHz: 112, supplyVolts: 3.3, // DS10314 run mode (recalled)
    source: "ST DS10314 (STM32F412xE/G datasheet), RM0402", verified: false,
  },
  {
    id: "stm32f746-disco", board: "STM32F746G-DISCO", mcu: "STM32F746NG", core: "Cortex-M7", coreModel: "cortex-m7", clockMHz: 216,
    sramBytes: 320 * KB, // 320 KB SRAM, ITCM not counted (DS10916, verified)
    flashBytes: 1 * MB,
    flashWaitStates: 7, // 216 MHz at 2.7-3.6 V: LL_FLASH_LATENCY_7 (verified)
    flashLineBytes: 32, // 4 KB L1 D-cache, 32-byte lines (Cortex-M7 TRM), in front of the ART on AXI
    dcacheBytes: 4 * KB, dsp: true, fpu: "sp",
    activeMicroampsPerMHz: 470, supplyVolts: 3.3, // DS10916 run mode, all peripherals off (recalled)
    source: "ST DS10916 (STM32F746xx datasheet), RM0385", verified: false,
  },
  {
    id: "nucleo-h743zi", board: "NUCLEO-H743ZI", mcu: "STM32H743ZI", core: "Cortex-M7", coreModel: "cortex-m7", clockMHz: 480,
    sramBytes: 1 * MB, flashBytes: 2 * MB, flashWaitStates: 4, flashLineBytes: 32, dcacheBytes: 16 * KB, dsp: true, fpu: "dp",
    activeMicroampsPerMHz: 280, supplyVolts: 3.3, // DS12110 run mode (recalled)
    source: "ST DS12110 (STM32H743xI datasheet), RM0433", verified: false,
  },
  {
    id: "nucleo-u575zi", board: "NUCLEO-U575ZI-Q", mcu: "STM32U575ZI", core: "Cortex-M33", coreModel: "cortex-m33", clockMHz: 160,
    sramBytes: 768 * KB, flashBytes: 2 * MB, // verified (shared/reference/cortex-m.md)
    flashWaitStates: 4, flashLineBytes: 16, dcacheBytes: 4 * KB, dsp: true, fpu: "sp",
    activeMicroampsPerMHz: 19.5, supplyVolts: 3.3, // DS13737 run mode with SMPS (recalled)
    source: "ST DS13737 (STM32U575xx datasheet), RM0456", verified: false,
  },
  {
    id: "nano33-ble", board: "Arduino Nano 33 BLE Sense", mcu: "nRF52840", core: "Cortex-M4F", coreModel: "cortex-m4", clockMHz: 64,
    sramBytes: 256 * KB, flashBytes: 1 * MB, flashWaitStates: 2, flashLineBytes: 16, dcacheBytes: 0, dsp: true, fpu: "sp",
    activeMicroampsPerMHz: 52, supplyVolts: 3.0, // Product Specification v1.7: CoreMark from flash, DC/DC, 3.3 mA at 64 MHz (recalled)
    source: "Nordic nRF52840 Product Specification v1.7", verified: false,
  },
  {
    id: "rp2040-pico", board: "Raspberry Pi Pico", mcu: "RP2040", core: "Cortex-M0+", coreModel: "cortex-m0plus", clockMHz: 133,
    sramBytes: 264 * KB, flashBytes: 2 * MB, // the Pico board's W25Q16JV QSPI flash
    flashWaitStates: 16, // an XIP cache miss refills 8 bytes over QSPI (RP2040 datasheet 2.6.3; estimate)
    flashLineBytes: 8, dcacheBytes: 0, dsp: false, fpu: "none",
    activeMicroampsPerMHz: 180, supplyVolts: 3.3, // RP2040 datasheet, typical run current (recalled)
    source: "Raspberry Pi RP2040 datasheet; Pico datasheet", verified: false,
  },
  {
    id: "nucleo-g0b1re", board: "NUCLEO-G0B1RE", mcu: "STM32G0B1RE", core: "Cortex-M0+", coreModel: "cortex-m0plus", clockMHz: 64,
    sramBytes: 144 * KB, flashBytes: 512 * KB, flashWaitStates: 2, flashLineBytes: 8, dcacheBytes: 0, dsp: false, fpu: "none",
    activeMicroampsPerMHz: 100, supplyVolts: 3.3, // DS13560 run mode (recalled)
    source: "ST DS13560 (STM32G0B1xB/C/E datasheet), RM0444", verified: false,
  },
];

/** QEMU's MPS2 boards of lib/deploy (25 MHz FPGA system clock; SSRAM, no wait states, no power figures). */
export const QEMU_DEVICES: readonly Device[] = (
  [["mps2-an385", "cortex-m3", "Cortex-M3", false], ["mps2-an386", "cortex-m4", "Cortex-M4", true], ["mps2-an500", "cortex-m7", "Cortex-M7", true]] as const
).map(([id, coreModel, core, dsp]) => ({
  id, board: `QEMU ${id}`, mcu: "MPS2 FPGA image", core, coreModel, clockMHz: 25, sramBytes: 4 * MB, flashBytes: 4 * MB,
  flashWaitStates: 0, flashLineBytes: 0, dcacheBytes: 0, dsp, fpu: "none" as const, activeMicroampsPerMHz: 0, supplyVolts: 0,
  source: "QEMU hw/arm/mps2.c; Arm MPS2 AN385/AN386/AN500 application notes", verified: true, emulated: true,
}));
