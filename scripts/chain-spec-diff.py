#!/usr/bin/env python3
"""Compares two chain-spec JSON files, ignoring the runtime wasm blob.

The wasm bytes depend on the checkout's path (crate metadata hashes and panic locations), so two
clones of the same commit build different blobs. Everything else (genesis storage or preset patch,
properties, name, id, chain type, boot nodes) must be identical.
Exit status 0 when they match, 1 with the differing keys printed otherwise.
"""
import json
import sys

CODE_KEY = "0x3a636f6465"  # hex of the well-known storage key ":code"


def without_code(spec):
    genesis = spec.get("genesis", {})
    raw = genesis.get("raw", {})
    if CODE_KEY in raw.get("top", {}):
        raw["top"][CODE_KEY] = "<wasm>"
    runtime_genesis = genesis.get("runtimeGenesis", {})
    if "code" in runtime_genesis:
        runtime_genesis["code"] = "<wasm>"
    return spec


def differences(a, b, path=""):
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                yield f"{path}/{key}"
            else:
                yield from differences(a[key], b[key], f"{path}/{key}")
    elif a != b:
        yield path or "/"


def main():
    fresh, committed = (without_code(json.load(open(p))) for p in sys.argv[1:3])
    diffs = list(differences(fresh, committed))
    for d in diffs[:20]:
        print(f"  differs: {d}", file=sys.stderr)
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
