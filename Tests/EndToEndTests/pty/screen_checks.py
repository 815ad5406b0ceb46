#!/usr/bin/env python3
"""The screen follows the terminal and long output goes through the pager (issue 25), run by
PseudoTerminalTests: a session started at 100 columns is resized to 60 mid-session, and /airtime,
/help and the prompt then fit 60 columns; /help, longer than the screen, goes through $PAGER at a
terminal; a script never uses the pager.

Usage: screen_checks.py BINARY SANDBOX. Exits 0 when every check passes, else prints what failed.
"""
import os
import re
import subprocess
import sys

import pexpect

from common import Checks, environment

binary, sandbox = sys.argv[1], sys.argv[2]
checks = Checks()
check = checks.check
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
paged = os.path.join(sandbox, "paged.txt")

env = environment(sandbox)
env["PAGER"] = f"tee {paged}"

# A first start on an empty store asks for the group's name at a terminal (a script must give
# --group); then Tab completes a label from the roster, not only one already spoken.
first_env = dict(env, CONVENE_STORE=os.path.join(sandbox, "first.sqlite"))
first = pexpect.spawn(binary, ["start", "monthly-steering"], env=first_env, encoding="utf-8", timeout=15, dimensions=(40, 100))
first.expect("This store has no group yet. The group's name")
first.send("Reading Coalition\r")
first.expect(r"\]> ")
check("Monthly steering committee · Reading Coalition" in first.before, "the group named at the question did not start the session")
first.send('/seat "School District" public\r')
first.expect(r"\]> ")
first.send("/spoke Sch\t\r")
try:
    first.expect("School District: 1 turn")
except pexpect.TIMEOUT:
    check(False, f"Tab did not complete the roster's label: {ANSI.sub('', first.before)[-300:]!r}")
first.expect(r"\]> ")
first.send("/quit\r")
first.expect(pexpect.EOF)
child = pexpect.spawn(binary, ["start", "monthly-steering", "--group", "Screen"], env=env, encoding="utf-8", timeout=15, dimensions=(40, 100))
child.expect(r"\]> ")


def run(line):
    child.send(line + "\r")
    child.expect(r"\]> ")
    return [ANSI.sub("", l).rstrip("\r") for l in child.before.split("\n")][1:-1]


for label in ["Superintendent of the County School District", "Eastside Tenants Association", "United Way of the Valley"]:
    run(f"/spoke {label}")
wide = run("/airtime")
check(any(len(l) > 60 for l in wide), "at 100 columns /airtime should use more than 60 columns")
# The projector is plugged in: 60 columns from now on.
child.setwinsize(40, 60)
narrow = run("/airtime")
long_lines = [l for l in narrow if len(l) > 60]
check(not long_lines, f"after the resize /airtime still runs past 60 columns: {long_lines[:2]}")
help_lines = run("/help")
check(os.path.exists(paged), "/help, longer than the screen, did not go through the pager")
if os.path.exists(paged):
    text = open(paged, encoding="utf-8").read()
    check("Commands (plain text is a note on the current activity)" in text, "the pager did not get /help")
    check(all(len(l) <= 60 for l in text.split("\n")), "the paged /help is not fitted to 60 columns")
child.send("/quit\r")
child.expect(pexpect.EOF)

# A script never pages, whatever $PAGER says.
os.remove(paged) if os.path.exists(paged) else None
script_env = dict(env)
result = subprocess.run([binary, "resume"], input="/help\n/end\n", env=script_env, capture_output=True, text=True, timeout=60)
check(result.returncode == 0, f"the script's resume failed: {result.stderr[-300:]}")
check(not os.path.exists(paged), "a script went through the pager")
check("Commands (plain text" in result.stdout, "a script's /help is not on its standard output")
checks.finish("screen")
