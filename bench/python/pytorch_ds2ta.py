#!/usr/bin/env python3
"""Eager PyTorch implementation of docs/ds2ta-spec.md (inference, one stream, carried state).

The peer baseline of issue 6 and an independent implementation to compare against
`dvstream model run`:

  python3 bench/python/pytorch_ds2ta.py W.safetensors --frames F.safetensors --compare O.safetensors
      runs the frames [S, 2, H, W] as S consecutive steps and compares logits and per-layer spike
      counts with the Java runtime's output file
  python3 bench/python/pytorch_ds2ta.py W.safetensors --steps 30 --threads 2 --density 0.05
      times ms/step on synthetic event frames (each pixel/polarity 1..3 events with probability p)

Written from the spec, not from the Java code. Needs python3-torch (Debian, 1.13) and numpy.
"""
import argparse
import json
import struct
import time

import numpy as np
import torch
import torch.nn.functional as F


def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    meta = header.pop("__metadata__", {})
    base = 8 + n
    tensors = {}
    for name, info in header.items():
        if info["dtype"] != "F32":
            raise ValueError(f"{path}: tensor {name} has dtype {info['dtype']}, expected F32")
        b, e = info["data_offsets"]
        tensors[name] = torch.from_numpy(np.frombuffer(raw[base + b:base + e], dtype="<f4").copy()).reshape(info["shape"])
    return tensors, meta


class Ds2ta:
    def __init__(self, path):
        self.w, meta = read_safetensors(path)
        self.c = json.loads(meta["config"])
        c = self.c
        self.D = c["stemChannels"][-1]
        self.h = c["heads"]
        self.dh = self.D // self.h
        self.W = c["taw"]
        self.tau = float(c["lifTau"])

    def a(self, tau):
        return float(np.exp(-1.0 / tau)) if self.c["decay"] == "exp" else 1.0 - 1.0 / tau

    def bn(self, x, p):  # x [1, C, ...]
        shape = [1, -1] + [1] * (x.dim() - 2)
        std = torch.sqrt(self.w[p + ".running_var"] + float(self.c["bnEps"]))
        return (x - self.w[p + ".running_mean"].view(shape)) / std.view(shape) * self.w[p + ".weight"].view(shape) \
            + self.w[p + ".bias"].view(shape)

    def lif(self, key, x, vth):
        v = self.v.get(key, torch.zeros_like(x))
        h = (x - v) / self.tau + v
        s = (h >= vth).float()
        self.v[key] = h * (1 - s)
        return s

    def gamma(self, key, y, tau):
        hist = self.hist.get(key, [torch.zeros_like(y) for _ in range(self.W - 1)])
        acc = y.clone()
        a = self.a(tau)
        for k in range(1, self.W):
            acc = acc + float(np.float32(a ** k)) * hist[k - 1]
        self.hist[key] = ([y] + hist)[: self.W - 1]
        return acc

    def reset(self):
        self.v, self.hist = {}, {}

    @torch.no_grad()
    def step(self, frame):  # frame [2, H, W]
        c, w, vth = self.c, self.w, float(self.c["vth"])
        spikes = []
        s = frame.unsqueeze(0)
        for i, pool in enumerate(c["stemPool"]):
            o = self.lif(f"stem.{i}", self.bn(F.conv2d(s, w[f"stem.{i}.conv.weight"], padding=1), f"stem.{i}.bn"), vth)
            spikes.append(o)
            s = F.max_pool2d(o, 3, 2, 1) if pool else o
        r = self.lif("rpe", self.bn(F.conv2d(s, w["rpe.conv.weight"], padding=1), "rpe.bn"), vth)
        spikes.append(r)
        x = (s + r).flatten(2)  # [1, D, N]
        n = x.shape[2]
        for l in range(c["blocks"]):
            p = f"blocks.{l}.attn."
            qkv = {}
            for name in "qkv":
                z = torch.einsum("od,bdn->bon", w[p + name + ".weight"], x)
                g = self.gamma(f"{l}.z_{name}", z, float(w[p + "tau_" + name]))
                qkv[name] = self.lif(f"{l}.{name}", self.bn(g, p + name + ".bn"), vth)
                spikes.append(qkv[name])
            vt = self.gamma(f"{l}.v", qkv["v"], float(w[p + "tau_a"]))
            q = qkv["q"].view(1, self.h, self.dh, n)
            k = qkv["k"].view(1, self.h, self.dh, n)
            sc = torch.einsum("bhjn,bhjm->bhnm", q, k).long()  # S_h = Q_h K_h^T  [1, h, N, N]
            if c["nsad"] in (True, "on"):
                lut = w[p + "nsad.lut"]  # [h, d_h + 1]
                att = torch.stack([lut[hh][sc[0, hh]] for hh in range(self.h)]).unsqueeze(0)
            else:
                att = 0.125 * sc.float()
            u = torch.einsum("bhnm,bhjm->bhjn", att, vt.view(1, self.h, self.dh, n)).reshape(1, self.D, n)
            a_s = self.lif(f"{l}.attn", u, float(c["vthAttn"]))
            spikes.append(a_s)
            o = torch.einsum("od,bdn->bon", w[p + "proj.weight"], a_s) + w[p + "proj.bias"].view(1, -1, 1)
            o = self.lif(f"{l}.proj", self.bn(o, p + "proj.bn"), vth)
            spikes.append(o)
            xp = x + o
            m = f"blocks.{l}.mlp."
            h1 = torch.einsum("od,bdn->bon", w[m + "fc1.weight"], xp) + w[m + "fc1.bias"].view(1, -1, 1)
            h1 = self.lif(f"{l}.fc1", self.bn(h1, m + "fc1.bn"), vth)
            h2 = torch.einsum("od,bdn->bon", w[m + "fc2.weight"], h1) + w[m + "fc2.bias"].view(1, -1, 1)
            h2 = self.lif(f"{l}.fc2", self.bn(h2, m + "fc2.bn"), vth)
            spikes += [h1, h2]
            x = xp + h2
        g = x.mean(2)
        z = g @ w["head.weight"].T + w["head.bias"]
        return z[0], [int(t.sum()) for t in spikes]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("weights")
    ap.add_argument("--frames")
    ap.add_argument("--compare")
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--density", type=float, default=0.05)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    m = Ds2ta(a.weights)
    c = m.c
    if a.frames:
        frames = read_safetensors(a.frames)[0]["frames"]
    else:
        rng = np.random.default_rng(2)
        shape = (a.steps, 2, c["inputHeight"], c["inputWidth"])
        active = rng.random(shape) < a.density
        frames = torch.from_numpy((active * rng.integers(1, 4, shape)).astype(np.float32))
    m.reset()
    logits, counts, times = [], [], []
    for t in range(frames.shape[0]):
        t0 = time.perf_counter()
        z, sc = m.step(frames[t])
        times.append((time.perf_counter() - t0) * 1e3)
        logits.append(z.numpy())
        counts.append(sc)
    tail = times[len(times) // 3:]
    print(f"torch {torch.__version__}, {a.threads} thread(s): {len(times)} steps, "
          f"median {np.median(tail):.1f} ms/step, min {np.min(tail):.1f} ms (steps after the first third)")
    if a.compare:
        o = read_safetensors(a.compare)[0]
        jl = o["logits"].numpy()
        js = o["spikes"].numpy().astype(int)
        pl = np.stack(logits)
        ps = np.array(counts)
        print(f"logits max |torch - java| = {np.abs(pl - jl).max():.3g} (max |logit| {np.abs(jl).max():.3g})")
        diff = np.argwhere(ps != js)
        print("spike counts: identical" if len(diff) == 0 else f"spike counts differ at (step, layer) {diff[:5].tolist()}")


if __name__ == "__main__":
    main()
