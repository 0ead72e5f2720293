#!/usr/bin/env python3
"""One training step of ser's CNN-BLSTM baseline, written in PyTorch: forward, weighted NLL, backward,
gradient clipping, AdamW step. Same layers and sizes as ser's SerNet with architecture CNN_BLSTM
(3x3 conv + batch norm + ReLU + max-pool blocks of 16/32/64 channels pooling time by 2/2/1, a BLSTM of
2x96, mean over time, 128 hidden units, 6 classes, dropout 0.3).

Usage: train_reference.py BATCH THREADS RUNS      Prints one JSON object.
"""
import json
import sys
import time

import torch
from torch import nn


class CnnBlstm(nn.Module):
    def __init__(self, mels=64, classes=6, channels=(16, 32, 64), pools=(2, 2, 1), hidden=96, head=128, dropout=0.3):
        super().__init__()
        blocks, inputs = [], 1
        for out, pool in zip(channels, pools):
            blocks += [nn.Conv2d(inputs, out, 3, padding=1, bias=False), nn.BatchNorm2d(out), nn.ReLU(),
                       nn.MaxPool2d((pool, 2))]
            inputs = out
        self.cnn = nn.Sequential(*blocks)
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


def main(batch, threads, runs):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    net = CnnBlstm()
    optimizer = torch.optim.AdamW(net.parameters(), lr=1e-3, weight_decay=1e-2)
    x = torch.randn(batch, 1, 300, 64)
    y = torch.randint(0, 6, (batch,))
    weights = torch.ones(6)

    def step():
        optimizer.zero_grad()
        loss = nn.functional.nll_loss(net(x).log_softmax(1), y, weight=weights)
        loss.backward()
        nn.utils.clip_grad_norm_(net.parameters(), 5.0)
        optimizer.step()

    net.train()
    for _ in range(3):
        step()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    print(json.dumps({"seconds": times, "torch": torch.__version__,
                      "parameters": sum(p.numel() for p in net.parameters())}))


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
