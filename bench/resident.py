#!/usr/bin/env python3
"""Where the REPL's resident memory is: runs the memory benchmark's session (bench.py, figure 5) and
attributes each resident page of the convene binary's code to the module of the function at that
address (from /proc/PID/pagemap and the symbol table; needs root to read page frames).

Usage: resident.py BINARY [STORE]. Prints VmRSS, the anonymous and file-backed parts, the mappings
that hold the most, and the code pages by module."""
import bisect
import collections
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

import pexpect

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.realpath(sys.argv[1])
work = tempfile.mkdtemp(prefix="convene-resident-")
store = os.path.join(work, "store.sqlite")
source = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, ".bench", "store-1000.sqlite")
if os.path.exists(source):
    shutil.copy(source, store)
env = dict(os.environ, HOME=work, XDG_CACHE_HOME=os.path.join(work, "cache"), XDG_STATE_HOME=os.path.join(work, "state"), NO_COLOR="1", TERM="dumb", CONVENE_STORE=store)
subprocess.run([BINARY, "activities", "list"], env=env, capture_output=True, check=True)  # a warm cache, as bench.py has

child = pexpect.spawn(BINARY, ["start", "monthly-steering", "--group", "Memory"], env=env, encoding="utf-8", timeout=30)
child.expect(r"\]> ")
for line in ["a note", "/agenda", "/pulse trust-at-this-table", "/signals", "/trends"]:
    child.send(line + "\r")
    child.expect(r"\]> ")
pid = child.pid

status = open(f"/proc/{pid}/status").read()
for key in ("VmRSS", "RssAnon", "RssFile"):
    print(re.search(key + r":.*", status).group(0))

mappings = collections.Counter()
name = None
for line in open(f"/proc/{pid}/smaps"):
    parts = line.split()
    if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
        name = (os.path.basename(parts[5]) if len(parts) > 5 else "[anonymous]") + " " + parts[1]
    elif parts[0] == "Rss:":
        mappings[name] += int(parts[1])
print("\nmappings holding the most:")
for mapping, kb in mappings.most_common(8):
    print(f"{kb:8d} kB {mapping}")

symbols = []
for line in subprocess.run(["nm", "-n", "--defined-only", BINARY], capture_output=True, text=True).stdout.splitlines():
    parts = line.split()
    if len(parts) >= 3 and parts[1] in "tTwW":
        symbols.append((int(parts[0], 16), parts[2]))
addresses = [a for a, _ in symbols]
loads = []
for line in subprocess.run(["readelf", "-lW", BINARY], capture_output=True, text=True).stdout.splitlines():
    parts = line.split()
    if parts and parts[0] == "LOAD":
        loads.append((int(parts[1], 16), int(parts[2], 16), int(parts[4], 16)))


def module(symbol):
    match = re.match(r"\$s(\d+)", symbol)
    if match:
        return symbol[len(match.group(0)):len(match.group(0)) + int(match.group(1))]
    if symbol.startswith("$ss") or symbol.startswith("$sS"):
        return "Swift"
    if symbol.startswith("_ZN6icu_") or re.match(r"^u[a-z]*_", symbol):
        return "ICU"
    if symbol.startswith(("swift_", "_swift", "_ZN5swift")):
        return "Swift runtime"
    if symbol.startswith(("CF", "_CF", "__CF")):
        return "CoreFoundation"
    return "other C"


pages = collections.Counter()
pagemap = open(f"/proc/{pid}/pagemap", "rb")
for line in open(f"/proc/{pid}/maps"):
    parts = line.split()
    if len(parts) < 6 or os.path.realpath(parts[5]) != BINARY or "x" not in parts[1]:
        continue
    start, end = (int(x, 16) for x in parts[0].split("-"))
    offset = int(parts[2], 16)
    base = next(vaddr + (offset - foffset) for foffset, vaddr, size in loads if foffset <= offset < foffset + size)
    for page in range(start, end, 4096):
        pagemap.seek(page // 4096 * 8)
        if not (struct.unpack("Q", pagemap.read(8))[0] >> 63) & 1:
            continue
        index = bisect.bisect_right(addresses, base + page - start) - 1
        pages[module(symbols[index][1]) if index >= 0 else "headers, symbols, relocations"] += 1
print("\nresident code pages of the binary by module:")
for name, count in pages.most_common(15):
    print(f"{count * 4:8d} kB {name}")
child.send("/quit\r")
child.expect(pexpect.EOF)
shutil.rmtree(work)
