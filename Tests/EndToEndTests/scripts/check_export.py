#!/usr/bin/env python3
"""Recomputes the numbers of a Convene CSV export with Python's statistics module, independently of
Convene's Swift code, and compares them to what Convene computed (to 1e-9).

Usage: check_export.py EXPORT.csv SIGNALS.json. Prints one line per kind of check; exit 1 on any mismatch.
"""
import csv
import json
import statistics
import sys
from collections import defaultdict

rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
signals = json.load(open(sys.argv[2], encoding="utf-8"))
failures = []
checked = defaultdict(int)


def close(a, b, what):
    checked[what] += 1
    if abs(a - b) > 1e-9:
        failures.append(f"{what}: python {a!r} vs convene {b!r}")


answers = defaultdict(list)
scale = {}
for row in rows:
    if row["record"] == "answer":
        key = (row["session"], row["pulse"])
        answers[key].append(int(row["value"]))
        scale[key] = (int(row["scale_min"]), int(row["scale_max"]), row["reverse"] == "true", row["measure"])

# Per pulse: mean, median and sample standard deviation of the raw answers.
for row in rows:
    if row["record"] == "pulse" and row["value"] == "revealed" and row["mean"]:
        values = answers[(row["session"], row["pulse"])]
        if int(row["n"]) != len(values):
            failures.append(f"pulse {row['session']}/{row['pulse']}: {len(values)} answers exported, n = {row['n']}")
        close(statistics.mean(values), float(row["mean"]), "pulse mean")
        close(statistics.median(values), float(row["median"]), "pulse median")
        close(statistics.stdev(values), float(row["sd"]), "pulse standard deviation")
    if row["record"] == "pulse" and row["value"] != "revealed" and (row["mean"] or answers.get((row["session"], row["pulse"]))):
        failures.append(f"pulse {row['session']}/{row['pulse']} below the threshold exports values")


# Gini of speaking turns per session, by the mean absolute difference formula.
def gini(xs):
    n, mean = len(xs), statistics.mean(xs)
    return sum(abs(a - b) for a in xs for b in xs) / (2 * n * n * mean)


turns = defaultdict(list)
for row in rows:
    if row["record"] == "airtime":
        turns[row["session"]].append(int(row["value"]))
for row in rows:
    if row["record"] == "gini":
        close(gini(turns[row["session"]]), float(row["value"]), "airtime Gini")


# Per-session means of each measure on a 1-5 scale, reverse-worded answers turned round.
def normalized(key, value):
    low, high, reverse, _ = scale[key]
    if reverse:
        value = low + high - value
    return 1 + 4 * (value - low) / (high - low)


by_measure = defaultdict(list)
for key, values in answers.items():
    measure = scale[key][3]
    by_measure[(key[0], measure)] += [normalized(key, v) for v in values]
trend = {}
for row in rows:
    if row["record"] == "trend" and row["label"] == "mean of 5" and row["value"]:
        close(statistics.mean(by_measure[(row["session"], row["measure"])]), float(row["value"]), "trend mean")
        trend.setdefault(row["measure"], []).append((int(row["session"]), float(row["value"])))

# The least-squares slope of the trust-decline signal: the last six revealed sessions of trust and
# safety answers pooled.
pooled = defaultdict(list)
for (session, measure), values in by_measure.items():
    if measure in ("trust", "safety"):
        pooled[int(session)] += values
window = [statistics.mean(pooled[s]) for s in sorted(pooled)][-6:]
for signal in signals:
    if signal["id"] == "trust-decline":
        slope = statistics.linear_regression(list(range(len(window))), window).slope
        close(slope, signal["figures"]["slope"], "trust-decline slope")
        close(window[0], signal["figures"]["first"], "trust-decline first mean")
        close(window[-1], signal["figures"]["last"], "trust-decline last mean")

for what, count in sorted(checked.items()):
    print(f"{what}: {count} checked")
if failures:
    print("\n".join(failures[:20]))
    sys.exit(1)
if not checked:
    print("nothing was checked")
    sys.exit(1)
print("all export numbers agree")
