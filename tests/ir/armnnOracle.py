"""Independent oracle: run .tflite models on Arm NN's CpuRef backend.

Usage: /usr/bin/python3 armnnOracle.py JOBS.json
JOBS.json is a list of {"model": path, "inputs": [npy, ...], "output": npy}.
Input k's .npy holds N samples of subgraph input k stacked on a new leading
axis; the first subgraph output of each sample is saved, stacked, to
"output". Prints one JSON line per job: {"ok": true} or {"ok": false,
"error": "..."} when Arm NN refuses the model.
Needs Debian's python3-pyarmnn, libarmnn-cpuref-backend22,
libarmnntfliteparser22 and python3-numpy.
"""
import json
import sys
import warnings

import numpy as np

warnings.filterwarnings("ignore")
import pyarmnn as ann  # noqa: E402


def run(runtime, job):
    parser = ann.ITfLiteParser()
    network = parser.CreateNetworkFromBinaryFile(job["model"])
    in_bindings = [parser.GetNetworkInputBindingInfo(0, n) for n in parser.GetSubgraphInputTensorNames(0)]
    out_binding = parser.GetNetworkOutputBindingInfo(0, parser.GetSubgraphOutputTensorNames(0)[0])
    if len(in_bindings) != len(job["inputs"]):
        raise ValueError(f"the model has {len(in_bindings)} inputs, {len(job['inputs'])} given")
    optimized, _ = ann.Optimize(network, [ann.BackendId("CpuRef")], runtime.GetDeviceSpec(), ann.OptimizerOptions())
    net_id, _ = runtime.LoadNetwork(optimized)
    inputs = [np.load(p) for p in job["inputs"]]
    results = []
    for k in range(inputs[0].shape[0]):
        in_tensors = ann.make_input_tensors(in_bindings, [np.ascontiguousarray(x[k]) for x in inputs])
        out_tensors = ann.make_output_tensors([out_binding])
        runtime.EnqueueWorkload(net_id, in_tensors, out_tensors)
        results.append(ann.workload_tensors_to_ndarray(out_tensors)[0].copy())
    runtime.UnloadNetwork(net_id)
    np.save(job["output"], np.stack(results))


def main():
    with open(sys.argv[1]) as f:
        jobs = json.load(f)
    # One runtime per process: Arm NN 22 loses its CpuRef factory if a second is created.
    runtime = ann.IRuntime(ann.CreationOptions())
    for job in jobs:
        try:
            run(runtime, job)
            print(json.dumps({"ok": True}), flush=True)
        except Exception as e:  # Arm NN raises its own exception types; report, go on
            print(json.dumps({"ok": False, "error": str(e).strip().splitlines()[0][:300]}), flush=True)


if __name__ == "__main__":
    main()
