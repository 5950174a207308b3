#!/usr/bin/env python3
"""Summarises runs.jsonl (written by run.sh) into RESULTS.md, results.json and scaling.tsv."""
import json
import os
import platform
import statistics
import subprocess
import sys
import time

runs_file, out_dir = sys.argv[1], sys.argv[2]
runs = [json.loads(line) for line in open(runs_file) if line.strip()]


def args_of(cmd, name):
    """The options after the benchmark name: the key that pairs a Java run with its PyTorch twin."""
    parts = cmd.split()
    return " ".join(parts[parts.index(name) + 1:])


TARGETS = {  # (bench, options) -> (kind, limit, text)
    ("intl", "--mode samples --m 256 --d 2048 --T 4 --dtype float32 --threads 2 --repeats 10"):
        ("ratio", 1.0, "Java/PyTorch <= 1.0"),
    ("st", "--mode features --d 512 --m 1024 --p 0.5 --dtype float64 --threads 2 --repeats 5"):
        ("ratio", 2.0, "Java/PyTorch <= 2.0"),
    ("train-step", "--batch 256 --loss-dtype float32 --threads 2 --repeats 20"): ("ratio", 1.5, "Java/PyTorch <= 1.5"),
    ("gemm", "--n 1024 --dtype float32 --threads 2 --repeats 20"): ("gflops", 200.0, "Java >= 200 GFLOP/s"),
}

groups = {}
for r in runs:
    key = (r["bench"], args_of(r["command"], r["bench"]))
    g = groups.setdefault(key, {"java": {}, "torch": {}, "cmd": {}, "load": []})
    g[r["side"]][r["round"]] = r["result"]
    g["cmd"][r["side"]] = r["command"]
    g["load"].append(r["load"])

rows = []
for (bench, opts), g in groups.items():
    rounds = sorted(set(g["java"]) & set(g["torch"]))
    if not rounds:
        continue
    jm = [g["java"][k]["median_s"] for k in rounds]
    tm = [g["torch"][k]["median_s"] for k in rounds]
    ratios = [j / t for j, t in zip(jm, tm)]
    row = {"bench": bench, "options": opts, "rounds": rounds, "java_median_s": statistics.median(jm),
           "torch_median_s": statistics.median(tm), "ratio": statistics.median(ratios), "ratios": ratios,
           "java_command": g["cmd"]["java"], "torch_command": g["cmd"]["torch"], "loads": g["load"],
           "java_kernel": g["java"][rounds[0]].get("kernel"), "torch_blas": g["torch"][rounds[0]].get("blas")}
    if bench == "gemm":
        n = g["java"][rounds[0]]["n"]
        row["java_gflops"] = 2.0 * n ** 3 / row["java_median_s"] / 1e9
        row["torch_gflops"] = 2.0 * n ** 3 / row["torch_median_s"] / 1e9
        cpu = [g["java"][k]["gflops_per_cpu_second"] for k in rounds if "gflops_per_cpu_second" in g["java"][k]]
        if cpu:
            row["java_gflops_per_cpu_second"] = statistics.median(cpu)
    if bench == "st":
        row["java_eig_s"] = statistics.median(g["java"][k]["eig_median_s"] for k in rounds)
        row["torch_eig_s"] = statistics.median(g["torch"][k]["eig_median_s"] for k in rounds)
    t = TARGETS.get((bench, opts))
    if t:
        kind, limit, text = t
        value = row["ratio"] if kind == "ratio" else row["java_gflops"]
        met = value <= limit if kind == "ratio" else value >= limit
        row["target"] = {"text": text, "value": value, "met": met}
    rows.append(row)

cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
meta = {"date": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "cpu": cpu, "processors": os.cpu_count(),
        "python": platform.python_version(), "java": subprocess.run(["java", "-version"], capture_output=True,
                                                                     text=True).stderr.splitlines()[0]}
json.dump({"meta": meta, "rows": rows}, open(os.path.join(out_dir, "results.json"), "w"), indent=1)

with open(os.path.join(out_dir, "scaling.tsv"), "w") as f:
    for row in rows:
        if row["rounds"] != [0]:
            continue
        o = dict(zip(row["options"].split()[0::2], row["options"].split()[1::2]))
        if row["bench"] == "intl" and o["--d"] == "2048":
            f.write(f"INTL samples, d = 2048: time against m\tm\t{o['--m']}\t{row['java_median_s']}\t{row['torch_median_s']}\n")
        if row["bench"] == "intl" and o["--m"] == "256":
            f.write(f"INTL samples, m = 256: time against d\td\t{o['--d']}\t{row['java_median_s']}\t{row['torch_median_s']}\n")
        if row["bench"] == "st":
            f.write(f"ST features, m = 1024: time against d\td\t{o['--d']}\t{row['java_median_s']}\t{row['torch_median_s']}\n")
    for row in rows:  # the main runs' points of the same series
        o = dict(zip(row["options"].split()[0::2], row["options"].split()[1::2]))
        if row["bench"] == "intl" and o.get("--dtype") == "float32" and 0 not in row["rounds"]:
            for title, var in (("INTL samples, d = 2048: time against m", "m"), ("INTL samples, m = 256: time against d", "d")):
                f.write(f"{title}\t{var}\t{o['--' + var]}\t{row['java_median_s']}\t{row['torch_median_s']}\n")
        if row["bench"] == "st" and 0 not in row["rounds"]:
            f.write(f"ST features, m = 1024: time against d\td\t{o['--d']}\t{row['java_median_s']}\t{row['torch_median_s']}\n")

L = []
L.append("# Java against PyTorch, same machine, same run\n")
L.append("Generated by `bash verification/bench/run.sh` (do not edit; rerun it). "
         f"{meta['date']}; {meta['cpu']}, {meta['processors']} processors; {meta['java']}; PyTorch from Debian "
         "with OpenBLAS (pthread), `OMP_WAIT_POLICY=PASSIVE`, `OPENBLAS_CORETYPE`/`OPENBLAS_L2_SIZE` unset, "
         "`torch.set_num_threads(2)`. Java: `--threads 2`, kernel: "
         f"{rows[0]['java_kernel'] if rows else '?'}; torch BLAS: {rows[0]['torch_blas'] if rows else '?'}.\n")
L.append("**Noise.** Timings depend on what else runs on the machine: the load average before each run is in "
         "results.json and summarised at the end (on 2 cores, a load near 2 is this script's own two threads; "
         "well above 2 means other jobs shared the cores). Each Java run is followed at once by its PyTorch twin, "
         "each side reports the median of its repeats, and the ratio column is the median over rounds of the "
         "per-round ratios.\n")
L.append("| benchmark | options | Java median (s) | PyTorch median (s) | Java/PyTorch | per-round ratios | target | met |")
L.append("|---|---|---|---|---|---|---|---|")
for row in rows:
    if 0 in row["rounds"]:
        continue
    t = row.get("target")
    extra = ""
    if row["bench"] == "gemm":
        extra = f" ({row['java_gflops']:.0f} vs {row['torch_gflops']:.0f} GFLOP/s"
        if "java_gflops_per_cpu_second" in row:
            extra += f"; Java {row['java_gflops_per_cpu_second']:.0f} per CPU-second of its one thread"
        extra += ")"
    if row["bench"] == "st":
        extra = f" (eig alone: Java {row['java_eig_s']:.3f} s, PyTorch {row['torch_eig_s']:.3f} s)"
    L.append(f"| {row['bench']} | `{row['options']}` | {row['java_median_s']:.4f} | {row['torch_median_s']:.4f} | "
             f"{row['ratio']:.2f}{extra} | {', '.join('%.2f' % x for x in row['ratios'])} | "
             f"{t['text'] if t else ''} | {('yes' if t['met'] else 'no (%.2f)' % t['value']) if t else ''} |")
L.append("")
L.append("Commands (each row's Java and PyTorch command; run from the repository root):\n")
L.append("```")
for row in rows:
    if 0 in row["rounds"]:
        continue
    L.append(row["java_command"])
    L.append(row["torch_command"])
L.append("```\n")
L.append("## Scaling\n")
L.append("One round, `--repeats 5 --warmup 2` (ST: `--repeats 3 --warmup 1`), same commands as above with the "
         "size changed; plot: scaling.png (log-log).\n")
L.append("| benchmark | options | Java (s) | PyTorch (s) | Java/PyTorch |")
L.append("|---|---|---|---|---|")
for row in rows:
    if row["rounds"] == [0]:
        L.append(f"| {row['bench']} | `{row['options']}` | {row['java_median_s']:.4f} | {row['torch_median_s']:.4f} "
                 f"| {row['ratio']:.2f} |")
L.append("")
L.append("![time against m and d, log axes](scaling.png)\n")
loads = [r["load"] for r in runs]
L.append(f"Load averages (1, 5, 15 min) seen before the runs: first `{loads[0]}`, last `{loads[-1]}`, "
         f"highest 1-minute {max(float(x.split(',')[0]) for x in loads):.2f} over {len(loads)} runs.\n")
open(os.path.join(out_dir, "RESULTS.md"), "w").write("\n".join(L))
