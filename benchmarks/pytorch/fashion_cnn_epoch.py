#!/usr/bin/env python3
"""Times one training epoch of the fashion-cnn example's model in PyTorch.

The same network as Nabla's `fashion-cnn` example (conv 3x3 1->32, ReLU, max-pool 2,
conv 3x3 32->64, ReLU, max-pool 2, linear 3136->128, ReLU, dropout 0.3, linear 128->10),
the same batch size (64), optimizer (Adam, lr 1e-3) and training-set size (54,000 images:
the 60,000 training images less the 10% held out for validation). Reads the IDX files of
Debian's dataset-fashion-mnist package.

    OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 benchmarks/pytorch/fashion_cnn_epoch.py --threads 2
"""
import argparse
import gzip
import os
import time

import numpy as np
import torch
from torch import nn


def read_idx(path):
    with (gzip.open if path.endswith(".gz") else open)(path, "rb") as f:
        data = f.read()
    ndim = data[3]
    shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--epochs", type=int, default=2, help="epochs timed (the first one is reported too)")
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    x = read_idx(os.path.join(a.data, "train-images-idx3-ubyte.gz"))[:54000]
    y = read_idx(os.path.join(a.data, "train-labels-idx1-ubyte.gz"))[:54000]
    x = torch.from_numpy(x.astype(np.float32) / 255).reshape(-1, 1, 28, 28)
    y = torch.from_numpy(y.astype(np.int64))
    model = nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Dropout(0.3), nn.Linear(128, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(a.epochs):
        order = torch.randperm(len(x))
        start = time.perf_counter()
        total = 0.0
        for i in range(0, len(x), 64):
            idx = order[i:i + 64]
            opt.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        seconds = time.perf_counter() - start
        print(f"epoch {epoch + 1}: {seconds:.1f} s, mean training loss {total / len(x):.4f}")


if __name__ == "__main__":
    main()
