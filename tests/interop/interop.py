#!/usr/bin/env python3
"""Python protobuf (upb) as an independent oracle for protowire.

Driven by tests/tests/interop_python.rs, which runs `protoc --python_out` for
test_messages_proto2.proto, test_messages_proto3.proto and newer_fields.proto
into a temporary directory and puts it (and the pinned protobuf package) on
PYTHONPATH.

Record files hold one message per record: a kind byte (2 for
TestAllTypesProto2, 3 for TestAllTypesProto3), a 4-byte little-endian length
and the encoded message.

Subcommands:
  info                       print the protobuf version and backend
  gen SEED COUNT OUT         COUNT random messages of each kind, written to OUT
  check SEED ORIG OURS       ORIG (from gen) and OURS (protowire's re-encoding)
                             parse to equal messages, record by record
  echo IN OUT                parse each record of IN and serialize it again

Message i of `gen SEED` is made by random.Random(f"{SEED}:{i}") alone, so a
failure is reproduced from the seed and the index it prints.
"""

import math
import random
import struct
import sys

from google.protobuf import descriptor as _descriptor

import newer_fields_pb2
import test_messages_proto2_pb2 as proto2
import test_messages_proto3_pb2 as proto3

KINDS = {2: proto2.TestAllTypesProto2, 3: proto3.TestAllTypesProto3}
FD = _descriptor.FieldDescriptor

INT32_EDGES = [0, 1, -1, 127, 128, 300, -300, 2**31 - 1, -(2**31), 2**30]
INT64_EDGES = INT32_EDGES + [2**63 - 1, -(2**63), 2**32, -(2**32), 2**53 + 1]
UINT32_EDGES = [0, 1, 127, 128, 16383, 16384, 2**31, 2**32 - 1]
UINT64_EDGES = UINT32_EDGES + [2**32, 2**63, 2**64 - 1, 2**56]
FLOAT_EDGES = [0.0, -0.0, 1.0, -1.5, math.inf, -math.inf, 1e-45, 3.4028234663852886e38,
               1.17549435e-38, 2.5e-310, 1.7976931348623157e308, 5e-324, 0.1]
CHARS = "az AZ09_-\u00e9\u00df\u0394\u4e2d\u6587\U0001f600\U0001f680\u20ac\x00\x7f\n\""


def rand_signed(r, bits, edges):
    if r.random() < 0.3:
        return r.choice(edges)
    width = r.randint(1, bits)
    value = r.getrandbits(width)
    if r.random() < 0.5:
        value = -value
    return max(-(2 ** (bits - 1)), min(2 ** (bits - 1) - 1, value))


def rand_unsigned(r, bits, edges):
    if r.random() < 0.3:
        return r.choice(edges)
    return r.getrandbits(r.randint(1, bits))


def rand_float(r):
    if r.random() < 0.002:
        # Rare, because messages holding NaN can only be compared by bytes.
        return math.nan
    if r.random() < 0.3:
        return r.choice(FLOAT_EDGES)
    return r.uniform(-1.0, 1.0) * 10.0 ** r.randint(-40, 40)


def rand_string(r):
    return "".join(r.choice(CHARS) for _ in range(r.randint(0, 12)))


def rand_bytes(r):
    return bytes(r.getrandbits(8) for _ in range(r.randint(0, 16)))


def is_repeated(field):
    # `label` is gone from newer protobuf releases; `is_repeated` replaced it.
    if hasattr(field, "is_repeated"):
        return field.is_repeated
    return field.label == FD.LABEL_REPEATED


def is_closed(enum):
    if hasattr(enum, "is_closed"):
        return enum.is_closed
    return enum.file.syntax == "proto2"


def rand_enum(r, field):
    enum = field.enum_type
    closed = is_closed(enum)
    if not closed and r.random() < 0.2:
        return rand_signed(r, 32, INT32_EDGES)
    return r.choice(enum.values).number


def rand_scalar(r, field):
    t = field.type
    if t in (FD.TYPE_INT32, FD.TYPE_SINT32, FD.TYPE_SFIXED32):
        return rand_signed(r, 32, INT32_EDGES)
    if t in (FD.TYPE_INT64, FD.TYPE_SINT64, FD.TYPE_SFIXED64):
        return rand_signed(r, 64, INT64_EDGES)
    if t in (FD.TYPE_UINT32, FD.TYPE_FIXED32):
        return rand_unsigned(r, 32, UINT32_EDGES)
    if t in (FD.TYPE_UINT64, FD.TYPE_FIXED64):
        return rand_unsigned(r, 64, UINT64_EDGES)
    if t in (FD.TYPE_FLOAT, FD.TYPE_DOUBLE):
        return rand_float(r)
    if t == FD.TYPE_BOOL:
        return r.random() < 0.5
    if t == FD.TYPE_STRING:
        return rand_string(r)
    if t == FD.TYPE_BYTES:
        return rand_bytes(r)
    if t == FD.TYPE_ENUM:
        return rand_enum(r, field)
    raise AssertionError(f"not a scalar: {field.full_name}")


def is_message(field):
    return field.type in (FD.TYPE_MESSAGE, FD.TYPE_GROUP)


def is_map(field):
    return is_message(field) and field.message_type.GetOptions().map_entry


def newer_fields(r, depth=2):
    """A random NewerFields message: fields the old schema does not know."""
    m = newer_fields_pb2.NewerFields()
    fill(r, m, depth, unknown=False, p=0.5)
    return m


def fill(r, m, depth, unknown=True, p=0.3):
    """Sets a random selection of m's fields, recursing while depth > 0."""
    desc = m.DESCRIPTOR
    oneof_members = set()
    for oneof in desc.oneofs:
        oneof_members.update(f.name for f in oneof.fields)
        if r.random() < 0.6:
            choices = [f for f in oneof.fields if depth > 0 or not is_message(f)]
            if choices:
                set_field(r, m, r.choice(choices), depth)
    for field in desc.fields:
        if field.name in oneof_members or r.random() >= p:
            continue
        if is_message(field) and depth <= 0:
            continue
        set_field(r, m, field, depth)
    if desc.extension_ranges:
        for ext in desc.file.extensions_by_name.values():
            if ext.containing_type is not desc or r.random() >= 0.4:
                continue
            if is_message(ext):
                # A group extension (`GroupField`, since protobuf 27).
                if depth > 0:
                    m.Extensions[ext].SetInParent()
                    fill(r, m.Extensions[ext], depth - 1)
            else:
                m.Extensions[ext] = rand_scalar(r, ext)
    if unknown and depth > 0 and r.random() < 0.25:
        # Unknown fields inside (possibly nested) messages.
        m.MergeFromString(newer_fields(r, 1).SerializeToString())


def set_field(r, m, field, depth):
    if is_map(field):
        entry = field.message_type
        key_field, value_field = entry.fields_by_name["key"], entry.fields_by_name["value"]
        target = getattr(m, field.name)
        for _ in range(r.randint(0, 3)):
            key = rand_scalar(r, key_field)
            if is_message(value_field):
                value = target[key]
                value.SetInParent()
                fill(r, value, depth - 1)
            else:
                target[key] = rand_scalar(r, value_field)
    elif is_repeated(field):
        target = getattr(m, field.name)
        for _ in range(r.randint(0, 4)):
            if is_message(field):
                fill(r, target.add(), depth - 1)
            else:
                target.append(rand_scalar(r, field))
    elif is_message(field):
        sub = getattr(m, field.name)
        sub.SetInParent()
        fill(r, sub, depth - 1)
    else:
        setattr(m, field.name, rand_scalar(r, field))


def random_message(seed, index):
    """Record `index` of `gen seed`: (kind, bytes)."""
    r = random.Random(f"{seed}:{index}")
    kind = 2 if index % 2 == 0 else 3
    m = KINDS[kind]()
    fill(r, m, r.randint(0, 3))
    data = m.SerializeToString()
    # Unknown fields from a newer schema at the top level: after the known
    # fields, before them, or both.
    where = r.random()
    if where < 0.2:
        data += newer_fields(r).SerializeToString()
    elif where < 0.3:
        data = newer_fields(r).SerializeToString() + data
    elif where < 0.35:
        data = newer_fields(r).SerializeToString() + data + newer_fields(r).SerializeToString()
    return kind, data


def read_records(path):
    with open(path, "rb") as f:
        blob = f.read()
    records, pos = [], 0
    while pos < len(blob):
        kind = blob[pos]
        (length,) = struct.unpack_from("<I", blob, pos + 1)
        records.append((kind, blob[pos + 5:pos + 5 + length]))
        pos += 5 + length
    return records


def write_records(path, records):
    with open(path, "wb") as f:
        for kind, data in records:
            f.write(bytes([kind]) + struct.pack("<I", len(data)) + data)


def has_nan(m):
    for field, value in m.ListFields():
        values = value if is_repeated(field) else [value]
        if is_map(field):
            values = list(value.values())
        for v in values:
            if isinstance(v, float) and math.isnan(v):
                return True
            if hasattr(v, "ListFields") and has_nan(v):
                return True
    return False


def parse(kind, data):
    m = KINDS[kind]()
    m.ParseFromString(data)
    return m


def cmd_info():
    import google.protobuf
    from google.protobuf.internal import api_implementation
    print(f"protobuf {google.protobuf.__version__} ({api_implementation.Type()})")


def cmd_gen(seed, count, out):
    write_records(out, [random_message(seed, i) for i in range(2 * int(count))])


def cmd_check(seed, orig_path, ours_path):
    orig, ours = read_records(orig_path), read_records(ours_path)
    if len(orig) != len(ours):
        print(f"record counts differ: {len(orig)} generated, {len(ours)} from protowire")
        return 1
    ok = {2: 0, 3: 0}
    by_bytes = 0
    failures = 0
    for index, ((kind, a), (kind2, b)) in enumerate(zip(orig, ours)):
        problem = None
        try:
            if kind != kind2:
                raise ValueError(f"kind {kind2} where {kind} was expected")
            expected, got = parse(kind, a), parse(kind, b)
            same_bytes = (expected.SerializeToString(deterministic=True)
                          == got.SerializeToString(deterministic=True))
            equal = expected == got
            if not same_bytes:
                problem = "deterministic serializations differ"
            elif not equal and not has_nan(expected):
                problem = "messages are not == (and hold no NaN)"
            elif not equal:
                by_bytes += 1
        except Exception as e:  # a parse error of our bytes is a failure too
            problem = f"{type(e).__name__}: {e}"
        if problem is None:
            ok[kind] += 1
            continue
        failures += 1
        if failures <= 5:
            print(f"MISMATCH seed={seed} index={index} kind=proto{kind}: {problem}")
            print(f"  python bytes:    {a.hex()}")
            print(f"  protowire bytes: {b.hex()}")
    print(f"python->protowire->python: proto2 {ok[2]} ok, proto3 {ok[3]} ok, {failures} failed "
          f"({by_bytes} with NaN compared by deterministic bytes)")
    return 1 if failures else 0


def cmd_echo(in_path, out_path):
    records = read_records(in_path)
    out = []
    for index, (kind, data) in enumerate(records):
        try:
            out.append((kind, parse(kind, data).SerializeToString()))
        except Exception as e:
            print(f"PARSE ERROR index={index} kind=proto{kind}: {type(e).__name__}: {e}")
            print(f"  protowire bytes: {data.hex()}")
            return 1
    write_records(out_path, out)
    print(f"python parsed and re-serialized {len(out)} messages")
    return 0


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    cmd, args = argv[1], argv[2:]
    if cmd == "info":
        return cmd_info()
    if cmd == "gen":
        return cmd_gen(*args)
    if cmd == "check":
        return cmd_check(*args)
    if cmd == "echo":
        return cmd_echo(*args)
    print(f"unknown command {cmd!r}")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv) or 0)
