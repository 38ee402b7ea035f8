"""PyTorch versions of the samples in samples/, written independently of pcg.

Each model is a function forward(params, x) on a batch, with parameters in a dict keyed by
the names pcg gives them (layer instances as "h1.W"). Both the reference generator
(make_reference.py) and the speed benchmark (bench/torch_bench.py) use these definitions, so
the model pcg is compared with is the one pcg is timed against.
"""
import numpy as np
import torch
import torch.nn.functional as F


def _dense(x, w, b):
    return x @ w.T + b


def mlp(p, x):
    h1 = torch.relu(_dense(x.reshape(x.shape[0], -1), p["W1"], p["b1"]))
    h2 = torch.relu(_dense(h1, p["W2"], p["b2"]))
    return _dense(h2, p["W3"], p["b3"])


DEEP_SIZES = [("h1", 256, 784), ("h2", 256, 256), ("h3", 128, 256), ("h4", 128, 128),
              ("h5", 64, 128), ("h6", 64, 64)]


def deep_mlp(p, x):
    h = x.reshape(x.shape[0], -1)
    for name, _, _ in DEEP_SIZES:
        h = torch.relu(_dense(h, p[name + ".W"], p[name + ".b"]))
    return _dense(h, p["Wo"], p["bo"])


def lenet5(p, x):
    x = x.reshape(x.shape[0], 1, 28, 28)
    conv1 = torch.relu(F.conv2d(x, p["K1"], padding=2) + p["c1"])
    pool1 = F.avg_pool2d(conv1, 2)
    conv2 = torch.relu(F.conv2d(pool1, p["K2"]) + p["c2"])
    pool2 = F.max_pool2d(conv2, 2).reshape(x.shape[0], -1)
    fc3 = torch.relu(_dense(pool2, p["W3"], p["b3"]))
    fc4 = torch.relu(_dense(fc3, p["W4"], p["b4"]))
    return _dense(fc4, p["W5"], p["b5"])


def _residual(p, name, x):
    inner = torch.relu(F.conv2d(x, p[name + ".K1"], padding=1) + p[name + ".c1"])
    return torch.relu(F.conv2d(inner, p[name + ".K2"], padding=1) + p[name + ".c2"] + x)


def resnet(p, x):
    n = x.shape[0]
    x = x.reshape(n, 1, 28, 28)
    stem = torch.relu(F.conv2d(x, p["K0"], stride=2, padding=1) + p["c0"])
    block1 = _residual(p, "block1", stem)
    pooled = F.max_pool2d(block1, 2)
    block2 = _residual(p, "block2", pooled)
    skip = F.avg_pool2d(stem, 2).reshape(n, -1)
    return _dense(block2.reshape(n, -1), p["Wf"], p["bf"]) + skip @ p["Ws"].T


def rnn(p, x):
    x = x.reshape(x.shape[0], 28, 28)
    h = torch.zeros(x.shape[0], 128, dtype=x.dtype)
    for t in range(28):
        h = torch.tanh(h @ p["Wh"].T + x[:, t, :] @ p["Wx"].T + p["b"])
    return _dense(h, p["Wo"], p["bo"])


def transformer(p, x):
    n = x.shape[0]
    patches = x.reshape(n, 4, 7, 4, 7).permute(0, 1, 3, 2, 4).reshape(n, 16, 49)
    tokens = patches @ p["E"] + p["pos"]
    normed = F.layer_norm(tokens, (32,), p["g1"], p["n1"], 1e-5)
    q, k, v = normed @ p["Wq"], normed @ p["Wk"], normed @ p["Wv"]
    weights = torch.softmax(q @ k.transpose(1, 2) / 5.656854, dim=-1)
    attended = tokens + (weights @ v) @ p["Wo"]
    hidden = torch.relu(F.layer_norm(attended, (32,), p["g2"], p["n2"], 1e-5) @ p["M1"]
                        + p["m1"])
    encoded = attended + hidden @ p["M2"] + p["m2"]
    pooled = encoded.mean(dim=1)
    return _dense(pooled, p["C"], p["c"])


def _shapes():
    deep = {}
    for name, out, inp in DEEP_SIZES:
        deep[name + ".W"], deep[name + ".b"] = (out, inp), (out,)
    deep.update({"Wo": (10, 64), "bo": (10,)})
    res = {"K0": (8, 1, 3, 3), "c0": (8, 1, 1), "Wf": (10, 392), "Ws": (10, 392),
           "bf": (10,)}
    for b in ("block1", "block2"):
        res.update({b + ".K1": (8, 8, 3, 3), b + ".c1": (8, 1, 1),
                    b + ".K2": (8, 8, 3, 3), b + ".c2": (8, 1, 1)})
    return {
        "mlp": {"W1": (256, 784), "b1": (256,), "W2": (256, 256), "b2": (256,),
                "W3": (10, 256), "b3": (10,)},
        "deep_mlp": deep,
        "lenet5": {"K1": (6, 1, 5, 5), "c1": (6, 1, 1), "K2": (16, 6, 5, 5),
                   "c2": (16, 1, 1), "W3": (120, 400), "b3": (120,), "W4": (84, 120),
                   "b4": (84,), "W5": (10, 84), "b5": (10,)},
        "resnet": res,
        "rnn": {"Wx": (128, 28), "Wh": (128, 128), "b": (128,), "Wo": (10, 128),
                "bo": (10,)},
        "transformer": {"E": (49, 32), "pos": (16, 32), "g1": (32,), "n1": (32,),
                        "Wq": (32, 32), "Wk": (32, 32), "Wv": (32, 32), "Wo": (32, 32),
                        "g2": (32,), "n2": (32,), "M1": (32, 64), "m1": (64,),
                        "M2": (64, 32), "m2": (32,), "C": (10, 32), "c": (10,)},
    }


MODELS = {"mlp": mlp, "deep_mlp": deep_mlp, "lenet5": lenet5, "resnet": resnet,
          "rnn": rnn, "transformer": transformer}
SHAPES = _shapes()


def random_params(name, seed):
    """Weights scaled like a fan-in initialisation; vectors get small non-zero values so
    that biases, gains and offsets are all exercised."""
    rng = np.random.default_rng(seed)
    params = {}
    for key, shape in SHAPES[name].items():
        fan_in = int(np.prod(shape[1:])) if len(shape) > 1 else shape[0]
        scale = np.sqrt(2.0 / fan_in) if len(shape) > 1 and shape[-1] > 1 else 0.1
        params[key] = rng.normal(0.0, scale, shape)
    return params
