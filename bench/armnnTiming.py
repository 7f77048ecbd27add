"""Peer for `npm run bench -- interp`: median ms per inference of a .tflite
model on Arm NN's CpuRef backend (Debian python3-pyarmnn), zero input.
Usage: /usr/bin/python3 armnnTiming.py MODEL RUNS"""
import sys
import time
import warnings

import numpy as np

warnings.filterwarnings("ignore")
import pyarmnn as ann  # noqa: E402

model, runs = sys.argv[1], int(sys.argv[2])
parser = ann.ITfLiteParser()
network = parser.CreateNetworkFromBinaryFile(model)
in_binding = parser.GetNetworkInputBindingInfo(0, parser.GetSubgraphInputTensorNames(0)[0])
out_binding = parser.GetNetworkOutputBindingInfo(0, parser.GetSubgraphOutputTensorNames(0)[0])
runtime = ann.IRuntime(ann.CreationOptions())
optimized, _ = ann.Optimize(network, [ann.BackendId("CpuRef")], runtime.GetDeviceSpec(), ann.OptimizerOptions())
net_id, _ = runtime.LoadNetwork(optimized)
shape = in_binding[1].GetShape()
x = np.zeros([shape[i] for i in range(shape.GetNumDimensions())], dtype=np.int8)
times = []
for _ in range(runs + 2):
    inputs = ann.make_input_tensors([in_binding], [x])
    outputs = ann.make_output_tensors([out_binding])
    t = time.perf_counter()
    runtime.EnqueueWorkload(net_id, inputs, outputs)
    times.append((time.perf_counter() - t) * 1000)
print(sorted(times[2:])[len(times[2:]) // 2])
