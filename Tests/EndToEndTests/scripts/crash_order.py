#!/usr/bin/env python3
"""kill -9 in the middle of a pass round, then a read command (`convene sessions list`): the store
file and its log must hold the answers in the order of their random keys, never the seating order.
Also a script that ends mid-round. Usage: crash_order.py BINARY SANDBOX"""
import os
import signal
import sqlite3
import subprocess
import sys
import time

binary, sandbox = sys.argv[1], sys.argv[2]
seats = [f"seat-{name}-answered" for name in ["ALICE", "BORIS", "CHIDI", "DAVID", "ELENA", "FARAH", "GOKAN", "HANNA"]]
failures = []


def raw(store):
    data = b""
    for suffix in ["", "-wal"]:
        if os.path.exists(store + suffix):
            data += open(store + suffix, "rb").read()
    return data


def check(store, what):
    data = raw(store)
    places = [[i for i in range(len(data)) if data.startswith(seat.encode(), i)] for seat in seats]
    if not all(len(p) == 1 for p in places):
        failures.append(f"{what}: an answer is in the files {[len(p) for p in places]} times")
        return
    in_file = [seat for _, seat in sorted(zip([p[0] for p in places], seats))]
    db = sqlite3.connect(f"file:{store}?immutable=1", uri=True)
    by_key = [row[0] for row in db.execute("SELECT comment FROM response ORDER BY key")]
    db.close()
    if in_file not in (by_key, by_key[::-1]):
        failures.append(f"{what}: file order {in_file} is not key order {by_key}")
    if in_file in (seats, seats[::-1]):
        failures.append(f"{what}: the file keeps the seating order")


def environment(store):
    env = dict(os.environ, CONVENE_STORE=store, HOME=sandbox, XDG_STATE_HOME=sandbox + "/state", NO_COLOR="1")
    env.pop("CONVENE_HISTORY", None)
    return env


lines = ["/present 8", "/pulse trust-at-this-table", "/pass", "closeword"] + [f"3 {seat}" for seat in seats]

# 1. kill -9 once every answer was acknowledged, then a read command.
store = os.path.join(sandbox, "killed.sqlite")
process = subprocess.Popen([binary, "start", "monthly-steering", "--group", "Crash"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, env=environment(store))
process.stdin.write(("\n".join(lines) + "\n").encode())
process.stdin.flush()
seen, deadline = b"", time.time() + 20
os.set_blocking(process.stdout.fileno(), False)
while seen.count(b"Saved, anonymously") < len(seats) and time.time() < deadline:
    chunk = process.stdout.read()
    if chunk:
        seen += chunk
    time.sleep(0.02)
if seen.count(b"Saved, anonymously") < len(seats):
    failures.append(f"only {seen.count(b'Saved, anonymously')} answers acknowledged")
os.kill(process.pid, signal.SIGKILL)
process.wait()
listed = subprocess.run([binary, "sessions", "list"], capture_output=True, env=environment(store), timeout=30)
if listed.returncode != 0:
    failures.append(f"sessions list: exit {listed.returncode}: {listed.stderr[-300:]!r}")
check(store, "kill -9, then sessions list")

# 2. A script that ends in the middle of the round (exit 2): the same.
store = os.path.join(sandbox, "ended.sqlite")
ended = subprocess.run([binary, "start", "monthly-steering", "--group", "Crash"], input=("\n".join(lines) + "\n").encode(),
                       capture_output=True, env=environment(store), timeout=30)
check(store, "a script ending mid-round")

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("all crash order checks passed")
