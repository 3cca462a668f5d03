#!/usr/bin/env python3
"""The numpy baseline for docs/benchmarks.md: bins the same recording into the same frames as
FrameBinner (causal fixed-dt count frames [T, 2, 128, 128], origin = first event rounded down to a
multiple of dt) the way common Python tools do, with np.add.at and with np.bincount, and prints
events/s for the binning alone (decoding the file is not timed).

    python3 bench/numpy_binning.py ../shared/recordings/dvs128_alex_walking_again.aedat [--dt-us 10000]
"""
import argparse
import time

import numpy as np


def read_aedat2(path):
    data = open(path, "rb").read()
    pos = 0
    while data[pos:pos + 1] == b"#":
        end = data.index(b"\n", pos)
        line = data[pos:end].rstrip(b"\r")
        pos = end + 1
        if line.lower() == b"#end of ascii header":
            break
    header = data[:pos].decode("latin-1")
    n = (len(data) - pos) // 8
    rec = np.frombuffer(data, dtype=">u4", count=2 * n, offset=pos).reshape(n, 2)
    addr, ts = rec[:, 0].astype(np.int64), rec[:, 1].astype(np.int64)
    if "DAVIS240" in header:
        dvs = (addr & 0x80000000) == 0
        addr, ts = addr[dvs], ts[dvs]
        x = 239 - ((addr >> 12) & 0x3FF)
        y = 179 - ((addr >> 22) & 0x1FF)
        p = (addr >> 11) & 1
        w, h = 240, 180
    else:
        x = 127 - ((addr >> 1) & 0x7F)
        y = 127 - ((addr >> 8) & 0x7F)
        p = 1 - (addr & 1)
        w, h = 128, 128
    return ts, x, y, p, w, h


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("recording")
    ap.add_argument("--dt-us", type=int, default=10_000)
    ap.add_argument("--repeats", type=int, default=20)
    args = ap.parse_args()
    t, x, y, p, w, h = read_aedat2(args.recording)
    out = 128
    ox = x * out // w
    oy = y * out // h
    origin = (t[0] // args.dt_us) * args.dt_us
    frames = int((t[-1] - origin) // args.dt_us) + 1
    n = len(t)

    def add_at():
        f = np.zeros((frames, 2, out, out), dtype=np.float32)
        k = (t - origin) // args.dt_us
        np.add.at(f, (k, p, oy, ox), 1)
        return f

    def bincount():
        k = (t - origin) // args.dt_us
        flat = ((k * 2 + p) * out + oy) * out + ox
        return np.bincount(flat, minlength=frames * 2 * out * out).astype(np.float32).reshape(frames, 2, out, out)

    a, b = add_at(), bincount()
    assert np.array_equal(a, b), "the two numpy methods disagree"
    for name, fn in (("np.add.at", add_at), ("np.bincount", bincount)):
        best = float("inf")
        for _ in range(args.repeats):
            start = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - start)
        print(f"{name:12s} {n} events -> {frames} frames: best {best * 1e3:.2f} ms, {n / best / 1e6:.1f} M events/s")
    print(f"numpy {np.__version__}, {n} events, checksum {int(a.sum())}")


if __name__ == "__main__":
    main()
