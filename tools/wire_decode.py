#!/usr/bin/env python3
"""Reference decoder of the dvstream Kafka wire format, version 1 (docs/wire-format.md).

Written from the document alone, with the standard library only, to show that a packet can be
decoded without Java. Usage:

    python3 tools/wire_decode.py HEX            # one record given as hex
    python3 tools/wire_decode.py --file F       # records in F, each as a 4-byte big-endian length + bytes

It prints one JSON object per record: sensor, sequence, dropped, and the events as [t, x, y, on].
"""
import json
import sys

SENSORS = [("dvs128", 128, 128), ("davis240", 240, 180), ("davis346", 346, 260),
           ("dvxplorer", 640, 480), ("dvxplorer-lite", 320, 240), ("imx636", 1280, 720)]


class Reader:
    def __init__(self, data):
        self.data, self.pos, self.bit = data, 0, 0  # bit: next bit index within the bit stream

    def byte(self):
        if self.pos >= len(self.data):
            raise ValueError("truncated header at byte %d" % self.pos)
        b = self.data[self.pos]
        self.pos += 1
        return b

    def varint(self):
        value, shift = 0, 0
        while True:
            b = self.byte()
            value |= (b & 0x7F) << shift
            if not b & 0x80:
                return value
            shift += 7

    def bits(self, n):
        value = 0
        for _ in range(n):
            index = self.pos + self.bit // 8
            if index >= len(self.data):
                raise ValueError("truncated bit stream")
            value = (value << 1) | ((self.data[index] >> (7 - self.bit % 8)) & 1)
            self.bit += 1
        return value

    def rice(self, k):
        q = 0
        while self.bits(1) == 0:
            q += 1
            if q == 32:  # escape: the value follows in 64 bits
                return self.bits(64)
        return (q << k) | self.bits(k)


def unzigzag(v):
    return (v >> 1) ^ -(v & 1)


def decode(record):
    r = Reader(record)
    fmt = r.byte()
    if fmt != 0xD1:
        raise ValueError("format byte 0x%02X is not version 1" % fmt)
    code = r.varint()
    if code == 0:
        sensor = ("custom", r.varint(), r.varint())
    else:
        sensor = SENSORS[code - 1]
    out = {"sensor": "%s %dx%d" % sensor, "sequence": r.varint(), "dropped": r.varint(), "events": []}
    n = r.varint()
    if n:
        t, x_center, y_center = r.varint(), r.varint(), r.varint()
        k_t, k_x, k_y = r.byte(), r.byte(), r.byte()
        for i in range(n):
            if i:
                t += r.rice(k_t)
            x, y = x_center + unzigzag(r.rice(k_x)), y_center + unzigzag(r.rice(k_y))
            on = r.bits(1)
            if not (0 <= x < sensor[1] and 0 <= y < sensor[2]):
                raise ValueError("event %d at (%d, %d) outside the sensor" % (i, x, y))
            out["events"].append([t, x, y, on])
        used = r.pos + (r.bit + 7) // 8
        if used != len(record):
            raise ValueError("%d trailing bytes" % (len(record) - used))
    elif r.pos != len(record):
        raise ValueError("%d trailing bytes" % (len(record) - r.pos))
    return out


def main(argv):
    if len(argv) == 3 and argv[1] == "--file":
        data = open(argv[2], "rb").read()
        pos = 0
        while pos < len(data):
            length = int.from_bytes(data[pos:pos + 4], "big")
            print(json.dumps(decode(data[pos + 4:pos + 4 + length])))
            pos += 4 + length
    elif len(argv) == 2:
        print(json.dumps(decode(bytes.fromhex(argv[1]))))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
