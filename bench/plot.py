#!/usr/bin/env python3
"""Plots a throughput run: block intervals and included extrinsics per second over time.

    python3 bench/plot.py bench/throughput-dev.json bench/throughput-dev.png [label]

The JSON is what bench/throughput.mjs writes: one entry per workload with its blocks
({n, now, count}: number, timestamp in ms, included extrinsics of the workload).
"""

import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main(data_path, png_path, label="dev"):
    with open(data_path) as f:
        runs = json.load(f)
    start = min(b["now"] for r in runs for b in r["blocks"][:1])
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(12, 7), sharex=True)
    for run in runs:
        blocks = run["blocks"]
        pairs = list(zip(blocks, blocks[1:]))
        t = [(b["now"] - start) / 1000 for _, b in pairs]
        interval = [b["now"] - a["now"] for a, b in pairs]
        rate = [b["count"] * 1000 / max(b["now"] - a["now"], 1) for a, b in pairs]
        top.plot(t, interval, marker=".", linewidth=0.8, label=run["label"])
        bottom.plot(t, rate, marker=".", linewidth=0.8, label=run["label"])
    top.axhline(1000, color="grey", linestyle=":", linewidth=0.8)
    top.axhline(1050, color="red", linestyle="--", linewidth=0.8, label="1 050 ms budget (median)")
    top.set_ylabel("block interval (ms)")
    top.set_title(f"Sluice throughput run ({label}): each workload in turn")
    top.legend(fontsize=7, loc="upper right")
    bottom.set_ylabel("included extrinsics / s (per block)")
    bottom.set_xlabel("time since the first block of the run (s)")
    bottom.grid(alpha=0.3)
    top.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(png_path, dpi=110)
    print(f"wrote {png_path}")


if __name__ == "__main__":
    main(*sys.argv[1:4])
