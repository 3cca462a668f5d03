#!/usr/bin/env python3
"""The numpy baseline for the AEDAT 2.0 reader (docs/benchmarks.md): a straightforward vectorised
decode of the whole file, as Python tools do it: parse the header, view the body as big-endian
uint32 pairs, drop non-DVS words, extract top-left x, y and polarity, and unwrap 32-bit time.
Prints events/s for the decode (file already in memory), best of N.

    python3 bench/numpy_aedat2_decode.py ../shared/recordings/davis240c_IMU_translBoxes.aedat
"""
import sys
import time

import numpy as np


def decode(data):
    pos = 0
    while data[pos:pos + 1] == b"#":
        end = data.index(b"\n", pos)
        line = data[pos:end].rstrip(b"\r")
        pos = end + 1
        if line.lower() == b"#end of ascii header":
            break
    davis = b"DAVIS" in data[:pos]
    n = (len(data) - pos) // 8
    words = np.frombuffer(data, dtype=">u4", count=2 * n, offset=pos)
    addr = words[0::2].astype(np.uint32)
    ts = words[1::2].astype(np.int64)
    if davis:
        keep = (addr & 0x80000000) == 0
        keep &= (addr & 0x400) == 0
        addr, ts = addr[keep], ts[keep]
        x = (239 - ((addr >> 12) & 0x3FF)).astype(np.int16)
        y = (179 - ((addr >> 22) & 0x1FF)).astype(np.int16)
        p = ((addr >> 11) & 1).astype(np.int8)
    else:
        keep = (addr & 0x8000) == 0
        addr, ts = addr[keep], ts[keep]
        x = (127 - ((addr >> 1) & 0x7F)).astype(np.int16)
        y = (127 - ((addr >> 8) & 0x7F)).astype(np.int16)
        p = (1 - (addr & 1)).astype(np.int8)
    # 32-bit wraps: every decrease of more than 2^31 adds 2^32 from there on
    wraps = np.concatenate(([0], np.cumsum(np.diff(ts) < -(1 << 31))))
    t = ts + (wraps << 32)
    return t, x, y, p


def main():
    path = sys.argv[1]
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    data = open(path, "rb").read()
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        t, x, y, p = decode(data)
        best = min(best, time.perf_counter() - start)
    print(f"numpy {np.__version__}: {len(t)} events in {best * 1e3:.2f} ms (best of {repeats}), "
          f"{len(t) / best / 1e6:.1f} M events/s; ON {int(p.sum())}, first t {int(t[0])}, last t {int(t[-1])}")


if __name__ == "__main__":
    main()
