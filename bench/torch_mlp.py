#!/usr/bin/python3
"""The chapter's four models in PyTorch, for timing and accuracy comparisons
with mlplab-cli on the same machine (bench/compare.sh runs both).

Two input pipelines:
  preloaded   all images as one uint8 tensor; each batch is indexed, converted
              to float and divided by 255 (the fastest honest PyTorch loop)
  d2l         the d2l way: torchvision's FashionMNIST with d2l's transforms
              (Resize((28, 28)), ToTensor()) batched by a DataLoader with shuffle
              and 4 workers, as d2l.FashionMNIST(batch_size=256) does; needs
              python3-torchvision
The models are the notebook's code, trained with SGD(lr) and cross-entropy
exactly as d2l.Trainer does; one validation pass after every epoch.
"""
import argparse
import gzip
import json
import os
import resource
import sys
import time

import numpy as np
import torch
from torch import nn


def read_idx(path):
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'rb') as f:
        data = f.read()
    ndim = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], 'big') for i in range(ndim)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load(folder):
    def find(stem):
        for name in (stem + '.gz', stem):
            if os.path.exists(os.path.join(folder, name)):
                return os.path.join(folder, name)
        raise FileNotFoundError(stem)
    return (read_idx(find('train-images-idx3-ubyte')), read_idx(find('train-labels-idx1-ubyte')),
            read_idx(find('t10k-images-idx3-ubyte')), read_idx(find('t10k-labels-idx1-ubyte')))


def relu(X):
    a = torch.zeros_like(X)
    return torch.max(X, a)


def dropout_layer(X, dropout):
    assert 0 <= dropout <= 1
    if dropout == 1:
        return torch.zeros_like(X)
    mask = (torch.rand(X.shape) > dropout).float()
    return mask * X / (1.0 - dropout)


class MLPScratch(nn.Module):
    def __init__(self, num_inputs=784, num_outputs=10, num_hiddens=256, sigma=0.01):
        super().__init__()
        self.num_inputs = num_inputs
        self.W1 = nn.Parameter(torch.randn(num_inputs, num_hiddens) * sigma)
        self.b1 = nn.Parameter(torch.zeros(num_hiddens))
        self.W2 = nn.Parameter(torch.randn(num_hiddens, num_outputs) * sigma)
        self.b2 = nn.Parameter(torch.zeros(num_outputs))

    def forward(self, X):
        X = X.reshape((-1, self.num_inputs))
        H = relu(torch.matmul(X, self.W1) + self.b1)
        return torch.matmul(H, self.W2) + self.b2


class MLP(nn.Module):
    def __init__(self, num_outputs=10, num_hiddens=256):
        super().__init__()
        self.net = nn.Sequential(nn.Flatten(), nn.LazyLinear(num_hiddens),
                                 nn.ReLU(), nn.LazyLinear(num_outputs))

    def forward(self, X):
        return self.net(X)


class DropoutMLPScratch(nn.Module):
    def __init__(self, num_outputs=10, num_hiddens_1=256, num_hiddens_2=256,
                 dropout_1=0.5, dropout_2=0.5):
        super().__init__()
        self.dropout_1, self.dropout_2 = dropout_1, dropout_2
        self.lin1 = nn.LazyLinear(num_hiddens_1)
        self.lin2 = nn.LazyLinear(num_hiddens_2)
        self.lin3 = nn.LazyLinear(num_outputs)
        self.relu = nn.ReLU()

    def forward(self, X):
        H1 = self.relu(self.lin1(X.reshape((X.shape[0], -1))))
        if self.training:
            H1 = dropout_layer(H1, self.dropout_1)
        H2 = self.relu(self.lin2(H1))
        if self.training:
            H2 = dropout_layer(H2, self.dropout_2)
        return self.lin3(H2)


class DropoutMLP(nn.Module):
    def __init__(self, num_outputs=10, num_hiddens_1=256, num_hiddens_2=256,
                 dropout_1=0.5, dropout_2=0.5):
        super().__init__()
        self.net = nn.Sequential(
            nn.Flatten(), nn.LazyLinear(num_hiddens_1), nn.ReLU(),
            nn.Dropout(dropout_1), nn.LazyLinear(num_hiddens_2), nn.ReLU(),
            nn.Dropout(dropout_2), nn.LazyLinear(num_outputs))

    def forward(self, X):
        return self.net(X)


MODELS = {'mlp-scratch': MLPScratch, 'mlp': MLP,
          'dropout-scratch': DropoutMLPScratch, 'dropout': DropoutMLP}


def d2l_loaders(folder, batch_size):
    """d2l.FashionMNIST: torchvision's data set reads the uncompressed IDX files
    from root/FashionMNIST/raw, which we lay out in a temporary folder."""
    import tempfile
    import torchvision
    from torchvision import transforms

    root = tempfile.mkdtemp(prefix='mlplab-bench-')
    raw = os.path.join(root, 'FashionMNIST', 'raw')
    os.makedirs(raw)
    for stem in ('train-images-idx3-ubyte', 'train-labels-idx1-ubyte',
                 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'):
        src = os.path.join(folder, stem + '.gz')
        with (gzip.open(src) if os.path.exists(src) else open(os.path.join(folder, stem), 'rb')) as f, \
                open(os.path.join(raw, stem), 'wb') as g:
            g.write(f.read())
    trans = transforms.Compose([transforms.Resize((28, 28)), transforms.ToTensor()])
    train = torchvision.datasets.FashionMNIST(root=root, train=True, transform=trans, download=False)
    val = torchvision.datasets.FashionMNIST(root=root, train=False, transform=trans, download=False)
    return (torch.utils.data.DataLoader(train, batch_size, shuffle=True, num_workers=4),
            torch.utils.data.DataLoader(val, batch_size, shuffle=False, num_workers=4))


def batches_preloaded(X, y, batch_size, shuffle):
    n = len(y)
    order = torch.randperm(n) if shuffle else torch.arange(n)
    for s in range(0, n, batch_size):
        idx = order[s:s + batch_size]
        yield X[idx].float().div_(255.0).unsqueeze(1), y[idx]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--model', default='mlp-scratch', choices=MODELS)
    ap.add_argument('--mode', default='preloaded', choices=['preloaded', 'd2l'])
    ap.add_argument('--epochs', type=int, default=1)
    ap.add_argument('--lr', type=float, default=0.1)
    ap.add_argument('--batch-size', type=int, default=256)
    ap.add_argument('--threads', type=int, default=0, help='torch.set_num_threads (0: PyTorch default)')
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--data', default='/usr/share/datasets/fashion-mnist')
    ap.add_argument('--json', help='write a summary here')
    a = ap.parse_args()

    if a.threads:
        torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    t0 = time.perf_counter()
    Xtr, ytr, Xva, yva = load(a.data)
    load_seconds = time.perf_counter() - t0

    model = MODELS[a.model]()
    model(torch.zeros(1, 1, 28, 28))  # materialise the lazy layers
    opt = torch.optim.SGD(model.parameters(), lr=a.lr)
    loss_fn = nn.CrossEntropyLoss()

    if a.mode == 'preloaded':
        Xtr_t, ytr_t = torch.from_numpy(Xtr.copy()), torch.from_numpy(ytr.astype(np.int64))
        Xva_t, yva_t = torch.from_numpy(Xva.copy()), torch.from_numpy(yva.astype(np.int64))
        train_iter = lambda: batches_preloaded(Xtr_t, ytr_t, a.batch_size, True)
        val_iter = lambda: batches_preloaded(Xva_t, yva_t, a.batch_size, False)
    else:
        tr, va = d2l_loaders(a.data, a.batch_size)
        train_iter, val_iter = lambda: iter(tr), lambda: iter(va)

    epochs = []
    for epoch in range(a.epochs):
        t = time.perf_counter()
        model.train()
        total, n = 0.0, 0
        for X, y in train_iter():
            loss = loss_fn(model(X), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(y)
            n += len(y)
        model.eval()
        vl, correct, m = 0.0, 0, 0
        with torch.no_grad():
            for X, y in val_iter():
                out = model(X)
                vl += loss_fn(out, y).item() * len(y)
                correct += (out.argmax(1) == y).sum().item()
                m += len(y)
        sec = time.perf_counter() - t
        epochs.append({'train_loss': total / n, 'val_loss': vl / m, 'val_acc': correct / m, 'seconds': sec})
        print(f"epoch {epoch + 1:2d}/{a.epochs}  train_loss {total / n:.4f}  val_loss {vl / m:.4f}  "
              f"val_acc {correct / m:.4f}  {sec:.2f} s", flush=True)

    summary = {'model': a.model, 'mode': a.mode, 'threads': torch.get_num_threads(),
               'torch': torch.__version__, 'load_seconds': load_seconds,
               'epoch_seconds': [e['seconds'] for e in epochs],
               'val_acc_curve': [e['val_acc'] for e in epochs],
               'val_acc': epochs[-1]['val_acc'],
               'peak_rss_mib': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    if a.json:
        with open(a.json, 'w') as f:
            json.dump(summary, f, indent=1)
    return 0


if __name__ == '__main__':
    sys.exit(main())
