/* Host harness: runs the embedded samples, prints outputs as hex and per-layer wall time (ns). */
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

static void on_layer(int32_t layer, int32_t phase) {
  if (phase == 0) clock_gettime(CLOCK_MONOTONIC, &started);
  else layer_ns[layer] += elapsed();
}

int main(void) {
  static int8_t out[MODEL_OUTPUT_BYTES];
  model_hook = on_layer;
  for (int s = 0; s < SAMPLE_COUNT; s++) {
    model_invoke(samples[s], out);
    printf("out %d ", s);
    for (int i = 0; i < MODEL_OUTPUT_BYTES; i++) printf("%02x", (unsigned)(uint8_t)out[i]);
    printf("\n");
  }
  for (int k = 0; k < MODEL_LAYERS; k++) printf("layer %d %lld\n", k, layer_ns[k] / SAMPLE_COUNT);
  return 0;
}
