// The host oracle: TensorFlow Lite Micro's reference kernels run one .tflite
// over many samples, so the project's interpreter (and its C) can be compared
// with TFLM's outputs element by element.
//
// usage: tflm_oracle MODEL.tflite IN.bin OUT.bin
//   IN.bin: the samples back to back; each sample is every input tensor's raw
//           bytes, in the model's input order.
//   OUT.bin: written the same way from the output tensors.
// stdout: one line "inputs B1,B2,... outputs B1,B2,..." (bytes per tensor), so
// the caller can check that TFLM sees the tensors it wrote.
// Any failure: one line on stderr starting "tflm:" and exit status 2.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "tensorflow/lite/micro/micro_interpreter.h"
#include "tensorflow/lite/micro/micro_mutable_op_resolver.h"
#include "tensorflow/lite/micro/system_setup.h"
#include "tensorflow/lite/schema/schema_generated.h"

namespace {

[[noreturn]] void Fail(const char* what, const char* detail) {
  std::fprintf(stderr, "tflm: %s%s%s\n", what, detail[0] ? ": " : "", detail);
  std::exit(2);
}

std::vector<uint8_t> ReadAll(const char* path) {
  std::FILE* f = std::fopen(path, "rb");
  if (f == nullptr) Fail("cannot open", path);
  std::vector<uint8_t> bytes;
  uint8_t chunk[1 << 16];
  size_t n;
  while ((n = std::fread(chunk, 1, sizeof chunk, f)) > 0) bytes.insert(bytes.end(), chunk, chunk + n);
  std::fclose(f);
  return bytes;
}

// Every operator whose kernel the oracle build compiles (tests/support/tflm/
// tflmOracle.ts, TFLM_KERNELS); a model using any other fails AllocateTensors
// with TFLM's own message naming the operator.
using Resolver = tflite::MicroMutableOpResolver<64>;
void Register(Resolver& r) {
  r.AddAdd();
  r.AddAveragePool2D();
  r.AddBatchMatMul();
  r.AddHardSwish();
  r.AddL2Pool2D();
  r.AddResizeBilinear();
  r.AddSum();
  r.AddSvdf();
  r.AddTransposeConv();
  r.AddConcatenation();
  r.AddConv2D();
  r.AddDepthwiseConv2D();
  r.AddDequantize();
  r.AddExpandDims();
  r.AddFullyConnected();
  r.AddGather();
  r.AddLeakyRelu();
  r.AddLogistic();
  r.AddLogSoftmax();
  r.AddMaximum();
  r.AddMaxPool2D();
  r.AddMean();
  r.AddMinimum();
  r.AddMul();
  r.AddPad();
  r.AddQuantize();
  r.AddRelu();
  r.AddRelu6();
  r.AddReshape();
  r.AddResizeNearestNeighbor();
  r.AddSlice();
  r.AddSoftmax();
  r.AddSplit();
  r.AddSplitV();
  r.AddStridedSlice();
  r.AddPack();
  r.AddPrelu();
  r.AddSquaredDifference();
  r.AddUnpack();
  r.AddSqueeze();
  r.AddSub();
  r.AddTanh();
  r.AddTranspose();
  r.AddUnidirectionalSequenceLSTM();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) Fail("usage", "tflm_oracle MODEL.tflite IN.bin OUT.bin");
  tflite::InitializeTarget();
  // The flatbuffer must outlive the interpreter and be 16-byte aligned for
  // TFLM's buffer access; a vector's heap block from malloc is.
  std::vector<uint8_t> model_bytes = ReadAll(argv[1]);
  std::vector<uint8_t> in = ReadAll(argv[2]);
  const tflite::Model* model = tflite::GetModel(model_bytes.data());
  if (model->version() != TFLITE_SCHEMA_VERSION) Fail("schema version differs", "");
  Resolver resolver;
  Register(resolver);
  // Large enough for every model the course ships (the biggest arena is a few
  // hundred KB); the host has the memory.
  static std::vector<uint8_t> arena(64u << 20);
  tflite::MicroInterpreter interpreter(model, resolver, arena.data(), arena.size());
  if (interpreter.AllocateTensors() != kTfLiteOk) Fail("AllocateTensors failed", "");

  size_t in_bytes = 0, out_bytes = 0;
  std::printf("inputs ");
  for (size_t i = 0; i < interpreter.inputs_size(); ++i) {
    in_bytes += interpreter.input(i)->bytes;
    std::printf("%s%zu", i ? "," : "", interpreter.input(i)->bytes);
  }
  std::printf(" outputs ");
  for (size_t i = 0; i < interpreter.outputs_size(); ++i) {
    out_bytes += interpreter.output(i)->bytes;
    std::printf("%s%zu", i ? "," : "", interpreter.output(i)->bytes);
  }
  std::printf("\n");
  if (in_bytes == 0 || in.size() % in_bytes != 0) Fail("IN.bin is not a whole number of samples", argv[2]);

  std::FILE* out = std::fopen(argv[3], "wb");
  if (out == nullptr) Fail("cannot write", argv[3]);
  for (size_t at = 0; at < in.size(); at += in_bytes) {
    size_t offset = at;
    for (size_t i = 0; i < interpreter.inputs_size(); ++i) {
      TfLiteTensor* t = interpreter.input(i);
      std::copy(in.begin() + offset, in.begin() + offset + t->bytes, t->data.uint8);
      offset += t->bytes;
    }
    if (interpreter.Invoke() != kTfLiteOk) Fail("Invoke failed", "");
    for (size_t i = 0; i < interpreter.outputs_size(); ++i) {
      TfLiteTensor* t = interpreter.output(i);
      if (std::fwrite(t->data.uint8, 1, t->bytes, out) != t->bytes) Fail("short write", argv[3]);
    }
  }
  if (std::fclose(out) != 0) Fail("cannot close", argv[3]);
  return 0;
}
