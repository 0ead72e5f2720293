#!/usr/bin/env python3
"""torchvision's roi_align on the shapes ser's network pools, forward and forward + backward.

Usage: roi_reference.py BATCH CHANNELS STEPS REGIONS BINS SAMPLING THREADS RUNS
The time axis is torchvision's width; the height is 1 and every box spans it, which is ser's 1-D
RoI Align with the same sampling ratio and aligned offsets. Prints one JSON object.
"""
import json
import sys

import torch
import torchvision
from reference_timing import timed


def main(batch, channels, steps, regions, bins, sampling, threads, runs):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    features = torch.randn(batch, channels, 1, steps, requires_grad=True)
    index = torch.arange(batch).repeat_interleave(regions).float()
    start = torch.rand(batch * regions) * steps * 0.7
    end = start + 1 + torch.rand(batch * regions) * steps * 0.3
    boxes = torch.stack([index, start, torch.zeros_like(start), end, torch.ones_like(start)], dim=1)

    def forward():
        with torch.no_grad():
            torchvision.ops.roi_align(features, boxes, (1, bins), 1.0, sampling, True)

    def backward():
        out = torchvision.ops.roi_align(features, boxes, (1, bins), 1.0, sampling, True)
        out.sum().backward()
        features.grad = None

    result = {"torch": torch.__version__, "torchvision": torchvision.__version__}
    for name, fn in (("forward", forward), ("backward", backward)):
        result[name] = timed(fn, 3, runs)
    print(json.dumps(result))


if __name__ == "__main__":
    main(*[int(a) for a in sys.argv[1:9]])
