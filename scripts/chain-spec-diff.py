#!/usr/bin/env python3
"""Compares two chain-spec JSON files, the runtime's wasm (`:code`) included.

The wasm is built so that its bytes do not depend on the checkout's path (runtime/build.rs), so a
chain spec generated from any clone of a commit equals the committed one byte for byte. A wasm that
differs is reported by the sha256 of each side rather than by its megabytes of hex.
Exit status 0 when they match, 1 with the differing keys printed otherwise.
"""
import hashlib
import json
import sys

CODE_KEY = "0x3a636f6465"  # hex of the well-known storage key ":code"


def code_paths(spec):
    """The places a chain spec keeps the wasm: raw genesis storage, or the runtime genesis."""
    genesis = spec.get("genesis", {})
    for parent, key in ((genesis.get("raw", {}).get("top", {}), CODE_KEY),
                        (genesis.get("runtimeGenesis", {}), "code")):
        if key in parent:
            yield parent, key


def summarize_code(spec):
    for parent, key in code_paths(spec):
        blob = bytes.fromhex(parent[key].removeprefix("0x"))
        parent[key] = f"<wasm of {len(blob)} bytes, sha256 {hashlib.sha256(blob).hexdigest()}>"
    return spec


def differences(a, b, path=""):
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                yield f"{path}/{key}"
            else:
                yield from differences(a[key], b[key], f"{path}/{key}")
    elif a != b:
        yield f"{path or '/'}: {a!r:.120} vs {b!r:.120}"


def main():
    fresh, committed = (summarize_code(json.load(open(p))) for p in sys.argv[1:3])
    diffs = list(differences(fresh, committed))
    for d in diffs[:20]:
        print(f"  differs: {d}", file=sys.stderr)
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
