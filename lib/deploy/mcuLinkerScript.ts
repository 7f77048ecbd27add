import { cSource } from './cSource.js';
import type { McuBoard } from './deployTargets.js';

/** Stack reserved for a board's programs (the harness and the model's calls), bytes. */
export const MCU_STACK_BYTES = 16 * 1024;

/** The linker script of a board's programs: its flash and RAM sizes and the stack. */
export function mcuLinkerScript(b: McuBoard): string {
  return cSource('mcu/mps2.ld').replace('FLASH_BYTES', String(b.flashBytes)).replace('RAM_BYTES', String(b.ramBytes)).replace('STACK_BYTES', String(MCU_STACK_BYTES));
}
