#!/usr/bin/env python3
"""Cross-check: evaluate every golden vector (verification/vectors) with the independent PyTorch
implementation (spectral_ssl_torch.py) and compare with the Java reference's expected results,
under each vector's own tolerance (FORMAT.md section 4). Exit 1 on any disagreement.

Then, at exactly repeated eigenvalues, compare ST's gradient three ways: the reference's
(Daleckii-Krein, E17), autograd through torch.linalg.eigh, and central finite differences of the
loss; and say which gradient the finite differences confirm.

  /usr/bin/python3 verification/torch/crosscheck.py [--vectors DIR] [--markdown]
"""
import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import torch  # noqa: E402

import spectral_ssl_torch as impl  # noqa: E402

META = {"format", "id", "op", "notes"}


def fields(result):
    out = {}
    for k, v in result.items():
        if k in META or k == "error":
            continue
        if k == "terms":
            for t, tv in v.items():
                out["terms." + t] = tv
        else:
            out[k] = v
    return out


def values(v):
    def num(x):
        if isinstance(x, str):
            return {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}[x]
        return float(x)
    if isinstance(v, dict):
        return list(v["shape"]), [num(x) for x in v["data"]]
    return [], [num(v)]


def agree(a, b, atol, rtol):
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= atol + rtol * abs(b)


def compare(expected, actual, tol):
    """(ok, worst normwise error, failing fields) under FORMAT.md section 4."""
    rtol = tol["rtol"]
    atols = tol.get("atol", {})
    exp = fields(expected)
    act = fields(actual)
    failed = []
    worst = 0.0
    for name, ev in exp.items():
        if name not in act:
            failed.append(name + " (missing)")
            continue
        es, ed = values(ev)
        as_, ad = values(act[name])
        if es != as_:
            failed.append(f"{name} (shape {as_} vs {es})")
            continue
        scale = max([abs(x) for x in ed if math.isfinite(x)] + [0.0]) or 1.0
        if not es:
            scale = max(1.0, scale)
        atol = atols.get(name, rtol * scale)
        ok = True
        for a, b in zip(ad, ed):
            if not agree(a, b, atol, rtol):
                ok = False
            if math.isfinite(a) and math.isfinite(b):
                worst = max(worst, abs(a - b) / scale)
            elif not (a == b or (math.isnan(a) and math.isnan(b))):
                worst = math.inf
        if not ok:
            failed.append(name)
    return not failed, worst, failed


def directional_fd(case, direction, h):
    """Central difference of the loss along `direction` (same layout as z1, z2), Richardson-extrapolated."""
    def loss_at(t):
        c = json.loads(json.dumps(case))
        for key in ("z1", "z2"):
            if key in c:
                c[key]["data"] = [x + t * v for x, v in zip(c[key]["data"], direction[key])]
        return impl.evaluate(c)["loss"]
    d1 = (loss_at(h) - loss_at(-h)) / (2 * h)
    d2 = (loss_at(h / 2) - loss_at(-h / 2)) / h
    return (4 * d2 - d1) / 3


def dot(grads, direction):
    s = 0.0
    for key, g in grads.items():
        for a, v in zip(g["data"], direction[key]):
            if isinstance(a, str):
                return math.nan
            s += a * v
    return s


def repeated_eigenvalue_study(vectors):
    """Reference (DK) vs autograd-through-eigh vs finite differences, at repeated eigenvalues."""
    rows = []
    gen = torch.Generator().manual_seed(2024)
    for name, doc in vectors:
        if doc["case"]["op"] != "st" or ("repeated" not in name and "neartie" not in name):
            continue
        case = doc["case"]
        direction = {k: torch.empty(len(case[k]["data"])).uniform_(-1, 1, generator=gen).tolist()
                     for k in ("z1", "z2")}
        scale = max(abs(x) for k in ("z1", "z2") for x in case[k]["data"])
        fd = directional_fd(case, direction, 1e-4 * scale)
        ours = dot({"z1": doc["expected"]["grad_z1"], "z2": doc["expected"]["grad_z2"]}, direction)
        auto = impl.evaluate(case, bug="eigh-autograd")
        ag = dot({"z1": auto["grad_z1"], "z2": auto["grad_z2"]}, direction)
        nonfinite = sum(1 for k in ("grad_z1", "grad_z2") for x in auto[k]["data"] if isinstance(x, str))
        rows.append((name, ours, ag, fd, nonfinite))
    return rows


def main(argv):
    vdir = os.path.join(HERE, "..", "vectors")
    if "--vectors" in argv:
        vdir = argv[argv.index("--vectors") + 1]
    markdown = "--markdown" in argv
    vectors = []
    for fn in sorted(os.listdir(vdir)):
        if fn.endswith(".json") and fn != "index.json":
            with open(os.path.join(vdir, fn), encoding="utf-8") as f:
                doc = json.load(f)
            if doc.get("format") == "spectral-ssl-vector/1":
                vectors.append((fn[:-5], doc))
    per_op = {}
    failures = []
    for name, doc in vectors:
        op = doc["case"]["op"]
        actual = impl.answer(json.dumps(doc["case"]), None)
        tol = doc["manifest"]["tolerance"]
        if "error" in actual:
            ok, worst, failed = False, math.inf, ["error: " + actual["error"]]
        else:
            ok, worst, failed = compare(doc["expected"], actual, tol)
        s = per_op.setdefault(op, {"n": 0, "pass": 0, "worst": 0.0, "worst_strict": 0.0, "rtols": set()})
        s["n"] += 1
        s["pass"] += ok
        s["worst"] = max(s["worst"], worst)
        if tol["rtol"] <= 1e-10:
            s["worst_strict"] = max(s["worst_strict"], worst)
        s["rtols"].add(tol["rtol"])
        if not ok:
            failures.append(f"{name}: {', '.join(failed)}")
    print("PyTorch (float64, %s) against the Java reference, per op; error = max |a - b| / max |b| over "
          "each field, worst field of any vector:" % torch.__version__)
    if markdown:
        print("\n| op | vectors | agree | worst error (rtol 1e-10 vectors) | worst error (all) | rtols |")
        print("|---|---|---|---|---|---|")
    for op in impl.OPS:
        if op not in per_op:
            continue
        s = per_op[op]
        rt = ", ".join("%g" % r for r in sorted(s["rtols"]))
        if markdown:
            print(f"| `{op}` | {s['n']} | {s['pass']} | {s['worst_strict']:.1e} | {s['worst']:.1e} | {rt} |")
        else:
            print(f"  {op:13s} {s['pass']:3d}/{s['n']:<3d} agree   worst error {s['worst']:.1e}"
                  f" (at rtol 1e-10: {s['worst_strict']:.1e})   rtol {rt}")
    print("\nAt repeated and nearly repeated eigenvalues, ST's gradient along a random direction V, <grad, V>:")
    if markdown:
        print("\n| vector | reference (E17) | autograd through eigh | central differences | reference vs FD "
              "| autograd vs FD | non-finite autograd entries |")
        print("|---|---|---|---|---|---|---|")
    study_ok = True
    verdicts = []
    for name, ours, ag, fd, nonfinite in repeated_eigenvalue_study(vectors):
        rel = abs(ours - fd) / max(abs(fd), 1e-300)
        ag_rel = abs(ag - fd) / max(abs(fd), 1e-300)
        if markdown:
            print(f"| `{name}` | {ours:.12e} | {ag:.12e} | {fd:.12e} | {rel:.1e} | "
                  f"{'not finite' if not math.isfinite(ag) else '%.1e' % ag_rel} | {nonfinite} |")
        else:
            print(f"  {name}: reference {ours:.12e}, autograd-eigh {ag:.12e}, finite differences {fd:.12e} "
                  f"({nonfinite} non-finite autograd entries)")
        ok = rel <= 1e-8
        study_ok &= ok
        verdicts.append(f"{name}: finite differences {'confirm' if ok else 'DO NOT confirm'} the reference "
                        f"(relative difference {rel:.1e}); autograd through eigh is "
                        f"{'not finite' if not math.isfinite(ag) else 'off by %.1e' % ag_rel}")
    if markdown:
        print()
    for v in verdicts:
        print(("  " if not markdown else "* ") + v)
    if failures or not study_ok:
        print("\nDISAGREEMENT:")
        for f in failures:
            print("  " + f)
        return 1
    print(f"\nPASS: {len(vectors)} vectors agree within their tolerances")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
