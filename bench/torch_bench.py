#!/usr/bin/python3
"""Times one SGD training step of a sample's PyTorch twin, for `pcg bench`.

Usage: torch_bench.py MODEL --batch 64 --dtype f32 --threads 1 --steps 50 --rounds 1
Prints one line per round: "torch <model> <dtype> <threads> <median ms> <median cpu ms>",
the medians over the round's steps of the wall time and of this thread's CPU time.

With --serve it prints "ready" after the warm-up and then runs one round for every line
"round [STEPS]" read from stdin, until "quit" or the end of input: `pcg bench` drives it that way
so that its own rounds and PyTorch's alternate and meet the same load.
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

# Untimed steps at the start of each round, as pcg bench takes (RoundTimer.SETTLE_STEPS).
SETTLE_STEPS = 2

MODEL_NAMES = ["deep_mlp", "lenet5", "mlp", "resnet", "rnn", "transformer"]


def limit_threads(threads):
    """OpenBLAS and OpenMP read their thread counts when they load, so these variables must
    be set before torch is imported; torch.set_num_threads alone leaves OpenBLAS on every
    core (threadpoolctl, when installed, also limits a pool loaded earlier)."""
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(threads)
    import torch
    torch.set_num_threads(threads)
    try:
        from threadpoolctl import threadpool_limits
        threadpool_limits(threads)
    except ImportError:
        pass


def step_fn(name, dtype, batch):
    import torch
    import torch_models

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
    ap.add_argument("model")
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--dtype", choices=["f32", "f64"], default="f32")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--steps", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--serve", action="store_true")
    a = ap.parse_args()
    # One line each, for pcg bench to quote when it times pcg alone.
    if a.model not in MODEL_NAMES:
        print(f"no PyTorch twin of model '{a.model}' (bench/torch_bench.py has "
              f"{', '.join(MODEL_NAMES)}, the samples, matched by model name)", flush=True)
        sys.exit(2)
    try:
        limit_threads(a.threads)
    except ImportError:
        print(f"PyTorch is not installed for {sys.executable} (Debian: python3-torch)",
              flush=True)
        sys.exit(2)
    import torch
    dtype = torch.float32 if a.dtype == "f32" else torch.float64
    step = step_fn(a.model, dtype, a.batch)
    for _ in range(a.warmup):
        step()
    if not a.serve:
        for _ in range(a.rounds):
            run_round(a, step, a.steps)
        return
    print("ready", flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words or words[0] != "round":
            break
        run_round(a, step, int(words[1]) if len(words) > 1 else a.steps)


def run_round(a, step, steps):
    for _ in range(SETTLE_STEPS):
        step()
    wall, cpu = [], []
    for _ in range(steps):
        t0, c0 = time.perf_counter(), time.thread_time()
        step()
        wall.append((time.perf_counter() - t0) * 1000.0)
        cpu.append((time.thread_time() - c0) * 1000.0)
    print(f"torch {a.model} {a.dtype} {a.threads} {statistics.median(wall):.4f}"
          f" {statistics.median(cpu):.4f}", flush=True)


if __name__ == "__main__":
    main()
