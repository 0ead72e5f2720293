#!/usr/bin/env python3
"""Writes the golden log-Mel fixtures the engine's tests compare against.

Run once, with Debian's torchaudio (apt-get install python3-torchaudio, version 0.13):
    python3 scripts/make_logmel_golden.py engine/src/test/resources/golden
The fixtures are committed; tests never need Python.

Framing: ser's frame t covers samples [t*hop, t*hop + win). torch.stft with center=False frames
n_fft samples with the window centred in them, so the signal is padded by (n_fft - win) / 2 zeros
on each side to make the two agree exactly.
"""
import sys
from pathlib import Path

import numpy as np
import torch
import torchaudio

SR, WIN, HOP, NFFT, NMELS, EPS = 16000, 400, 160, 512, 64, 1e-6


def signal():
    rng = np.random.default_rng(20251125)
    t = np.arange(int(1.05 * SR)) / SR
    chirp = np.sin(2 * np.pi * (100 * t + 1800 * t ** 2))
    voiced = sum(np.sin(2 * np.pi * 140 * k * t) / k for k in range(1, 30)) * (t > 0.4)
    x = 0.4 * chirp + 0.2 * voiced + 0.05 * rng.standard_normal(t.size)
    return x.astype(np.float32)


def log_mel(x, mel_scale):
    pad = (NFFT - WIN) // 2
    y = torch.nn.functional.pad(torch.from_numpy(x), (pad, pad))
    mel = torchaudio.transforms.MelSpectrogram(
        sample_rate=SR, n_fft=NFFT, win_length=WIN, hop_length=HOP, f_min=0.0, f_max=8000.0,
        n_mels=NMELS, window_fn=torch.hamming_window, power=2.0, center=False,
        norm="slaney", mel_scale=mel_scale)(y)
    return torch.log(mel + EPS).T.contiguous().numpy().astype(np.float32)  # (frames, n_mels)


def main(out):
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    x = signal()
    np.save(out / "signal.npy", x)
    for scale in ("slaney", "htk"):
        lm = log_mel(x, scale)
        np.save(out / f"logmel_{scale}.npy", lm)
    lm = np.load(out / "logmel_slaney.npy").astype(np.float64)
    np.save(out / "logmel_slaney_utterance.npy", ((lm - lm.mean()) / lm.std()).astype(np.float32))
    np.save(out / "logmel_slaney_per_bin.npy", ((lm - lm.mean(0)) / lm.std(0)).astype(np.float32))
    fb = torchaudio.functional.melscale_fbanks(NFFT // 2 + 1, 0.0, 8000.0, NMELS, SR, "slaney", "slaney")
    np.save(out / "fbank_slaney.npy", fb.T.contiguous().numpy().astype(np.float32))  # (n_mels, n_freqs)
    print("torchaudio", torchaudio.__version__, "->", out)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "engine/src/test/resources/golden")
