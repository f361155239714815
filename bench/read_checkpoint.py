#!/usr/bin/env python3
"""Reads a bptt-lab checkpoint with the standard library alone (no numpy): docs/checkpoint-format.md.

    python3 bench/read_checkpoint.py CHECKPOINT [--tensors-only] [--values N]

Verifies the container (magic, version, length, FNV-1a 64 checksum), lists the sections, decodes the
config and model JSON, the vocabulary, the weights ("params", and "best" when present), the optimizer
(settings, step, moments), the progress counters and the stream history, and prints each tensor's
name, storage shape and a checksum-like summary: the sum and the sum of squares of its values, added
one after another in float64 in storage order (repr'd, so they round-trip exactly). Tensor lines
(and, for a class model, the output row of each word id):

    tensor params.U 64x256 sum=-1.234 sumsq=56.78
    slot_of 12 0 1 2 ...

Exits 1 with a message on stderr when the file is not a valid checkpoint. `load(path)` returns the
decoded sections as a dict, for use from other scripts (tensors as flat lists of floats in storage
order; `rows_by_word` puts a class model's output rows back in word-id order).
"""
import argparse
import json
import struct
import sys

MAGIC = b"BPTTCKPT"
HEADER_SIZE = 24  # magic 8, version u32, section count u32, total length u64
READABLE_VERSIONS = (1, 2, 3)
# Gate blocks per cell: U, W and b hold them side by side (GRU: z r n; LSTM: i f g o).
GATES = {"elman": 1, "gru": 3, "lstm": 4}
ALL_TENSORS = ["U", "W", "b", "V", "c", "classV", "classC"]
FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3


class CheckpointError(Exception):
    pass


def fnv1a64(data):
    h = FNV_OFFSET
    for byte in data:
        h = ((h ^ byte) * FNV_PRIME) & 0xFFFFFFFFFFFFFFFF
    return h


class Reader:
    """Little-endian reads from one section's payload, bounds-checked (the Swift BinaryReader)."""

    def __init__(self, data, context):
        self.data, self.offset, self.context = data, 0, context

    @property
    def remaining(self):
        return len(self.data) - self.offset

    def _take(self, fmt):
        size = struct.calcsize(fmt)
        if size > self.remaining:
            raise CheckpointError(f"{self.context}: {size} bytes needed at byte {self.offset}, {self.remaining} left")
        value = struct.unpack_from(fmt, self.data, self.offset)
        self.offset += size
        return value

    def u8(self):
        return self._take("<B")[0]

    def u32(self):
        return self._take("<I")[0]

    def i64(self):
        return self._take("<q")[0]

    def u64(self):
        return self._take("<Q")[0]

    def count(self, element_size):
        n = self.u64()
        if n * element_size > self.remaining:
            raise CheckpointError(f"{self.context}: an array claims {n} elements, only {self.remaining} bytes are left")
        return n

    def string(self):  # UInt32 byte count, UTF-8
        n = self.u32()
        if n > self.remaining:
            raise CheckpointError(f"{self.context}: a string of {n} bytes, only {self.remaining} bytes are left")
        text = self.data[self.offset:self.offset + n].decode("utf-8")
        self.offset += n
        return text

    def strings(self):  # UInt64 count, then strings
        return [self.string() for _ in range(self.count(4))]

    def blob(self):  # UInt64 count, raw bytes
        n = self.count(1)
        value = self.data[self.offset:self.offset + n]
        self.offset += n
        return value

    def floats(self):  # UInt64 count, Float32 bit patterns
        n = self.count(4)
        return list(self._take(f"<{n}f")) if n else []

    def int32s(self):  # UInt64 count, Int32
        n = self.count(4)
        return list(self._take(f"<{n}i")) if n else []


def read_container(path):
    """The sections of a checkpoint file as (version, [(name, payload bytes)] in file order)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:len(MAGIC)] != MAGIC[:min(len(data), len(MAGIC))]:
        raise CheckpointError(f"{path}: not a bptt-lab checkpoint (unknown file type)")
    if len(data) < HEADER_SIZE:
        raise CheckpointError(f"{path}: truncated ({len(data)} bytes, shorter than the header)")
    version, count, total = struct.unpack_from("<IIQ", data, 8)
    if version not in READABLE_VERSIONS:
        raise CheckpointError(f"{path}: unsupported container version {version} (this reader knows 1 to 3)")
    if len(data) < total:
        raise CheckpointError(f"{path}: truncated ({len(data)} of {total} bytes)")
    stored = struct.unpack_from("<Q", data, len(data) - 8)[0]
    computed = fnv1a64(data[:-8])
    if total != len(data) or stored != computed:
        raise CheckpointError(f"{path}: checksum mismatch (stored {stored:016x}, computed {computed:016x})")
    table = Reader(data[HEADER_SIZE:-8], f"{path}: section table")
    entries = []
    for _ in range(count):
        name_length = table._take("<H")[0]
        if name_length > table.remaining:
            raise CheckpointError(f"{path}: the section table is inconsistent")
        name = table.data[table.offset:table.offset + name_length].decode("utf-8")
        table.offset += name_length
        entries.append((name, table.u64()))
    offset = HEADER_SIZE + table.offset
    sections = []
    for name, length in entries:
        if offset + length > len(data) - 8 or name in dict(sections):
            raise CheckpointError(f"{path}: the section table is inconsistent")
        sections.append((name, data[offset:offset + length]))
        offset += length
    if offset != len(data) - 8:
        raise CheckpointError(f"{path}: the section table is inconsistent")
    return version, sections


def read_weights(reader, classes, cell="elman"):
    """One weight set: Int64 V, Int64 H, then the tensors in order, each a float array. A gated cell's
    U, W and b are G times as wide (U: V x G·H, W: G·H x H, b: G·H)."""
    vocabulary, hidden = reader.i64(), reader.i64()
    with_classes = classes is not None and vocabulary > 0
    names = ALL_TENSORS if with_classes else ALL_TENSORS[:5]
    class_count = len(set(classes)) if with_classes else 0
    gates = GATES[cell] * hidden if vocabulary > 0 else hidden
    shapes = {"U": (vocabulary, gates), "W": (gates, hidden), "b": (gates,), "V": (vocabulary, hidden),
              "c": (vocabulary,), "classV": (class_count, hidden), "classC": (class_count,)}
    tensors = {}
    for name in names:
        values = reader.floats()
        expected = 1
        for n in shapes[name]:
            expected *= n
        if len(values) != expected:
            raise CheckpointError(f"{reader.context}: tensor {name} has {len(values)} values, expected {expected}")
        tensors[name] = values
    return {"vocabulary": vocabulary, "hidden": hidden, "shapes": {n: shapes[n] for n in names}, "tensors": tensors}


def dense_classes(class_of):
    """Class ids renumbered densely in ascending order (what bptt-lab does on loading)."""
    dense = {k: i for i, k in enumerate(sorted(set(class_of)))}
    return [dense[k] for k in class_of]


def slots(class_of):
    """members (word ids in slot order: by class, then by id) and slot_of (the slot of each word id)."""
    dense = dense_classes(class_of)
    members = sorted(range(len(dense)), key=lambda word: (dense[word], word))
    slot_of = [0] * len(members)
    for slot, word in enumerate(members):
        slot_of[word] = slot
    return members, slot_of


def rows_by_word(values, width, class_of):
    """A class model's V (width H) or c (width 1), stored in slot order, with its rows in word-id order."""
    _, slot_of = slots(class_of)
    return [x for word in range(len(class_of)) for x in values[slot_of[word] * width:(slot_of[word] + 1) * width]]


def load(path):
    """Every section decoded: a dict keyed by section name (unknown sections are kept as bytes)."""
    version, sections = read_container(path)
    raw = dict(sections)
    out = {"version": version, "sections": [(name, len(data)) for name, data in sections]}
    if "config" in raw:
        out["config"] = json.loads(raw["config"])
    # Version-1 files have no model section: the full softmax.
    out["model"] = json.loads(raw["model"]) if "model" in raw else {"format": 1}
    classes = out["model"].get("classes")
    # Layout version 3 names a gated cell; absent means Elman.
    cell = out["model"].get("cell", "elman")
    if cell not in GATES:
        raise CheckpointError(f"{path}: unknown cell {cell!r} in the model section")
    if "vocabulary" in raw:
        out["vocabulary"] = Reader(raw["vocabulary"], f"{path}: section vocabulary").strings()
    if "vocabulary_ids" in raw:
        out["vocabulary_ids"] = json.loads(raw["vocabulary_ids"])
    for name in ("params", "best"):
        if name in raw:
            reader = Reader(raw[name], f"{path}: section {name}")
            out[name] = read_weights(reader, classes, cell)
    if "optimizer" in raw:
        reader = Reader(raw["optimizer"], f"{path}: section optimizer")
        settings = json.loads(reader.blob())
        step = reader.i64()
        first = read_weights(Reader(reader.blob(), f"{path}: first moment"), classes, cell)
        second = read_weights(Reader(reader.blob(), f"{path}: second moment"), classes, cell)
        out["optimizer"] = {"settings": settings, "step": step, "first": first, "second": second}
    if "progress" in raw:
        reader = Reader(raw["progress"], f"{path}: section progress")
        progress = {"step": reader.i64(), "epoch": reader.i64(), "tokens_seen": reader.i64(),
                    "schedule": json.loads(reader.blob())}
        # Written before 2026-12-03 (the config spells the truncation flat, as a string): the
        # truncation in force follows the schedule here.
        if isinstance(out.get("config", {}).get("truncation"), str):
            progress["legacy_truncation"] = {"mode": reader.u8(), "k1": reader.i64(), "k2": reader.i64()}
        progress["engine"] = reader.string()
        progress["stream_epoch"], progress["stream_position"] = reader.i64(), reader.i64()
        progress["sentence_epoch"], progress["sentence_cursor"] = reader.i64(), reader.i64()
        progress["stopped"] = reader.string()
        out["progress"] = progress
    if "stream" in raw:
        reader = Reader(raw["stream"], f"{path}: section stream")
        out["stream"] = {"length": reader.i64(), "inputs": reader.int32s(), "states": reader.floats()}
        # A gated cell's kept steps also keep their caches (the gate activations its backward step reads).
        if cell != "elman":
            out["stream"]["caches"] = reader.floats()
    return out


def summary(values):
    """Sum and sum of squares, float64, one value after another in storage order."""
    total = squares = 0.0
    for x in values:
        total += x
        squares += x * x
    return total, squares


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkpoint")
    parser.add_argument("--tensors-only", action="store_true", help="print only the tensor lines")
    parser.add_argument("--values", type=int, default=0, metavar="N", help="also print each tensor's first N values")
    args = parser.parse_args()
    try:
        checkpoint = load(args.checkpoint)
    except (CheckpointError, OSError, UnicodeDecodeError, ValueError) as error:
        sys.stderr.write(f"read_checkpoint: {error}\n")
        sys.exit(1)

    verbose = not args.tensors_only
    if verbose:
        print(f"container version {checkpoint['version']}, checksum ok, {len(checkpoint['sections'])} sections:")
        for name, length in checkpoint["sections"]:
            print(f"  {name}: {length} bytes")
        config = checkpoint.get("config", {})
        print("config: " + ", ".join(f"{k}={json.dumps(config[k])}" for k in
                                     ("level", "hidden", "batch", "optimizer", "seed", "corpus") if k in config))
        print(f"model: layout format {checkpoint['model'].get('format')}, cell {checkpoint['model'].get('cell', 'elman')}"
              + (f", {len(set(checkpoint['model']['classes']))} word classes" if checkpoint["model"].get("classes") else ", full softmax"))
        tokens = checkpoint.get("vocabulary", [])
        print(f"vocabulary: {len(tokens)} tokens, first: {tokens[:8]!r}")
        if "progress" in checkpoint:
            p = checkpoint["progress"]
            print(f"progress: step {p['step']}, epoch {p['epoch']}, {p['tokens_seen']} tokens seen, engine {p['engine']}")
        if "stream" in checkpoint:
            s = checkpoint["stream"]
            print(f"stream: history of {s['length']} steps, {len(s['inputs'])} inputs, {len(s['states'])} state values")
        if "optimizer" in checkpoint:
            o = checkpoint["optimizer"]
            print(f"optimizer: {o['settings'].get('kind')}, step {o['step']}")
    classes = checkpoint["model"].get("classes")
    if classes:
        # The output row (slot) of each word id: V's row slot_of[w] and c[slot_of[w]] belong to word w.
        print("slot_of " + " ".join(str(slot) for slot in slots(classes)[1]))
    sets = [(name, checkpoint[name]) for name in ("params", "best") if name in checkpoint]
    if "optimizer" in checkpoint:
        sets += [("optimizer.first", checkpoint["optimizer"]["first"]), ("optimizer.second", checkpoint["optimizer"]["second"])]
    for prefix, weights in sets:
        if weights["vocabulary"] == 0 and weights["hidden"] == 0:
            continue  # an unused moment (SGD has none, Adagrad no first moment): the empty set 0 x 0
        for name, values in weights["tensors"].items():
            shape = "x".join(str(n) for n in weights["shapes"][name])
            total, squares = summary(values)
            print(f"tensor {prefix}.{name} {shape} sum={total!r} sumsq={squares!r}")
            if args.values > 0:
                print("  " + " ".join(repr(v) for v in values[:args.values]))


if __name__ == "__main__":
    main()
