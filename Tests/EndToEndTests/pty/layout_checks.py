#!/usr/bin/env python3
"""The REPL on a 60-column, 40-row screen, run by PseudoTerminalTests: a prompt that leaves room to
type, tables and bars within the width, a /next that fits the rows, and the line ends of Ctrl-C and
Ctrl-D.

Usage: layout_checks.py BINARY SANDBOX. Exits 0 when every check passes, else prints what failed.
"""
import os
import re
import sys

import pexpect

from common import Checks, spawn

binary, sandbox = sys.argv[1], sys.argv[2]
checks = Checks()
check = checks.check
WIDTH, ROWS = 60, 40
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def screen_lines(text):
    return [ANSI.sub("", line).rstrip("\r") for line in text.split("\n")]


child = spawn(binary, ["start", "monthly-steering", "--group", "Coalición de Lectura Temprana"], sandbox, dimensions=(ROWS, WIDTH))
child.expect(r"\]> ")
opening = screen_lines(child.before)
prompt = opening[-1] + "]> "
check(len(prompt) <= WIDTH // 3, f"the prompt takes {len(prompt)} of {WIDTH} columns: {prompt!r}")
check(prompt.startswith("[1/") or prompt.startswith("convene[1/"), f"the prompt does not start with the step: {prompt!r}")
check(len(opening) <= ROWS, f"the opening takes {len(opening)} rows of {ROWS}")


def run(line):
    child.send(line + "\r")
    child.expect(r"\]> ")
    return screen_lines(child.before)[1:-1]


for line in ["/spoke United Way", "/spoke United Way", "/spoke Eastside Tenants Association", "/present 4"]:
    run(line)
for command in ["/airtime", "/help", "/agenda"]:
    lines = run(command)
    wide = [line for line in lines if len(line) > WIDTH]
    check(not wide, f"{command} is wider than {WIDTH} columns: {wide}")
    if command == "/airtime":
        check(any("█" in line for line in lines), f"/airtime has no bars: {lines}")

lines = run("/next")
check(len(lines) <= ROWS - 1, f"/next printed {len(lines)} lines on a {ROWS}-row screen")
check(lines and lines[0].startswith("Step 2/"), f"/next does not start with the step's header: {lines[:2]}")

# Ctrl-C and Ctrl-D end their line: what follows starts on a line of its own.
child.send("half typed note about funding")
child.expect("about funding")
child.sendcontrol("c")
child.expect(r"\]> ")
check("\n" in child.before, f"no newline after Ctrl-C: {child.before!r}")
child.sendcontrol("d")
child.expect("Left the session")
check("\n" in child.before, f"no newline after Ctrl-D: {child.before!r}")
child.expect(pexpect.EOF)
child.close()
check(child.exitstatus == 0, f"exit status {child.exitstatus}")
# The home screen's list of commands wraps under its column, never mid-word past the edge.
# (a store of its own: the session above is still open, and `convene` would resume it)
home_sandbox = os.path.join(sandbox, "home")
os.makedirs(home_sandbox, exist_ok=True)
child = spawn(binary, [], home_sandbox, dimensions=(ROWS, WIDTH))
child.expect(r"> ")
home = screen_lines(child.before)
wide = [line for line in home if len(line) > WIDTH]
check(not wide, f"the home screen is wider than {WIDTH} columns: {wide}")
check(any(line.startswith("  /start") for line in home), f"the home screen lists no /start: {home}")
child.send("/quit\r")
child.expect(pexpect.EOF)
child.close()

checks.finish("layout")
