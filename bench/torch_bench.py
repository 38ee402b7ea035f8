#!/usr/bin/python3
"""Times one SGD training step of a sample's PyTorch twin, for `pcg bench`.

Usage: torch_bench.py MODEL --batch 64 --dtype f32 --threads 1 --steps 50 --rounds 1
Prints one line per round: "torch <model> <dtype> <threads> <median ms per step>".
The models come from src/test/resources/reference/torch_models.py, the same definitions the
BP reference values were made with. Inputs are random, the step is forward, cross-entropy,
backward and an in-place SGD update, as in pcg's step.
"""
import argparse
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "src", "test", "resources", "reference"))

import torch  # noqa: E402

import torch_models  # noqa: E402


def limit_threads(threads):
    torch.set_num_threads(threads)
    try:
        from threadpoolctl import threadpool_limits
        threadpool_limits(threads)
    except ImportError:
        pass


def step_fn(name, dtype, batch):
    params = {k: torch.tensor(v, dtype=dtype, requires_grad=True)
              for k, v in torch_models.random_params(name, 1).items()}
    x = torch.rand(batch, 784, dtype=dtype)
    y = torch.randint(0, 10, (batch,))
    model = torch_models.MODELS[name]

    def step():
        for p in params.values():
            p.grad = None
        loss = torch.nn.functional.cross_entropy(model(params, x), y)
        loss.backward()
        with torch.no_grad():
            for p in params.values():
                p.add_(p.grad, alpha=-0.01)
    return step


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model", choices=sorted(torch_models.MODELS))
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--dtype", choices=["f32", "f64"], default="f32")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--steps", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--warmup", type=int, default=20)
    a = ap.parse_args()
    limit_threads(a.threads)
    dtype = torch.float32 if a.dtype == "f32" else torch.float64
    step = step_fn(a.model, dtype, a.batch)
    for _ in range(a.warmup):
        step()
    for _ in range(a.rounds):
        times = []
        for _ in range(a.steps):
            t0 = time.perf_counter()
            step()
            times.append((time.perf_counter() - t0) * 1000.0)
        print(f"torch {a.model} {a.dtype} {a.threads} {statistics.median(times):.4f}",
              flush=True)


if __name__ == "__main__":
    main()
