#!/usr/bin/env python3
"""Writes the golden RoI Align fixtures that native-kernels' tests compare against.

Run once, with Debian's torchvision (apt-get install python3-torchvision, version 0.14):
    /usr/bin/python3 scripts/make_roi_golden.py native-kernels/src/test/resources/golden
The fixture is committed; tests never need Python.

ser pools over time only. torchvision's roi_align pools boxes over [N, C, H, W]; with H = 1, boxes
spanning y in [0, 1 / spatial_scale] and output height 1, every sample point on the y axis reads row 0
with weight 1, so the result is the one-axis RoI Align over W. Gradients are those of
sum(out * upstream) with respect to the input, from autograd.
"""
import json
import sys
from pathlib import Path

import torch
import torchvision
from torchvision.ops import roi_align

N, C, T = 3, 5, 11
ROIS = [[0, 2.0, 7.5], [1, -3.0, 4.2], [0, 6.3, 14.0], [1, -2.0, 20.0], [0, 5.0, 5.0], [1, 12.5, 30.0],
        [0, -9.0, -4.0], [1, 0.2, 0.9], [2, 10.9, 11.0], [2, 0.0, 11.0]]
CASES = [(4, 2, 1.0, True), (7, 3, 0.5, True), (4, 2, 1.0, False), (5, 1, 0.25, False), (1, 4, 2.0, True)]


def case(bins, ratio, scale, aligned, generator):
    features = torch.randn(N, C, T, generator=generator, dtype=torch.float64)
    upstream = torch.randn(len(ROIS), C, bins, generator=generator, dtype=torch.float64)
    x = features.unsqueeze(2).clone().requires_grad_(True)
    boxes = torch.tensor([[b, x1, 0.0, x2, 1.0 / scale] for b, x1, x2 in ROIS], dtype=torch.float64)
    out = roi_align(x, boxes, output_size=(1, bins), spatial_scale=scale, sampling_ratio=ratio, aligned=aligned)
    (out.squeeze(2) * upstream).sum().backward()
    return {
        "bins": bins, "sampling_ratio": ratio, "spatial_scale": scale, "aligned": aligned,
        "features": features.flatten().tolist(), "upstream": upstream.flatten().tolist(),
        "out": out.squeeze(2).flatten().tolist(), "grad": x.grad.squeeze(2).flatten().tolist(),
    }


def main(out_dir):
    generator = torch.Generator().manual_seed(20261126)
    fixture = {
        "source": f"torchvision {torchvision.__version__} roi_align, torch {torch.__version__}, float64",
        "batch": N, "channels": C, "length": T, "rois": ROIS,
        "cases": [case(*c, generator) for c in CASES],
    }
    path = Path(out_dir) / "roi_align_torchvision.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(fixture, indent=1) + "\n")
    print(f"wrote {path}: {len(CASES)} cases")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "native-kernels/src/test/resources/golden")
