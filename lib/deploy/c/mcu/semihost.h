/*
 * What the bare-metal programs for QEMU's MPS2 boards share: SysTick, which
 * under `-icount shift=0` (1 ns of virtual time per instruction, 25 MHz system
 * clock) counts down once per 40 instructions, and semihosting output (a line
 * buffer written with SYS_WRITE0) and exit (SYS_EXIT). Included by exactly one
 * file of each program: the functions are static.
 */
#ifndef TINYML_SEMIHOST_H
#define TINYML_SEMIHOST_H
#include <stdint.h>

#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)
#define INSTRUCTIONS_PER_TICK 40u

static int semihost_call(int op, const void *arg) {
  register int r0 __asm__("r0") = op;
  register const void *r1 __asm__("r1") = arg;
  __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}
/* Called by startup.c with main's result. */
void semihost_exit(int code);
void semihost_exit(int code) {
  /* ADP_Stopped_ApplicationExit (0x20026) means success; anything else is a failure. */
  semihost_call(0x18, (const void *)(uintptr_t)(code == 0 ? 0x20026u : 0x20023u));
  for (;;) {}
}

static char line[4200];
static int at;
static void put(char c) { if (at < (int)sizeof line - 2) line[at++] = c; }
static void put_str(const char *s) { while (*s) put(*s++); }
static void put_uint(uint32_t v) {
  char buf[11]; int n = 0;
  do { buf[n++] = (char)('0' + v % 10u); v /= 10u; } while (v);
  while (n) put(buf[--n]);
}
static void flush(void) { put('\n'); line[at] = 0; semihost_call(0x04, line); at = 0; }

#endif
