#!/usr/bin/env python3
"""Table of several runs' summary.json: one row per run, then mean ± standard deviation.

Usage: python3 verification/train/seeds.py RUN_DIR [RUN_DIR ...]

Standard library only. The standard deviation is the sample one (divisor n - 1). The last line
compares the pre-trained encoder's linear probe with the larger of the two linear floors of the
same run (raw pixels, random encoder): the smallest per-run margin and the spread it must beat.
"""
import json
import statistics
import sys
from pathlib import Path

COLUMNS = [
    ("knn_top1", "5-NN"),
    ("linear_top1", "linear"),
    ("floor_pixels_knn_top1", "pixels 5-NN"),
    ("floor_pixels_linear_top1", "pixels linear"),
    ("floor_random_encoder_knn_top1", "random enc. 5-NN"),
    ("floor_random_encoder_linear_top1", "random enc. linear"),
    ("seconds", "seconds"),
]


def main(dirs):
    if not dirs:
        sys.exit("usage: seeds.py RUN_DIR [RUN_DIR ...]")
    runs = []
    for d in dirs:
        p = Path(d) / "summary.json"
        try:
            runs.append(json.loads(p.read_text()))
        except (OSError, ValueError) as e:
            sys.exit(f"error: cannot read {p}: {e}")
    print("| seed | " + " | ".join(name for _, name in COLUMNS) + " |")
    print("|---" * (len(COLUMNS) + 1) + "|")
    for r in runs:
        cells = [f"{r[k]:.4f}" if k != "seconds" else f"{r[k]:.0f}" for k, _ in COLUMNS]
        print(f"| {r['seed']} | " + " | ".join(cells) + " |")
    cells = []
    for k, _ in COLUMNS:
        xs = [r[k] for r in runs]
        sd = statistics.stdev(xs) if len(xs) > 1 else 0.0
        cells.append(f"{statistics.mean(xs):.0f} ± {sd:.0f}" if k == "seconds"
                     else f"{statistics.mean(xs):.4f} ± {sd:.4f}")
    print("| mean ± sd | " + " | ".join(cells) + " |")
    margins = [r["linear_top1"] - max(r["floor_pixels_linear_top1"], r["floor_random_encoder_linear_top1"])
               for r in runs]
    spread = max(statistics.stdev([r[k] for r in runs]) if len(runs) > 1 else 0.0
                 for k in ("linear_top1", "floor_pixels_linear_top1", "floor_random_encoder_linear_top1"))
    print()
    print(f"linear probe minus the larger linear floor, per run: "
          + ", ".join(f"{m:+.4f}" for m in margins)
          + f"; smallest {min(margins):+.4f}; largest sd of the three linear columns {spread:.4f}")


if __name__ == "__main__":
    main(sys.argv[1:])
