#!/usr/bin/env python3
"""The blog post's two BPTT algorithms (naive and optimized) in numpy, timed at the bench's table-1 sizes.

Elman RNN language model, float32, one sequence (B = 1), ZERO initial state (the post's
s[-1] wraps around to the last state; here the state before step 0 is an explicit zero row):
    s_t = tanh(U[:, x_t] + W s_{t-1} + b),  y_t = softmax(V s_t + c)
As in the post (and the Swift bench's table 1), the timed functions are the back-propagation
through time proper: they start from dLds[t], the error of output t alone at s_t (computed once,
untimed, by the output layer), and produce dU, dW, db. The one-hot input gradient is written as a
column update of dU (the same as the post's outer product with the one-hot x).

Prints JSON: {"numpy": version, "backward": [{"H":..,"T":..,"naive_ms":..,"optimized_ms":..}]}
Exits non-zero with a message on stderr when numpy is missing.
"""
import argparse
import json
import sys
import time

try:
    import numpy as np
except ImportError:
    sys.stderr.write("numpy is not installed (apt-get install python3-numpy)\n")
    sys.exit(2)


def forward(U, W, b, V, c, x):
    T, H = len(x), W.shape[0]
    s = np.zeros((T + 1, H), dtype=np.float32)  # s[0] is the zero initial state, s[t+1] is s_t
    for t in range(T):
        s[t + 1] = np.tanh(U[:, x[t]] + W @ s[t] + b)
    logits = s[1:] @ V.T + c
    logits -= logits.max(axis=1, keepdims=True)
    p = np.exp(logits)
    p /= p.sum(axis=1, keepdims=True)
    return s, p


def output_layer(V, s, p, y):
    """dV, dc and dL/ds_t from each output alone (the post's dLds)."""
    dy = p.copy()
    dy[np.arange(len(y)), y] -= 1.0
    return dy.T @ s[1:], dy.sum(axis=0), dy @ V


def naive_bptt(U, W, b, x, s, dLds):
    """For every output t, push its error back through all earlier steps at once: O(T^2)."""
    dU = np.zeros_like(U)
    dW = np.zeros_like(W)
    db = np.zeros_like(b)
    for t in range(len(x) - 1, -1, -1):
        delta = dLds[t] * (1.0 - s[t + 1] ** 2)
        for step in range(t, -1, -1):
            dU[:, x[step]] += delta
            dW += np.outer(delta, s[step])  # s[step] is s_{step-1}; zero for step 0
            db += delta
            delta = (W.T @ delta) * (1.0 - s[step] ** 2)
    return dU, dW, db


def optimized_bptt(U, W, b, x, s, dLds):
    """One sweep: dL/ds_{t-1} += W^T (dL/ds_t * (1 - s_t^2)): O(T)."""
    dLds = dLds.copy()  # accumulates into the errors, like the post's self.dLds
    dU = np.zeros_like(U)
    dW = np.zeros_like(W)
    db = np.zeros_like(b)
    for t in range(len(x) - 1, -1, -1):
        delta = dLds[t] * (1.0 - s[t + 1] ** 2)
        dU[:, x[t]] += delta
        dW += np.outer(delta, s[t])
        db += delta
        if t > 0:
            dLds[t - 1] += W.T @ delta
    return dU, dW, db


def best_ms(fn, runs, warmup):
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        t0 = time.thread_time()  # CPU time of this thread, like the Swift bench
        fn()
        samples.append((time.thread_time() - t0) * 1000.0)
    return min(samples)  # the fastest run, like the Swift bench


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="64x25,64x50,128x25", help="comma-separated HxT")
    parser.add_argument("--vocabulary", type=int, default=64)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs before timing")
    parser.add_argument("--check", action="store_true", help="also assert naive == optimized")
    args = parser.parse_args()

    rng = np.random.default_rng(1)
    results = []
    for size in args.sizes.split(","):
        H, T = (int(v) for v in size.split("x"))
        Vn = args.vocabulary
        U = rng.uniform(-1, 1, (H, Vn)).astype(np.float32) / np.sqrt(Vn)
        W = rng.uniform(-1, 1, (H, H)).astype(np.float32) / np.sqrt(H)
        V = rng.uniform(-1, 1, (Vn, H)).astype(np.float32) / np.sqrt(H)
        b = np.zeros(H, dtype=np.float32)
        c = np.zeros(Vn, dtype=np.float32)
        x = rng.integers(0, Vn, T)
        y = rng.integers(0, Vn, T)
        s, p = forward(U, W, b, V, c, x)
        _, _, dLds = output_layer(V, s, p, y)
        if args.check:
            for a, o in zip(naive_bptt(U, W, b, x, s, dLds), optimized_bptt(U, W, b, x, s, dLds)):
                assert np.allclose(a, o, rtol=1e-3, atol=1e-4), "naive and optimized disagree"
        naive = best_ms(lambda: naive_bptt(U, W, b, x, s, dLds), args.runs, args.warmup)
        optimized = best_ms(lambda: optimized_bptt(U, W, b, x, s, dLds), args.runs, args.warmup)
        results.append({"H": H, "T": T, "naive_ms": naive, "optimized_ms": optimized})
    json.dump({"numpy": np.__version__, "backward": results}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
