#!/usr/bin/env python3
"""torchaudio's MelSpectrogram with ser's log-Mel parameters, timed on a batch of clips.

Usage: logmel_reference.py BATCH SECONDS THREADS RUNS
Prints one JSON object: seconds per batch of every timed run, and the versions.
Same work as ser's LogMel: Hamming window 400, hop 160, n_fft 512, power 2, 64 Slaney Mel bins,
log(x + 1e-6), one mean and variance per utterance.
"""
import json
import sys

import torch
import torchaudio
from reference_timing import timed


def main(batch, seconds, threads, runs):
    torch.set_num_threads(threads)
    x = torch.randn(batch, int(seconds * 16000))
    pad = (512 - 400) // 2  # frames cover [t*hop, t*hop + 400), as ser's do
    mel = torchaudio.transforms.MelSpectrogram(
        sample_rate=16000, n_fft=512, win_length=400, hop_length=160, f_min=0.0, f_max=8000.0, n_mels=64,
        window_fn=torch.hamming_window, power=2.0, center=False, norm="slaney", mel_scale="slaney")

    def once():
        with torch.no_grad():
            m = torch.log(mel(torch.nn.functional.pad(x, (pad, pad))) + 1e-6)
            mean = m.mean(dim=(1, 2), keepdim=True)
            std = m.std(dim=(1, 2), keepdim=True, unbiased=False)
            return (m - mean) / std

    times = timed(once, 2, runs)
    print(json.dumps({"seconds": times, "torch": torch.__version__, "torchaudio": torchaudio.__version__}))


if __name__ == "__main__":
    main(int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
