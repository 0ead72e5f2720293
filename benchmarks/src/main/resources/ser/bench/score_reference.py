#!/usr/bin/env python3
"""The scoring job as a PyTorch user would write it, for `ser bench`: the same model directory (the weights.pt that
LibTorch wrote loads with torch.jit.load), torchaudio decoding and resampling, the same trimming, standardization,
windows, log-Mel and whole-utterance decision (RCNN-BLSTM or CNN-BLSTM members), batched inference.

Usage: score_reference.py MODEL_DIR LIST THREADS BATCH RUNS OUT.jsonl [DEVICE]   (LIST: one audio path per line;
DEVICE cpu, the default, or cuda: the network on that device), or score_reference.py --check MODEL_DIR, which prints
{"unsupported": null} or the reason this pipeline cannot score that model
Prints one JSON object: seconds of every timed pass over the list (after one untimed pass) and the versions; writes
each file's emotion and scores to OUT.jsonl.
"""
import json
import math
import os
import sys
import numpy as np
import torch
import torchaudio
import torchvision
from torch import nn
from reference_timing import timed

RATE = 16000
FRAME, HOP = 400, 160          # VAD and log-Mel frames: 25 ms every 10 ms
WINDOW, WINDOW_HOP = 48000, 24000
FIXED_FRAMES = 300
# The recipe this pipeline is written for, as model.json names it; any other model is refused with the difference.
NETWORK = {"n_mels": 64, "classes": 6, "channels": [16, 32, 64], "time_pools": [2, 2, 1], "lstm_hidden": 96,
           "attention_heads": 4, "roi_bins": 8, "sampling_ratio": 2, "head_hidden": 128}
LOG_MEL = {"sample_rate": RATE, "win_length": FRAME, "hop_length": HOP, "n_fft": 512, "n_mels": 64, "f_min": 0.0,
           "f_max": 8000.0, "mel_scale": "SLANEY", "log_eps": 1e-6, "normalization": "UTTERANCE",
           "fixed_frames": FIXED_FRAMES}
VAD = {"frame_ms": 25.0, "hop_ms": 10.0, "silence_dbfs": -60.0, "onset_fraction": 0.4, "release_fraction": 0.25,
       "onset_below_peak_db": 30.0, "release_below_peak_db": 40.0, "min_speech_ms": 100.0, "padding_ms": 30.0}


def speech_span(x):
    """VoiceActivity: energy frames, floor and peak per file, onset and release levels with hysteresis."""
    n = len(x)
    frames = 0 if n < FRAME else 1 + (n - FRAME) // HOP
    if frames == 0:
        return None
    idx = np.arange(frames)[:, None] * HOP + np.arange(FRAME)[None, :]
    energy = (10 * np.log10((x[idx].astype(np.float64) ** 2).mean(1) + 1e-12)).astype(np.float32)
    s = np.sort(energy)
    peak = float(s[-1])
    audible = int(np.searchsorted(s, -100.0))
    start = 0 if audible == len(s) else audible
    floor = float(s[start + int(math.floor(0.10 * (len(s) - 1 - start)))])
    if peak < -60:
        return None
    if peak - floor < 6:
        return 0, n, energy, -math.inf
    onset = max(floor + 0.40 * (peak - floor), peak - 30)
    release = max(floor + 0.25 * (peak - floor), peak - 40)

    def first_run(run, order):
        length = 0
        for i in order:
            length = length + 1 if energy[i] >= onset else 0
            if length == run:
                return i - (run - 1) if order.step > 0 else i + (run - 1)
        return -1

    forward, backward = range(0, frames, 1), range(frames - 1, -1, -1)
    first = first_run(10, forward)
    first = first if first >= 0 else first_run(1, forward)
    last = first_run(10, backward)
    last = last if last >= 0 else first_run(1, backward)
    while first > 0 and energy[first - 1] >= release:
        first -= 1
    while last < frames - 1 and energy[last + 1] >= release:
        last += 1
    return max(0, first * HOP - 480), min(n, last * HOP + FRAME + 480), energy, release


def voiced_share(energy, release, start, end):
    frames = len(energy)
    first = min(frames, max(0, (start + HOP - 1) // HOP))
    stop = min(frames, max(0, (end - FRAME) // HOP + 1))
    return 1.0 if stop <= first else float((energy[first:stop] >= release).mean())


def windows(speech):
    """SpeechWindows.Cutter: every hop; a short tail gets a full window that ends with the speech."""
    length, start = len(speech), 0
    while True:
        end = min(start + WINDOW, length)
        yield start, end
        if end == length:
            return
        start = start + WINDOW_HOP if length - (start + WINDOW_HOP) >= WINDOW_HOP else length - WINDOW


class Net(nn.Module):
    """SerNet's whole-utterance path, with LibTorch's module names so that the saved state loads as it is: the
    RCNN-BLSTM's region 0 through attention and RoI Align, or the CNN-BLSTM's mean over the utterance."""

    def __init__(self, regions):
        super().__init__()
        self.regions = regions
        self.encoder = nn.Module()
        self.encoder.cnn = nn.Module()
        for i, (cin, cout) in enumerate([(1, 16), (16, 32), (32, 64)]):
            setattr(self.encoder.cnn, f"conv{i}", nn.Conv2d(cin, cout, 3, padding=1, bias=False))
            setattr(self.encoder.cnn, f"norm{i}", nn.BatchNorm2d(cout))
        self.encoder.blstm = nn.LSTM(512, 96, batch_first=True, bidirectional=True)
        if regions:
            self.encoder.attention = nn.MultiheadAttention(192, 4)
            self.encoder.attention_norm = nn.LayerNorm(192)
            self.rpn_conv = nn.Conv1d(192, 192, 3, padding=1)
            self.rpn_objectness = nn.Conv1d(192, 4, 1)
            self.rpn_deltas = nn.Conv1d(192, 8, 1)
            self.head_hidden = nn.Linear(192 * 8, 128)
            self.head_detector = nn.Linear(128, 6)
        else:
            self.head_hidden = nn.Linear(192, 128)
        self.head_classifier = nn.Linear(128, 6)

    def forward(self, x, valid_steps):
        cnn = self.encoder.cnn
        for i, pool in enumerate((2, 2, 1)):
            x = torch.relu(getattr(cnn, f"norm{i}")(getattr(cnn, f"conv{i}")(x)))
            x = nn.functional.max_pool2d(x, (pool, 2))
        b, c, t, f = x.shape
        x = self.encoder.blstm(x.permute(0, 2, 1, 3).reshape(b, t, c * f))[0]
        padding = (torch.arange(t)[None, :] >= valid_steps[:, None]).to(x.device)
        if not self.regions:
            keep = (~padding).to(x.dtype).unsqueeze(2)
            return self.head_classifier(torch.relu(self.head_hidden((x * keep).sum(1) / keep.sum(1))))
        seq = x.transpose(0, 1)
        attended = self.encoder.attention(seq, seq, seq, key_padding_mask=padding, need_weights=False)[0]
        feature_map = self.encoder.attention_norm(seq + attended).transpose(0, 1).transpose(1, 2)  # [B, E, T']
        boxes = torch.stack([torch.arange(b, dtype=torch.float32), torch.zeros(b), torch.zeros(b),
                             valid_steps.float(), torch.ones(b)], 1).to(x.device)
        pooled = torchvision.ops.roi_align(feature_map.unsqueeze(2), boxes, (1, 8), 1.0, 2, True)  # [B, E, 1, 8]
        return self.head_classifier(torch.relu(self.head_hidden(pooled.reshape(b, -1))))


def members(model_dir):
    """The model's description, its ensemble section (None for one network) and each network's folder and
    description."""
    description = json.load(open(os.path.join(model_dir, "model.json")))
    ensemble = description.get("ensemble")
    dirs = [os.path.join(model_dir, m) for m in ensemble["members"]] if ensemble else [model_dir]
    return description, ensemble, [(d, json.load(open(os.path.join(d, "model.json")))) for d in dirs]


def unsupported(networks):
    """Why this pipeline cannot score the model like ser does, or None: it has the whole-utterance decision of the
    RCNN-BLSTM and the CNN-BLSTM (whose one region is the utterance, so every rule reads it), at NETWORK's size,
    with LOG_MEL's features and VAD's trimming."""
    for d, description in networks:
        network = description.get("network")
        if network is None or network["architecture"] not in ("RCNN_BLSTM", "CNN_BLSTM"):
            return f"{d}: the reference has the RCNN-BLSTM and the CNN-BLSTM alone, not {description.get('kind')}"
        if network["architecture"] == "RCNN_BLSTM" and network["decision"] != "WHOLE_UTTERANCE":
            return f"{d}: the reference has the RCNN-BLSTM's whole-utterance decision alone, not {network['decision']}"
        for name, wanted, got in (("network", NETWORK, network), ("log_mel", LOG_MEL, description["log_mel"]),
                                  ("vad", VAD, description["vad"])):
            differ = [f"{k} {got.get(k)}" for k in wanted if got.get(k) != wanted[k]]
            if differ:
                return f"{d}: the reference is written for the default {name}, not {', '.join(differ)}"
    return None


def load_model(model_dir, device):
    description, ensemble, networks = members(model_dir)
    reason = unsupported(networks)
    if reason:
        sys.exit(reason)
    nets = []
    for d, member in networks:
        network = member["network"]
        net = Net(network["architecture"] == "RCNN_BLSTM")
        net.load_state_dict(torch.jit.load(os.path.join(d, "weights.pt")).state_dict())
        nets.append((net.eval().to(device), network["temperature"]))
    return description["labels"], nets, ensemble["temperature"] if ensemble else None


def log_mel_transform():
    mel = torchaudio.transforms.MelSpectrogram(RATE, n_fft=512, win_length=400, hop_length=160, f_min=0.0, f_max=8000.0,
                                               n_mels=64, window_fn=torch.hamming_window, power=2.0, center=False,
                                               norm="slaney", mel_scale="slaney")
    return lambda x: torch.log(mel(nn.functional.pad(x, (56, 56))) + 1e-6).T  # [frames, 64]


def model_input(window, log_mel):
    m = log_mel(torch.from_numpy(window))
    m = (m - m.mean()) / max(m.std(unbiased=False).item(), 1e-5)
    offset = max(0, (m.shape[0] - FIXED_FRAMES) // 2)
    valid = min(FIXED_FRAMES, m.shape[0] - offset)
    out = torch.zeros(FIXED_FRAMES, 64)
    out[:valid] = m[offset:offset + valid]
    return out, valid


def score(files, nets, ensemble_t, log_mel, batch, device):
    """Each file's windows as (vote, probabilities), batched across files; None for a file without speech."""
    pending, results = [], {}

    def run(items):
        x = torch.stack([i[2] for i in items]).unsqueeze(1).to(device)
        steps = torch.tensor([max(1, min(FIXED_FRAMES // 4, math.ceil(i[3] / 4))) for i in items])
        with torch.no_grad():
            probs = [torch.softmax(net(x, steps) / t, 1) for net, t in nets]
        p = probs[0] if ensemble_t is None else torch.softmax(torch.log(torch.stack(probs).mean(0)) / ensemble_t, 1)
        for (path, vote, _, _), q in zip(items, p):
            results.setdefault(path, []).append((vote, q.cpu().numpy()))

    for path in files:
        audio, rate = torchaudio.load(path)
        audio = audio.mean(0, keepdim=True)
        if rate != RATE:
            audio = torchaudio.functional.resample(audio, rate, RATE)
        x = audio[0].numpy().astype(np.float32)
        span = speech_span(x)
        if span is None:
            results[path] = None
            continue
        s, e, energy, release = span
        mean, std = x[s:e].astype(np.float64).mean(), x[s:e].astype(np.float64).std()
        speech = np.zeros(e - s, np.float32) if std < 1e-8 else ((x[s:e] - mean) / std).astype(np.float32)
        cuts = list(windows(speech))
        shares = [voiced_share(energy, release, s + a, s + b) for a, b in cuts]
        any_voiced = len(cuts) > 1 and any(v > 0 for v in shares)
        for (a, b), share in zip(cuts, shares):
            features, valid = model_input(speech[a:b], log_mel)
            pending.append((path, (b - a) * (share if any_voiced else 1.0), features, valid))
            if len(pending) == batch:
                run(pending)
                pending = []
    if pending:
        run(pending)
    return results


def main(model_dir, listing, threads, batch, runs, out_path, device="cpu"):
    torch.set_num_threads(threads)
    labels, nets, ensemble_t = load_model(model_dir, device)
    log_mel = log_mel_transform()
    files = [line.rstrip("\n") for line in open(listing) if line.strip()]
    last = {}
    seconds = timed(lambda: last.update(score(files, nets, ensemble_t, log_mel, batch, device)), 1, runs)
    with open(out_path, "w") as out:
        for path in files:
            windows_of = last.get(path)
            if not windows_of:
                out.write(json.dumps({"path": path, "emotion": None}) + "\n")
                continue
            weights = np.array([v for v, _ in windows_of])
            scores = (weights[:, None] * np.stack([q for _, q in windows_of])).sum(0) / weights.sum()
            out.write(json.dumps({"path": path, "emotion": labels[int(scores.argmax())],
                                  "scores": dict(zip(labels, map(float, scores)))}) + "\n")
    print(json.dumps({"seconds": seconds, "torch": torch.__version__, "torchaudio": torchaudio.__version__}))


if __name__ == "__main__":
    if sys.argv[1] == "--check":  # score_reference.py --check MODEL_DIR: whether this pipeline can score it
        print(json.dumps({"unsupported": unsupported(members(sys.argv[2])[2])}))
        sys.exit()
    main(*sys.argv[1:3], *map(int, sys.argv[3:6]), *sys.argv[6:8])
