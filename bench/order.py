#!/usr/bin/env python3
"""make order: writes bench/convene.order, the functions a start and a typical session run, in the
order callgrind first meets them. The release link (make build) places them side by side with lld's
--symbol-ordering-file, so the pages they share are few: the REPL's resident memory is mostly the
binary's own code pages, and the kernel maps them 64 KB at a time around each first touch.

Usage: order.py BINARY. Needs valgrind; reads the 1,000-session bench store (made by make bench)
or makes a small one."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.abspath(sys.argv[1])
OUT = os.path.join(ROOT, "bench", "convene.order")
work = tempfile.mkdtemp(prefix="convene-order-")
env = dict(os.environ, HOME=work, XDG_CACHE_HOME=os.path.join(work, "cache"), XDG_STATE_HOME=os.path.join(work, "state"), NO_COLOR="1",
           CONVENE_STORE=os.path.join(work, "store.sqlite"))
env.pop("CONVENE_LIBRARY", None)

bench_store = os.path.join(ROOT, ".bench", "store-1000.sqlite")
if os.path.exists(bench_store):
    shutil.copy(bench_store, env["CONVENE_STORE"])
else:
    subprocess.run([BINARY, "generate-store", "--sessions", "200", "--seed", "1"], env=env, check=True, capture_output=True)
subprocess.run([BINARY, "activities", "list"], env=env, check=True, capture_output=True)  # a warm library cache, as at any later start

# valgrind cannot read the DWARF the Swift compiler writes; the symbol table is all it needs.
plain = os.path.join(work, "convene")
subprocess.run(["strip", "--strip-debug", "-o", plain, BINARY], check=True)

runs = [
    ([], "/quit\n"),  # the home screen: what time to prompt measures
    (["start", "monthly-steering", "--group", "Order"],
     "a note\n/agenda\n/next\n/pulse trust-at-this-table\n/close\n/signals\n/trends\n/timer 5\n/conflict budget split\n/quit\n"),
    (["resume"], "/end\n"),
]
names, seen = [], set()
for index, (args, script) in enumerate(runs):
    out = os.path.join(work, f"callgrind.{index}")
    subprocess.run(["valgrind", "--tool=callgrind", "--demangle=no", f"--callgrind-out-file={out}", plain] + args,
                   input=script, text=True, env=env, capture_output=True)
    ids = {}
    for line in open(out, errors="replace"):
        match = re.match(r"^c?fn=\((\d+)\)(?: (.*))?$", line.rstrip("\n"))
        if not match:
            continue
        key, name = match.groups()
        if name:
            ids[key] = name
        name = ids.get(key)
        if name and name not in seen:
            seen.add(name)
            names.append(name)

defined = set()
for line in subprocess.run(["nm", "--defined-only", BINARY], capture_output=True, text=True, check=True).stdout.splitlines():
    parts = line.split()
    if len(parts) == 3 and parts[1] in "tTwW":
        defined.add(parts[2])
ordered = [n for n in names if n in defined]
with open(OUT, "w") as f:
    f.write("\n".join(ordered) + "\n")
print(f"{OUT}: {len(ordered)} functions")
shutil.rmtree(work)
