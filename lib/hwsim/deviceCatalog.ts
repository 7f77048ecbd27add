/**
 * Microcontroller boards the course measures models against. A first table of memory
 * facts; the simulator issue extends it with timing and power. Sizes in bytes, clocks
 * in MHz. Sources are the vendors' datasheets and reference manuals as collected in
 * shared/reference/cortex-m.md; `verified` says whether the row was checked against
 * the document there.
 */
export interface Device {
  /** Short name used on the command line and in notebooks. */
  id: string;
  board: string;
  mcu: string;
  core: "Cortex-M0+" | "Cortex-M4" | "Cortex-M4F" | "Cortex-M7" | "Cortex-M33";
  clockMHz: number;
  /** On-chip SRAM usable for the tensor arena, stack and runtime. */
  sramBytes: number;
  /** Flash for code and weights (RP2040: the Pico's external QSPI flash). */
  flashBytes: number;
  source: string;
  verified: boolean;
}

const KB = 1024;
const MB = 1024 * KB;

export const DEVICES: readonly Device[] = [
  {
    id: "stm32f746-disco",
    board: "STM32F746G-DISCO",
    mcu: "STM32F746NG",
    core: "Cortex-M7",
    clockMHz: 216,
    sramBytes: 320 * KB, // 320 KB SRAM (plus 16 KB ITCM not counted): STM32F746xx datasheet DS10916
    flashBytes: 1 * MB,
    source: "ST DS10916 (STM32F746xx datasheet)",
    verified: true,
  },
  {
    id: "nucleo-l4r5zi",
    board: "NUCLEO-L4R5ZI",
    mcu: "STM32L4R5ZI",
    core: "Cortex-M4F",
    clockMHz: 120,
    sramBytes: 640 * KB,
    flashBytes: 2 * MB,
    source: "ST DS12023 (STM32L4R5xx datasheet)",
    verified: true,
  },
  {
    id: "nano33-ble",
    board: "Arduino Nano 33 BLE Sense",
    mcu: "nRF52840",
    core: "Cortex-M4F",
    clockMHz: 64,
    sramBytes: 256 * KB,
    flashBytes: 1 * MB,
    source: "Nordic nRF52840 Product Specification v1.7",
    verified: false,
  },
  {
    id: "rp2040-pico",
    board: "Raspberry Pi Pico",
    mcu: "RP2040",
    core: "Cortex-M0+",
    clockMHz: 133,
    sramBytes: 264 * KB,
    flashBytes: 2 * MB, // the Pico board's W25Q16JV QSPI flash
    source: "Raspberry Pi RP2040 datasheet; Pico datasheet",
    verified: false,
  },
];

/** Looks a device up by id; an unknown id lists the known ones. */
export function findDevice(id: string): Device {
  const d = DEVICES.find((x) => x.id === id);
  if (d === undefined) throw new Error(`unknown device "${id}"; known devices: ${DEVICES.map((x) => x.id).join(", ")}`);
  return d;
}
