#!/usr/bin/env python3
"""The PyTorch side of verification/bench/run.sh: the same workloads as
`java -jar target/spectral-ssl.jar bench NAME`, timed the same way (warm-up runs, then the median
of timed repeats), printed as one JSON object per call.

The losses come from verification/torch/spectral_ssl_torch.py (written from spec/SPEC.md, not from
the Java code): IterNorm differentiated by autograd, ST's eigendecomposition by torch.linalg.eigh
(LAPACK) with the Daleckii-Krein backward of SPEC E17, as the Java code does.

Usage: torch_bench.py NAME [--m M] [--d D] [--T T] [--p P] [--n N] [--mode MODE] [--dtype DT]
                           [--batch B] [--threads N] [--repeats R] [--warmup W]
NAME: intl, st, train-step, gemm.
"""
import argparse
import json
import math
import os
import sys
import time

# OpenBLAS reads its thread count when torch loads it: match --threads (torch.set_num_threads
# below sets the OpenMP side).
_t = sys.argv[sys.argv.index("--threads") + 1] if "--threads" in sys.argv else "2"
os.environ["OPENBLAS_NUM_THREADS"] = _t
os.environ["OMP_NUM_THREADS"] = _t

import torch  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "torch"))
import spectral_ssl_torch as ref  # noqa: E402


def timed(work, warmup, repeats):
    for _ in range(warmup):
        work()
    t = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        work()
        t.append(time.perf_counter() - t0)
    s = sorted(t)
    med = s[len(s) // 2] if len(s) % 2 else 0.5 * (s[len(s) // 2 - 1] + s[len(s) // 2])
    return med, t


def dtype_of(name):
    return {"float32": torch.float32, "float64": torch.float64}[name]


def intl(a):
    dt = dtype_of(a.dtype)
    torch.set_default_dtype(dt)
    g = torch.Generator().manual_seed(1)
    z1 = torch.randn(a.m, a.d, generator=g, dtype=dt).requires_grad_()
    z2 = torch.randn(a.m, a.d, generator=g, dtype=dt).requires_grad_()
    n = a.m if a.mode == "samples" else a.d
    beta = ref.beta_rule(n)
    out = {}

    def work():
        z1.grad = None
        z2.grad = None
        h1 = ref.iternorm_transform(z1, a.mode, "unbiased", a.T)[0]
        h2 = ref.iternorm_transform(z2, a.mode, "unbiased", a.T)[0]
        loss = ref.alignment(h1, h2) + beta * (ref.trace_loss(h1, a.mode, "unbiased")
                                              + ref.trace_loss(h2, a.mode, "unbiased"))
        loss.backward()
        out["loss"] = loss.item()

    med, t = timed(work, a.warmup, a.repeats)
    return med, t, {"mode": a.mode, "m": a.m, "d": a.d, "T": a.T, "dtype": a.dtype, "loss": out["loss"]}


def st(a):
    dt = dtype_of(a.dtype)
    torch.set_default_dtype(dt)
    g = torch.Generator().manual_seed(1)
    z = torch.randn(a.m, a.d, generator=g, dtype=dt).requires_grad_()
    go = torch.randn(a.m, a.d, generator=g, dtype=dt)

    def work():
        z.grad = None
        zhat = ref.st_transform(z, a.mode, "unbiased", {"g": "power", "p": a.p}, None)[0]
        zhat.backward(go)

    med, t = timed(work, a.warmup, a.repeats)
    # The eigendecomposition alone, for the split.
    with torch.no_grad():
        sigma = z.t() @ z
    emed, _ = timed(lambda: torch.linalg.eigh(sigma), min(1, a.warmup), a.repeats)
    return med, t, {"mode": a.mode, "m": a.m, "d": a.d, "p": a.p, "dtype": a.dtype, "eig_median_s": emed}


def train_step(a):
    """The default model of `train` (TrainConfig.DEFAULTS): MLP 784-512-512 (Linear no bias, BN, ReLU),
    projector 512-512-512-128 (two Linear-BN-ReLU, then Linear with bias), INTL in features mode,
    T = 4, beta by the rule, SGD lr 0.05 momentum 0.9 weight decay 1e-4, two views; all float32."""
    torch.set_default_dtype(torch.float32)
    torch.manual_seed(1)
    nn = torch.nn

    def block(i, o):
        return [nn.Linear(i, o, bias=False), nn.BatchNorm1d(o), nn.ReLU()]

    net = nn.Sequential(*block(784, 512), *block(512, 512), *block(512, 512), *block(512, 512),
                        nn.Linear(512, 128))
    opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9, weight_decay=1e-4)
    x1 = torch.rand(a.batch, 784)
    x2 = torch.rand(a.batch, 784)
    beta = ref.beta_rule(128)

    def work():
        opt.zero_grad()
        h1 = ref.iternorm_transform(net(x1), "features", "unbiased", 4)[0]
        h2 = ref.iternorm_transform(net(x2), "features", "unbiased", 4)[0]
        loss = ref.alignment(h1, h2) + beta * (ref.trace_loss(h1, "features", "unbiased")
                                              + ref.trace_loss(h2, "features", "unbiased"))
        loss.backward()
        opt.step()

    med, t = timed(work, a.warmup, a.repeats)
    return med, t, {"encoder": "mlp", "hidden": [512, 512], "projector": [512, 512, 128], "batch": a.batch,
                    "views": 2, "method": "intl", "mode": "features", "T": 4, "optimizer": "sgd",
                    "dtype": "float32", "loss_dtype": "float32"}


def gemm(a):
    dt = dtype_of(a.dtype)
    g = torch.Generator().manual_seed(1)
    x = torch.randn(a.n, a.n, generator=g, dtype=dt)
    y = torch.randn(a.n, a.n, generator=g, dtype=dt)
    med, t = timed(lambda: x @ y, a.warmup, a.repeats)
    return med, t, {"n": a.n, "dtype": a.dtype, "gflops": 2.0 * a.n ** 3 / med / 1e9}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("name", choices=["intl", "st", "train-step", "gemm"])
    p.add_argument("--mode", default=None)
    p.add_argument("--m", type=int, default=None)
    p.add_argument("--d", type=int, default=None)
    p.add_argument("--T", type=int, default=4)
    p.add_argument("--p", type=float, default=0.5)
    p.add_argument("--n", type=int, default=1024)
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--dtype", default=None)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--repeats", type=int, default=10)
    p.add_argument("--warmup", type=int, default=3)
    # Java's bench train-step takes --loss-dtype float64|float32 (its loss's precision); the same option is
    # accepted here so that the two commands pair up, and ignored: PyTorch's step is float32 throughout,
    # the twin of both Java rows.
    p.add_argument("--loss-dtype", default="float32", choices=["float32", "float64"])
    a = p.parse_args()
    defaults = {"intl": ("samples", 256, 2048, "float32"), "st": ("features", 1024, 512, "float64"),
                "train-step": (None, None, None, "float32"), "gemm": (None, None, None, "float32")}[a.name]
    a.mode = a.mode or defaults[0]
    a.m = a.m or defaults[1]
    a.d = a.d or defaults[2]
    a.dtype = a.dtype or defaults[3]
    torch.set_num_threads(a.threads)
    fn = {"intl": intl, "st": st, "train-step": train_step, "gemm": gemm}[a.name]
    med, t, settings = fn(a)
    out = {"bench": a.name, "median_s": med, "min_s": min(t), "max_s": max(t), "repeats": a.repeats,
           "warmup": a.warmup, "threads": torch.get_num_threads()}
    out.update(settings)
    out["torch"] = torch.__version__
    out["blas"] = blas_info()
    out["times_s"] = t
    print(json.dumps(out))


def blas_info():
    """Which BLAS the process loaded (from /proc/self/maps), e.g. openblas-pthread."""
    try:
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if "blas" in line or "lapack" in line}
        return sorted(os.path.basename(os.path.dirname(x)) + "/" + os.path.basename(x) for x in libs)
    except OSError:
        return []


if __name__ == "__main__":
    main()
