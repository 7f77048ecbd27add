/* Host harness: runs the embedded samples, prints outputs as hex and per-layer wall time (ns).
 * Built with -DTINYML_DUMP it also prints every layer's output of the first sample as
 * "dump LAYER OFFSET HEX" lines of at most 1024 bytes each. */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <time.h>
#include "model.h"
#include "samples.h"

static struct timespec started;
static long long layer_ns[MODEL_LAYERS];

static long long elapsed(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (long long)(now.tv_sec - started.tv_sec) * 1000000000LL + (now.tv_nsec - started.tv_nsec);
}

#ifdef TINYML_DUMP
static int dumping = 1;
static void dump_layer(int32_t layer) {
  const int8_t *data;
  const int32_t n = model_layer_output(layer, &data);
  for (int32_t at = 0; at < n; at += 1024) {
    printf("dump %ld %ld ", (long)layer, (long)at);
    for (int32_t i = at; i < n && i < at + 1024; i++) printf("%02x", (unsigned)(uint8_t)data[i]);
    printf("\n");
  }
}
#endif

static void on_layer(int32_t layer, int32_t phase) {
  if (phase == 0) clock_gettime(CLOCK_MONOTONIC, &started);
  else {
    layer_ns[layer] += elapsed();
#ifdef TINYML_DUMP
    if (dumping) dump_layer(layer);
#endif
  }
}

int main(void) {
  static int8_t out[MODEL_OUTPUT_BYTES];
  model_hook = on_layer;
  for (int s = 0; s < SAMPLE_COUNT; s++) {
    model_invoke(samples[s], out);
#ifdef TINYML_DUMP
    dumping = 0;
#endif
    printf("out %d ", s);
    for (int i = 0; i < MODEL_OUTPUT_BYTES; i++) printf("%02x", (unsigned)(uint8_t)out[i]);
    printf("\n");
  }
  for (int k = 0; k < MODEL_LAYERS; k++) printf("layer %d %lld\n", k, layer_ns[k] / SAMPLE_COUNT);
  return 0;
}
