#!/usr/bin/env python3
"""Writes the seed inputs of tests/fuzz-corpus/<target>/: the payloads of the
benchmark datasets (each a benchmarks.BenchmarkDataset, whose field 3 holds
the serialized GoogleMessage1/2 payloads) and a few hand-made inputs.

Run from the repository root: python3 fuzz/make_seeds.py
Files are named seed-*, so they are told apart from minimized crashes
(crash-*) and from inputs the fuzzer found (other names).
"""
import os

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
CORPUS = os.path.join(ROOT, "tests", "fuzz-corpus")


def varint(n):
    out = bytearray()
    n &= (1 << 64) - 1
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def read_varint(data, i):
    value, shift = 0, 0
    while True:
        b = data[i]
        i += 1
        value |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return value, i


def payloads(path):
    """The `payload` (field 3, bytes) values of a BenchmarkDataset."""
    data = open(path, "rb").read()
    i, out = 0, []
    while i < len(data):
        key, i = read_varint(data, i)
        number, wire = key >> 3, key & 7
        assert wire == 2, "BenchmarkDataset has only length-delimited fields"
        n, i = read_varint(data, i)
        if number == 3:
            out.append(data[i:i + n])
        i += n
    return out


def key(number, wire):
    return varint(number << 3 | wire)


def ld(number, body):
    return key(number, 2) + varint(len(body)) + body


def write(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


ds = os.path.join(ROOT, "datasets")
m1p2 = payloads(os.path.join(ds, "dataset.google_message1_proto2.pb"))
m1p3 = payloads(os.path.join(ds, "dataset.google_message1_proto3.pb"))
m2 = payloads(os.path.join(ds, "dataset.google_message2.pb"))
# GoogleMessage2 payloads are large; keep the smallest few.
m2 = sorted(m2, key=len)[:2]

# TestAllTypesProto3/2 by hand: one of each wire shape.
all_types = [
    ("scalars", key(1, 0) + varint(-1) + key(2, 0) + varint(1 << 40) + key(5, 0) + varint(3)
     + key(7, 5) + b"\x01\x02\x03\x04" + key(8, 1) + b"\x01" * 8 + key(11, 5) + b"\x00\x00\xc0\x7f"
     + key(13, 0) + b"\x02" + ld(14, b"hello") + ld(15, b"\xff\x00")),
    ("nested", ld(18, key(1, 0) + b"\x05" + ld(2, key(1, 0) + b"\x07")) + ld(27, ld(27, key(1, 0) + b"\x01"))),
    ("packed", ld(75, varint(1) + varint(-5) + varint(300)) + key(31, 0) + b"\x01" + key(31, 0) + b"\x02"
     + ld(31, b"\x03\x04")),
    ("maps", ld(56, key(1, 0) + b"\x01" + key(2, 0) + b"\x02") + ld(56, key(2, 0) + b"\x09")
     + ld(69, ld(1, b"k") + ld(2, b"v")) + ld(71, ld(1, b"m") + ld(2, key(1, 0) + b"\x03"))),
    ("oneof", key(111, 0) + b"\x05" + ld(113, b"s") + ld(112, key(1, 0) + b"\x01")),
    ("unknown", key(999, 0) + b"\x01" + ld(1000, b"xyz") + key(1001, 5) + b"\x00" * 4 + key(1002, 3)
     + key(1, 0) + b"\x01" + key(1002, 4)),
    ("wrong-wire-type", key(1, 2) + b"\x01\x00" + ld(14, b"ok")),
    ("wkt", ld(301, key(1, 0) + b"\x05" + key(2, 0) + b"\x06") + ld(304, ld(1, ld(1, b"a") + ld(2, key(2, 1) + b"\x00" * 8))
                                                                 + ld(1, ld(1, b"b") + ld(2, key(4, 0) + b"\x01")))
     + ld(306, key(1, 0) + b"\x01") + ld(201, key(1, 0) + b"\x01")),
]



def nest(depth, inner=b""):
    """recursive_message (27) nested `depth` levels deep."""
    for _ in range(depth):
        inner = ld(27, inner)
    return inner


# Memory and time bounds: nesting at and past the recursion limit (100),
# lengths claiming far more than the input holds, many repeated fields.
all_types += [
    ("nest-99", nest(99)),
    ("nest-101", nest(101)),
    ("huge-length", key(14, 2) + varint(1 << 40) + b"x"),
    ("packed-bogus-length", key(75, 2) + varint(0x7FFFFFFF) + b"\x01\x02"),
    ("many-repeated", (key(31, 0) + b"\x01") * 500),
    ("deep-unknown-groups", key(2000, 3) * 120 + key(2000, 4) * 120),
]

for name, data in all_types:
    write("decode_proto3", name, data)
    write("differential_prost", name, data)
    write("decode_proto2", name, data)
# proto2 only: groups (TestAllTypesProto2.data, field 201) and closed enums.
write("decode_proto2", "group", key(201, 3) + key(202, 0) + b"\x05" + key(201, 4))
write("decode_proto2", "closed-enum-unknown", key(21, 0) + b"\x07" + ld(72, b"\x01\x07\x02"))
for i, p in enumerate(m1p3):
    write("decode_proto3", f"google_message1_proto3-{i}", p)
    write("differential_prost", f"google_message1_proto3-{i}", p)
for i, p in enumerate(m1p2):
    write("decode_proto2", f"google_message1_proto2-{i}", p)
    write("required", f"google_message1_proto2-{i}", b"\x01" + p)
for i, p in enumerate(m2):
    write("decode_proto2", f"google_message2-{i}", p)
    write("required", f"google_message2-{i}", b"\x02" + p)

# shop.Order (selector 0): customer (3) is required.
order = (key(1, 0) + b"\x07" + ld(3, b"ann") + ld(4, ld(1, b"sku") + key(2, 0) + b"\x02") + key(5, 0) + b"\x01"
         + ld(7, ld(1, b"t") + key(2, 1) + b"\x01" * 8) + ld(9, b"card") + key(12, 3) + key(1, 0) + b"\x02" + key(12, 4)
         + ld(13, b"\x01\x02") + ld(15, key(1, 0) + b"\x01" + ld(2, ld(1, b"x"))))
write("required", "order", b"\x00" + order)
write("required", "order-missing-customer", b"\x00" + key(1, 0) + b"\x07")
write("required", "google_message1-missing-field2", b"\x01" + ld(1, b"f1"))

# Wire primitives.
for name, data in [
    ("one", b"\x01"), ("max", b"\xff" * 9 + b"\x01"), ("too-long", b"\xff" * 10 + b"\x01"),
    ("high-tenth", b"\xff" * 9 + b"\x02"), ("truncated", b"\x80\x80"), ("non-canonical", b"\x80\x80\x00"),
    ("key-group", key(5, 3) + key(1, 0) + b"\x01" + key(5, 4)), ("len", b"\x0a\x03abc"),
    ("key-max", varint((1 << 29) - 1 << 3 | 5) + b"\x00" * 4),
]:
    write("varint", name, data)

# Structured: any bytes drive `arbitrary`; the first byte picks the type.
for name, data in [("order", b"\x00" + bytes(range(256))), ("proto3", b"\x01" + bytes(range(256))),
                   ("order-ff", b"\x00" + b"\xff" * 200), ("proto3-ff", b"\x01" + b"\xff" * 200)]:
    write("roundtrip_structured", name, data)
