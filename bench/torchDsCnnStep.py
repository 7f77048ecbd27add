"""Peer for bench/run.ts: a DS-CNN training step (batch 32, Adam) and inference in PyTorch on the CPU.

Same architecture as lib/models/dsCnn.ts (10x4 stride-2 stem, four depthwise-separable
blocks of 64 channels with batch norm, average pooling, dense 12), with the machine's
two threads. Prints one JSON line: the median step time in ms over 20 steps after 3
warm-up steps, and inference samples per second (batches of 32, eval mode, no_grad).
Run with Debian's python3 (python3-torch).
"""
import json
import time

import torch
from torch import nn

torch.manual_seed(0)
torch.set_num_threads(2)


def block():
    return [
        nn.Conv2d(64, 64, 3, padding=1, groups=64, bias=False), nn.BatchNorm2d(64), nn.ReLU(),
        nn.Conv2d(64, 64, 1, bias=False), nn.BatchNorm2d(64), nn.ReLU(),
    ]


model = nn.Sequential(
    nn.ZeroPad2d((1, 2, 4, 5)), nn.Conv2d(1, 64, (10, 4), stride=2, bias=False), nn.BatchNorm2d(64), nn.ReLU(),
    *block(), *block(), *block(), *block(),
    nn.AvgPool2d((25, 5)), nn.Flatten(), nn.Linear(64, 12),
)
opt = torch.optim.Adam(model.parameters(), lr=0.001)
x = torch.randn(32, 1, 49, 10)
y = torch.arange(32) % 12
loss_fn = nn.CrossEntropyLoss()


def step():
    opt.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    opt.step()


model.train()
for _ in range(3):
    step()
times = []
for _ in range(20):
    t = time.perf_counter()
    step()
    times.append((time.perf_counter() - t) * 1000)

model.eval()
with torch.no_grad():
    for _ in range(3):
        model(x)
    batches = 50
    t = time.perf_counter()
    for _ in range(batches):
        model(x)
    per_s = batches * 32 / (time.perf_counter() - t)
print(json.dumps({"step_ms": sorted(times)[len(times) // 2], "infer_per_s": per_s}))
