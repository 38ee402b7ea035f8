#!/usr/bin/python3
"""Expected BP parameter updates of samples/mlp.pcg, computed independently with PyTorch.

Writes mlp_reference.npz beside this script with:
  param.<name>   the weights the update starts from (float64)
  input.image    a batch of the first 16 Fashion-MNIST training images, scaled to [0, 1]
  target.label   their one-hot labels
  update.<name>  -dL/dparam for the mean-reduced softmax cross-entropy (delta-shaped, as pcg)
  loss           the batch loss

Run with Debian's python3 (python3-torch, python3-numpy) and the dataset-fashion-mnist
package:  /usr/bin/python3 src/test/resources/reference/make_mlp_reference.py
The architecture below must match samples/mlp.pcg; the Java test names the sample it checks.
"""
import gzip
import os

import numpy as np
import torch

DATA = "/usr/share/datasets/fashion-mnist"
BATCH = 16
SEED = 20261203
SIZES = [784, 256, 256, 10]


def read_idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def main():
    images = read_idx(os.path.join(DATA, "train-images-idx3-ubyte.gz"))[:BATCH]
    labels = read_idx(os.path.join(DATA, "train-labels-idx1-ubyte.gz"))[:BATCH]
    x = torch.tensor(images.reshape(BATCH, 784) / 255.0, dtype=torch.float64)
    onehot = np.eye(10)[labels]

    rng = np.random.default_rng(SEED)
    params = {}
    for i, (fan_in, fan_out) in enumerate(zip(SIZES[:-1], SIZES[1:]), start=1):
        params[f"W{i}"] = rng.normal(0.0, np.sqrt(2.0 / fan_in), (fan_out, fan_in))
        params[f"b{i}"] = rng.normal(0.0, 0.1, (fan_out,))
    tensors = {k: torch.tensor(v, requires_grad=True) for k, v in params.items()}

    h = x
    for i in range(1, len(SIZES)):
        h = h @ tensors[f"W{i}"].T + tensors[f"b{i}"]
        if i < len(SIZES) - 1:
            h = torch.relu(h)
    loss = torch.nn.functional.cross_entropy(h, torch.tensor(labels, dtype=torch.long))
    loss.backward()

    out = {f"param.{k}": v for k, v in params.items()}
    out.update({f"update.{k}": -t.grad.numpy() for k, t in tensors.items()})
    out["input.image"] = x.numpy()
    out["target.label"] = onehot
    out["loss"] = np.array(loss.item())
    here = os.path.dirname(os.path.abspath(__file__))
    np.savez(os.path.join(here, "mlp_reference.npz"), **out)


if __name__ == "__main__":
    main()
