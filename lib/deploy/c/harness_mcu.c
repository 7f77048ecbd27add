/*
 * Bare-metal harness for QEMU's MPS2 boards: runs the embedded samples, prints
 * outputs as hex ("out SAMPLE OFFSET HEX", 1024 bytes a line) and per-layer
 * instruction counts over semihosting, then exits.
 * Under `-icount shift=0` each instruction advances virtual time by 1 ns and
 * SysTick (25 MHz system clock on MPS2) counts down once per 40 instructions.
 * The stack is painted before the first inference and scanned right after it: the
 * lowest overwritten word gives one inference's stack high-water mark ("stack N", bytes,
 * counted from the stack's top, so main's and the reset handler's frames are in it).
 * Built with -DTINYML_DUMP it also streams every layer's output of the first sample
 * ("dump LAYER OFFSET HEX", 1024 bytes a line).
 */
#include <stdint.h>
#include "model.h"
#include "samples.h"
#include "semihost.h"

extern uint32_t __stack_bottom, __stack_top;
#define STACK_PAINT 0xA5A5A5A5u

/* Fills the stack from its bottom to 64 bytes below this function's own frame. */
static void __attribute__((noinline)) paint_stack(void) {
  uint32_t *p = &__stack_bottom;
  uint32_t *sp;
  __asm__ volatile("mov %0, sp" : "=r"(sp));
  while (p < sp - 16) *p++ = STACK_PAINT;
}

/* Bytes from the stack's top down to the lowest word the run overwrote. */
static uint32_t stack_high_water(void) {
  const uint32_t *p = &__stack_bottom;
  while (p < &__stack_top && *p == STACK_PAINT) p++;
  return (uint32_t)((uintptr_t)&__stack_top - (uintptr_t)p);
}

static uint32_t layer_start;
static uint32_t layer_ticks[MODEL_LAYERS];
static int counting = 1;

#ifdef TINYML_DUMP
/* Streams one layer's output in lines of 1024 bytes: a board never holds more than the line buffer. */
static void dump_layer(int32_t layer) {
  static const char hex[] = "0123456789abcdef";
  const int8_t *data;
  const int32_t n = model_layer_output(layer, &data);
  for (int32_t at = 0; at < n; at += 1024) {
    put_str("dump "); put_uint((uint32_t)layer); put(' '); put_uint((uint32_t)at); put(' ');
    for (int32_t i = at; i < n && i < at + 1024; i++) { put(hex[(uint8_t)data[i] >> 4]); put(hex[(uint8_t)data[i] & 15]); }
    flush();
  }
}
#endif

/*
 * One sample's output in lines of 1024 bytes, as the dumps: an output larger
 * than the line buffer still arrives whole. Its own function, so main's frame
 * (part of the measured stack) does not depend on the output's size.
 */
static void __attribute__((noinline)) print_output(int32_t sample, const int8_t *out) {
  static const char hex[] = "0123456789abcdef";
  for (int32_t at = 0; at < MODEL_OUTPUT_BYTES; at += 1024) {
    put_str("out "); put_uint((uint32_t)sample); put(' '); put_uint((uint32_t)at); put(' ');
    for (int32_t i = at; i < MODEL_OUTPUT_BYTES && i < at + 1024; i++) { put(hex[(uint8_t)out[i] >> 4]); put(hex[(uint8_t)out[i] & 15]); }
    flush();
  }
}

static void on_layer(int32_t layer, int32_t phase) {
  const uint32_t now = SYST_CVR;
  if (phase == 0) layer_start = now;
  else if (counting) {
    layer_ticks[layer] += (layer_start - now) & 0xFFFFFFu;
    /* After the count is taken: printing is not the layer's work. */
#ifdef TINYML_DUMP
    dump_layer(layer);
#endif
  }
}

int main(void) {
  static int8_t out[MODEL_OUTPUT_BYTES];
  SYST_RVR = 0xFFFFFFu;
  SYST_CVR = 0;
  SYST_CSR = 5u; /* enable, processor clock, no interrupt */
  model_hook = on_layer;
  uint32_t stack = 0;
  paint_stack();
  for (int s = 0; s < SAMPLE_COUNT; s++) {
    model_invoke(samples[s], out);
    /* Read after the first inference, before any printing: printing uses the stack too, and it is not the model's. */
    if (s == 0) stack = stack_high_water();
    counting = 0; /* instruction counts are taken on the first sample */
    print_output(s, out);
  }
  for (int k = 0; k < MODEL_LAYERS; k++) {
    put_str("layer "); put_uint((uint32_t)k); put(' '); put_uint(layer_ticks[k] * INSTRUCTIONS_PER_TICK); flush();
  }
  put_str("stack "); put_uint(stack); flush();
  return 0;
}
