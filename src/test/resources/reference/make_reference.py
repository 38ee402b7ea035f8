#!/usr/bin/python3
"""Expected BP parameter updates of the samples, computed independently with PyTorch.

For each sample named on the command line (default: all in torch_models.MODELS), writes
<sample>_reference.npz beside this script with:
  param.<name>   the weights the update starts from (float64)
  input.image    the first 8 Fashion-MNIST training images, scaled to [0, 1], flattened
  target.label   their one-hot labels
  update.<name>  -dL/dparam for the mean-reduced softmax cross-entropy (delta-shaped, as pcg)
  loss           the batch loss

Run with Debian's python3 (packages python3-torch, python3-numpy, dataset-fashion-mnist):
  /usr/bin/python3 src/test/resources/reference/make_reference.py [sample ...]
"""
import gzip
import os
import sys

import numpy as np
import torch

import torch_models

DATA = "/usr/share/datasets/fashion-mnist"
BATCH = 8
SEED = 20261203


def read_idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def reference(name, images, labels):
    params = torch_models.random_params(name, SEED)
    tensors = {k: torch.tensor(v, requires_grad=True) for k, v in params.items()}
    x = torch.tensor(images.reshape(BATCH, 784) / 255.0, dtype=torch.float64)
    logits = torch_models.MODELS[name](tensors, x)
    loss = torch.nn.functional.cross_entropy(logits, torch.tensor(labels, dtype=torch.long))
    loss.backward()
    out = {f"param.{k}": v for k, v in params.items()}
    out.update({f"update.{k}": -t.grad.numpy() for k, t in tensors.items()})
    out["input.image"] = x.numpy()
    out["target.label"] = np.eye(10)[labels]
    out["loss"] = np.array(loss.item())
    return out


def main(names):
    images = read_idx(os.path.join(DATA, "train-images-idx3-ubyte.gz"))[:BATCH]
    labels = read_idx(os.path.join(DATA, "train-labels-idx1-ubyte.gz"))[:BATCH]
    here = os.path.dirname(os.path.abspath(__file__))
    for name in names:
        np.savez(os.path.join(here, f"{name}_reference.npz"), **reference(name, images, labels))


if __name__ == "__main__":
    torch.set_num_threads(1)
    main(sys.argv[1:] or list(torch_models.MODELS))
