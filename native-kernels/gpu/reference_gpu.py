#!/usr/bin/env python3
"""The same work as ser.bench.KernelBench, done by torchaudio and torchvision on the same GPU.

Prints one line per row, with the device milliseconds (median of CUDA-event timings after warm-up):
a 1 GiB device-to-device copy, torchaudio's MelSpectrogram with ser's parameters (+ log and per-utterance
normalization) on 256 clips of 3 s, and torchvision's roi_align at the default network's shapes.
"""
import sys

import torch
import torchaudio
import torchvision
from torchvision.ops import roi_align

CLIPS = int(sys.argv[1]) if len(sys.argv) > 1 else 256
REPEATS = int(sys.argv[2]) if len(sys.argv) > 2 else 50
dev = torch.device("cuda")


def median_ms(fn):
    times = []
    for i in range(2 * REPEATS):
        start, stop = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        fn()
        stop.record()
        stop.synchronize()
        if i >= REPEATS:
            times.append(start.elapsed_time(stop))
    times.sort()
    return times[len(times) // 2]


def row(what, ms):
    print(f"{what:<62} {ms:9.4f} ms")


print(f"torch {torch.__version__}, torchaudio {torchaudio.__version__}, torchvision {torchvision.__version__}, "
      f"{torch.cuda.get_device_name(0)}")
a = torch.ones(1 << 28, device=dev)
b = torch.empty_like(a)
ms = median_ms(lambda: b.copy_(a))
print(f"{'copy D2D 1 GiB':<62} {ms:9.4f} ms  {2 * a.numel() * 4 / ms / 1e6:7.1f} GB/s")
del a, b

mel = torchaudio.transforms.MelSpectrogram(
    sample_rate=16000, n_fft=512, win_length=400, hop_length=160, f_min=0.0, f_max=8000.0, n_mels=64,
    window_fn=torch.hamming_window, power=2.0, center=False, norm="slaney", mel_scale="slaney").to(dev)
x = torch.randn(CLIPS, 48000, device=dev)


def log_mel():
    m = torch.log(mel(torch.nn.functional.pad(x, (56, 56))) + 1e-6)
    mean = m.mean(dim=(1, 2), keepdim=True)
    std = m.std(dim=(1, 2), unbiased=False, keepdim=True).clamp_min(1e-5)
    return (m - mean) / std


row(f"torchaudio log-Mel {CLIPS} x 3 s (+ log, normalize)", median_ms(log_mel))
row(f"torchaudio MelSpectrogram alone {CLIPS} x 3 s", median_ms(lambda: mel(x)))

channels, length, per_clip = 192, 75, 9
g = torch.Generator(device="cpu").manual_seed(2)
features = torch.randn(CLIPS, channels, 1, length, device=dev, requires_grad=True)
starts = torch.rand(CLIPS * per_clip, generator=g) * length
ends = torch.clamp(starts + 6 + torch.rand(CLIPS * per_clip, generator=g) * 40, max=length)
batch = torch.arange(CLIPS * per_clip) // per_clip
boxes = torch.stack([batch.float(), starts, torch.zeros_like(starts), ends, torch.ones_like(starts)], 1).to(dev)
shape = f"[{CLIPS}, {channels}, {length}], {CLIPS * per_clip} regions, 8 bins"
with torch.no_grad():
    row(f"torchvision roi_align forward {shape}",
        median_ms(lambda: roi_align(features, boxes, (1, 8), 1.0, 2, True)))
out = roi_align(features, boxes, (1, 8), 1.0, 2, True)
upstream = torch.randn_like(out)
row(f"torchvision roi_align backward {shape}",
    median_ms(lambda: torch.autograd.grad(out, features, upstream, retain_graph=True)))
