"""Labelled cases for `bulwark data check` from scikit-learn's bundled datasets (run with Debian's /usr/bin/python3).

    data_quality_cases.py build DIR          writes DIR/<case>/{reference.csv,candidate.csv,truth.json} and DIR/cases.json
    data_quality_cases.py report DIR OUT.md  reads DIR/<case>/report.sarif and writes the detection table

Each dataset (iris, wine, breast_cancer, digits, make_classification) is split at random into a reference half and
a candidate half; problems of graded strength are planted in the candidate, and clean look-alikes (the other half,
shuffled rows, reordered columns) must raise nothing at error level. truth.json holds the kind, the strength,
whether the case is meant to be found, and the 0-based candidate rows that were poisoned.
"""

import csv
import json
import os
import sys

import numpy as np
from sklearn import datasets

KIND_RULES = {
    "label-flip": "data-label-noise",
    "backdoor": "data-backdoor",
    "conflicting-duplicate": "data-conflicting-duplicate",
    "outlier": "data-outlier",
    "drift": "data-feature-drift",
    "schema-change": "data-schema-change",
    "label-shift": "data-label-shift",
}


def load():
    out = {}
    for name, loader in [("iris", datasets.load_iris), ("wine", datasets.load_wine),
                         ("breast_cancer", datasets.load_breast_cancer), ("digits", datasets.load_digits)]:
        bunch = loader()
        names = [n.replace(" ", "_").replace("(", "").replace(")", "").replace("/", "_") for n in bunch.feature_names]
        out[name] = (bunch.data.astype(float), bunch.target.astype(int), names)
    x, y = datasets.make_classification(n_samples=6000, n_features=10, n_informative=6, n_redundant=2,
                                        n_classes=3, class_sep=1.5, random_state=7)
    out["make_classification"] = (np.round(x, 5), y, [f"f{i}" for i in range(10)])
    return out


def write_csv(path, columns, x, y, cell=None):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(columns + ["label"])
        for i in range(len(y)):
            row = [repr(float(v)) if float(v) != int(v) else str(int(v)) for v in x[i]]
            if cell is not None:
                row = cell(i, row)
            w.writerow(row + [str(int(y[i]))])


def build(root):
    os.makedirs(root, exist_ok=True)
    cases = []
    for dataset, (x, y, names) in load().items():
        rng = np.random.default_rng(sum(map(ord, dataset)))
        order = rng.permutation(len(y))
        half = len(y) // 2
        rx, ry = x[order[:half]], y[order[:half]]
        cx, cy = x[order[half:]], y[order[half:]]
        n = len(cy)
        classes = np.unique(y)
        std = rx.std(axis=0)
        # features with many distinct values (the digits' pixels are a 0..16 grid: take the most varied one there)
        distinct = [len(np.unique(rx[:, j])) for j in range(x.shape[1])]
        continuous = [j for j in range(x.shape[1]) if distinct[j] > 0.3 * half] or [int(np.argmax(distinct))]

        def case(kind, strength, expect, cand_x, cand_y, rows=(), columns=None, cell=None, ref=None):
            name = f"{dataset}-{kind}-{strength}".replace("%", "pct").replace(" ", "_")
            folder = os.path.join(root, name)
            os.makedirs(folder, exist_ok=True)
            write_csv(os.path.join(folder, "reference.csv"), names, rx, ry)
            write_csv(os.path.join(folder, "candidate.csv"), columns or names, cand_x, cand_y, cell)
            truth = {"case": name, "dataset": dataset, "kind": kind, "strength": strength, "expect": expect,
                     "rule": KIND_RULES.get(kind), "rows": sorted(int(r) for r in rows), "candidate_rows": int(len(cand_y))}
            with open(os.path.join(folder, "truth.json"), "w") as f:
                json.dump(truth, f)
            cases.append(truth)

        # clean look-alikes
        case("clean", "fresh sample", False, cx, cy)
        perm = rng.permutation(n)
        case("clean", "shuffled rows", False, cx[perm], cy[perm])
        reorder = list(rng.permutation(len(names)))
        case("clean", "reordered columns", False, cx[:, reorder], cy, columns=[names[j] for j in reorder])

        # label flips: k% of candidate rows get another class
        for pct in (1, 2, 5, 10):
            k = max(1, round(n * pct / 100))
            rows = rng.choice(n, size=k, replace=False)
            fy = cy.copy()
            for r in rows:
                fy[r] = rng.choice([c for c in classes if c != cy[r]])
            case("label-flip", f"{pct}%", pct >= 5 or n >= 1000, cx, fy, rows)

        # backdoor: an exact rare value in a continuous feature, all with the target label
        trigger_col = continuous[0]
        target = classes[-1]
        for share in (0.5, 2, 4):
            k = max(2, round(n * share / 100))
            rows = rng.choice(n, size=k, replace=False)
            bx, by = cx.copy(), cy.copy()
            bx[rows, trigger_col] = round(float(np.median(rx[:, trigger_col])) + 0.123457, 6)
            by[rows] = target
            case("backdoor", f"{share}% rows", k >= 10, bx, by, rows)

        # near-duplicates of reference rows with a flipped label, appended to the candidate
        for k in (1, 5, 20):
            picks = rng.choice(half, size=k, replace=False)
            dx = rx[picks] * (1 + 1e-7)
            dy = np.array([rng.choice([c for c in classes if c != ry[p]]) for p in picks])
            case("conflicting-duplicate", f"{k} rows", k >= 5, np.vstack([cx, dx]), np.concatenate([cy, dy]), range(n, n + k))

        # outliers far outside the reference range
        for k, widths in ((1, 0.5), (3, 5)):
            rows = rng.choice(n, size=k, replace=False)
            ox = cx.copy()
            span = rx[:, trigger_col].max() - rx[:, trigger_col].min()
            ox[rows, trigger_col] = rx[:, trigger_col].max() + widths * span
            case("outlier", f"{k} rows at {widths} range widths", widths >= 2, ox, cy, rows)

        # drift: every candidate value of one feature shifted
        for shift in (0.1, 0.5, 1.0):
            sx = cx.copy()
            sx[:, trigger_col] = sx[:, trigger_col] + shift * std[trigger_col]
            case("drift", f"{shift} sd", shift >= 0.5 and n >= 150 or shift >= 1.0, sx, cy)

        # schema change: a column dropped
        keep = [j for j in range(len(names)) if j != trigger_col]
        case("schema-change", "column dropped", True, cx[:, keep], cy, columns=[names[j] for j in keep])

        # label shift: most rows of the first class removed
        for drop in (0.3, 0.8):
            first = np.where(cy == classes[0])[0]
            gone = set(rng.choice(first, size=int(len(first) * drop), replace=False).tolist())
            kept = [i for i in range(n) if i not in gone]
            case("label-shift", f"{int(drop * 100)}% of class {classes[0]} removed", drop >= 0.8 or n >= 1000, cx[kept], cy[kept])
    with open(os.path.join(root, "cases.json"), "w") as f:
        json.dump(cases, f, indent=1)


def errors(path):
    with open(path) as f:
        results = json.load(f)["runs"][0]["results"]
    return [r for r in results if r.get("level") == "error"]


def report(root, out):
    with open(os.path.join(root, "cases.json")) as f:
        cases = json.load(f)
    lines = []
    kinds = {}
    for c in cases:
        errs = errors(os.path.join(root, c["case"], "report.sarif"))
        rules = sorted({e["ruleId"] for e in errs})
        if c["kind"] == "clean":
            detected = None
            verdict = "false alarm" if errs else "clean"
        else:
            detected = c["rule"] in rules
            verdict = "yes" if detected else "no"
        listed = set()
        for e in errs:
            if e["ruleId"] == c["rule"]:
                listed.update(int(r) for r in e.get("properties", {}).get("rows", []))
        truth = set(c["rows"])
        precision = len(listed & truth) / len(listed) if listed and truth else None
        recall = len(listed & truth) / len(truth) if truth else None
        c.update(detected=detected, rules=rules, precision=precision, recall=recall, false_alarm=c["kind"] == "clean" and bool(errs))
        k = kinds.setdefault(c["kind"], {"cases": 0, "expected": 0, "found_expected": 0, "found_weak": 0, "weak": 0, "tp": 0, "listed": 0, "truth": 0})
        k["cases"] += 1
        if c["kind"] != "clean":
            if c["expect"]:
                k["expected"] += 1
                k["found_expected"] += bool(detected)
            else:
                k["weak"] += 1
                k["found_weak"] += bool(detected)
        k["tp"] += len(listed & truth)
        k["listed"] += len(listed) if truth else 0
        k["truth"] += len(truth)
        fmt = lambda v: "–" if v is None else f"{v:.2f}"
        lines.append(f"| {c['dataset']} | {c['kind']} | {c['strength']} | {'yes' if c['expect'] else 'no'} | {verdict} | "
                     f"{len(errs)} ({', '.join(rules)}) | {fmt(precision)} | {fmt(recall)} |")
    clean = kinds.get("clean", {"cases": 0})
    alarms = sum(1 for c in cases if c["false_alarm"])
    with open(out, "w") as f:
        f.write("# bulwark data check on labelled cases from scikit-learn\n\n")
        f.write("Written by `bench/data-quality.sh` (cases built by `bench/data_quality_cases.py` from scikit-learn's bundled\n"
                "iris, wine, breast_cancer, digits and a 6,000-row make_classification set, through Debian's python3-sklearn).\n"
                "Each dataset is split at random into a reference half and a candidate half; problems are planted in the\n"
                "candidate at graded strengths. \"Found\" means a SARIF result of the planted kind at level error; \"meant to be\n"
                "found\" is no for cases below a sensible threshold (too few rows for a test at this size). Precision/recall\n"
                "are over the candidate rows listed by the error findings of the planted kind against the poisoned rows.\n\n")
        f.write("## Summary by kind\n\n| kind | cases | found (meant to be) | found (weak) | poisoned-row precision | recall |\n| --- | --- | --- | --- | --- | --- |\n")
        for kind, k in kinds.items():
            if kind == "clean":
                continue
            p = f"{k['tp'] / k['listed']:.2f}" if k["listed"] else "–"
            r = f"{k['tp'] / k['truth']:.2f}" if k["truth"] else "–"
            f.write(f"| {kind} | {k['cases']} | {k['found_expected']}/{k['expected']} | {k['found_weak']}/{k['weak']} | {p} | {r} |\n")
        f.write(f"\nClean look-alikes (fresh half, shuffled rows, reordered columns): {alarms} of {clean['cases']} raised an error.\n\n")
        f.write("## Every case\n\n| dataset | kind | strength | meant to be found | found | error findings (rules) | precision | recall |\n"
                "| --- | --- | --- | --- | --- | --- | --- | --- |\n")
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "build":
        build(sys.argv[2])
    elif len(sys.argv) >= 4 and sys.argv[1] == "report":
        report(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
