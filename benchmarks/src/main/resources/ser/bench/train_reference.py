#!/usr/bin/env python3
"""One training step of ser's networks, written the way a PyTorch user would, for `ser bench`.

cnn-blstm: SerNet with regions and attention off (3x3 conv + batch norm + ReLU + max-pool blocks of 16/32/64
channels pooling time by 2/2/1, a BLSTM of 2x96, mean over time, 128 hidden units, 6 classes, dropout 0.3),
weighted NLL.
rcnn-blstm: the same encoder plus 4-head self-attention with a residual layer norm, a proposal network over
time with anchors of 6/12/25/50 steps, top 60 by objectness, NMS at IoU 0.5, 8 proposals plus the whole
utterance, RoI Align with 8 bins and 2 samples per bin, a 128-unit head with class and detection outputs, and
the same loss terms as SerNet (whole-utterance NLL, multiple-instance NLL, objectness BCE and smooth-L1
offsets against the most confident proposal), with vectorized tensor ops and torchvision's roi_align and nms
where SerNet runs host loops. A timing twin, not a numerical one.

Usage: train_reference.py cnn-blstm|rcnn-blstm BATCH THREADS RUNS      Prints one JSON object.
"""
import json
import math
import sys

import torch
import torchvision
from torch import nn
from torch.nn import functional as F
from reference_timing import timed

ANCHORS = torch.tensor([6.0, 12.0, 25.0, 50.0])


def encoder_layers(channels=(16, 32, 64), pools=(2, 2, 1)):
    blocks, inputs = [], 1
    for out, pool in zip(channels, pools):
        blocks += [nn.Conv2d(inputs, out, 3, padding=1, bias=False), nn.BatchNorm2d(out), nn.ReLU(),
                   nn.MaxPool2d((pool, 2))]
        inputs = out
    return nn.Sequential(*blocks)


class CnnBlstm(nn.Module):
    def __init__(self, mels=64, classes=6, channels=(16, 32, 64), pools=(2, 2, 1), hidden=96, head=128, dropout=0.3):
        super().__init__()
        self.cnn = encoder_layers(channels, pools)
        self.dropout = nn.Dropout(dropout)
        self.lstm = nn.LSTM(channels[-1] * (mels >> len(channels)), hidden, batch_first=True, bidirectional=True)
        self.hidden = nn.Linear(2 * hidden, head)
        self.classifier = nn.Linear(head, classes)

    def forward(self, x):
        x = self.cnn(x)
        b, c, t, f = x.shape
        x = self.dropout(x.permute(0, 2, 1, 3).reshape(b, t, c * f))
        x = self.lstm(x)[0].mean(dim=1)
        return self.classifier(self.dropout(torch.relu(self.hidden(x))))


def cnn_loss(logits, labels, weights):
    return F.nll_loss(logits.log_softmax(1), labels, weight=weights)


class RcnnBlstm(nn.Module):
    def __init__(self, mels=64, classes=6, channels=(16, 32, 64), pools=(2, 2, 1), hidden=96, heads=4, bins=8,
                 head=128, dropout=0.3):
        super().__init__()
        self.cnn = encoder_layers(channels, pools)
        self.dropout = nn.Dropout(dropout)
        self.lstm = nn.LSTM(channels[-1] * (mels >> len(channels)), hidden, batch_first=True, bidirectional=True)
        width = 2 * hidden
        self.attention = nn.MultiheadAttention(width, heads)
        self.norm = nn.LayerNorm(width)
        a = len(ANCHORS)
        self.rpn = nn.Conv1d(width, width, 3, padding=1)
        self.objectness = nn.Conv1d(width, a, 1)
        self.deltas = nn.Conv1d(width, 2 * a, 1)
        self.bins = bins
        self.hidden = nn.Linear(width * bins, head)
        self.classifier = nn.Linear(head, classes)
        self.detector = nn.Linear(head, classes)

    def forward(self, x):
        x = self.cnn(x)
        b, c, t, f = x.shape
        x = self.lstm(self.dropout(x.permute(0, 2, 1, 3).reshape(b, t, c * f)))[0]
        seq = x.transpose(0, 1)
        seq = self.norm(seq + self.attention(seq, seq, seq, need_weights=False)[0])
        feature_map = seq.permute(1, 2, 0)  # [B, E, T']
        shared = torch.relu(self.rpn(feature_map))
        objectness = self.objectness(shared).transpose(1, 2).reshape(b, -1)        # [B, T'*A]
        deltas = self.deltas(shared).transpose(1, 2).reshape(b, -1, 2)             # [B, T'*A, 2]
        boxes = propose(objectness.detach(), deltas.detach(), t)                   # [B, 9, 2]
        rois = torch.cat([torch.arange(b).repeat_interleave(boxes.shape[1]).float().unsqueeze(1),
                          boxes.reshape(-1, 2)], dim=1)
        rois = torch.stack([rois[:, 0], rois[:, 1], torch.zeros(len(rois)), rois[:, 2], torch.ones(len(rois))], 1)
        pooled = torchvision.ops.roi_align(feature_map.unsqueeze(2), rois, (1, self.bins), 1.0, 2, True)
        h = self.dropout(torch.relu(self.hidden(pooled.reshape(len(rois), -1))))
        regions = boxes.shape[1]
        return (self.classifier(h).reshape(b, regions, -1), self.detector(h).reshape(b, regions, -1),
                objectness, deltas, boxes, t)


def anchors(steps):
    centres = torch.arange(steps).float().unsqueeze(1) + 0.5
    half = ANCHORS.unsqueeze(0) / 2
    return torch.stack([centres - half, centres + half], dim=2).reshape(-1, 2)  # [T'*A, 2]


def propose(objectness, deltas, steps, top=60, keep=8, iou=0.5):
    base = anchors(steps)
    length = base[:, 1] - base[:, 0]
    centre = (base[:, 0] + base[:, 1]) / 2 + deltas[..., 0] * length
    half = length * torch.exp(deltas[..., 1].clamp(max=math.log(4))) / 2
    boxes = torch.stack([(centre - half).clamp(min=0), (centre + half).clamp(max=steps)], dim=2)
    out = []
    for b in range(len(boxes)):
        ok = (boxes[b, :, 1] - boxes[b, :, 0]) >= 1
        scores, order = objectness[b].masked_fill(~ok, -1e9).topk(top)
        candidates = boxes[b, order]
        as_2d = torch.stack([candidates[:, 0], torch.zeros(top), candidates[:, 1], torch.ones(top)], 1)
        kept = candidates[torchvision.ops.nms(as_2d, scores, iou)[:keep]]
        whole = torch.tensor([[0.0, float(steps)]])
        fill = whole.repeat(keep - len(kept), 1)
        out.append(torch.cat([whole, kept, fill]))
    return torch.stack(out)


def interval_iou(a, b):
    inter = (torch.minimum(a[..., 1], b[..., 1]) - torch.maximum(a[..., 0], b[..., 0])).clamp(min=0)
    return inter / ((a[..., 1] - a[..., 0]) + (b[..., 1] - b[..., 0]) - inter).clamp(min=1e-9)


def rcnn_loss(outputs, labels, weights):
    logits, detection, objectness, deltas, boxes, steps = outputs
    whole = F.nll_loss(logits[:, 0].log_softmax(1), labels, weight=weights)
    probabilities = logits.softmax(2)
    pooled = (detection.softmax(1) * probabilities).sum(1).clamp(min=1e-8)
    total = whole + F.nll_loss(pooled.log(), labels, weight=weights)
    index = torch.arange(len(labels))
    best = probabilities[index, 1:, labels].argmax(1) + 1
    target = boxes[index, best]                                                 # [B, 2]
    base = anchors(steps)
    overlap = interval_iou(base.unsqueeze(0), target.unsqueeze(1))             # [B, T'*A]
    positive, negative = overlap >= 0.5, overlap < 0.3
    labelled = positive | negative
    total = total + 0.5 * F.binary_cross_entropy_with_logits(objectness[labelled], positive[labelled].float())
    if positive.any():
        length = (base[:, 1] - base[:, 0]).unsqueeze(0)
        shift = ((target.sum(1, keepdim=True) / 2) - (base.sum(1) / 2).unsqueeze(0)) / length
        stretch = torch.log((target[:, 1:] - target[:, :1]).clamp(min=1) / length)
        wanted = torch.stack([shift, stretch.expand_as(shift)], dim=2)
        total = total + 0.5 * F.smooth_l1_loss(deltas[positive], wanted[positive], beta=1 / 9)
    return total


MODELS = {"cnn-blstm": (CnnBlstm, cnn_loss), "rcnn-blstm": (RcnnBlstm, rcnn_loss)}


def main(model, batch, threads, runs):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    network, loss = MODELS[model]
    net = network()
    optimizer = torch.optim.AdamW(net.parameters(), lr=1e-3, weight_decay=1e-2)
    x = torch.randn(batch, 1, 300, 64)
    y = torch.randint(0, 6, (batch,))
    weights = torch.ones(6)

    def step():
        optimizer.zero_grad()
        loss(net(x), y, weights).backward()
        nn.utils.clip_grad_norm_(net.parameters(), 5.0)
        optimizer.step()

    net.train()
    times = timed(step, 3, runs)
    print(json.dumps({"seconds": times, "torch": torch.__version__,
                      "parameters": sum(p.numel() for p in net.parameters())}))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
