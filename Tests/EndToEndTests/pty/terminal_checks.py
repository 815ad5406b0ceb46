#!/usr/bin/env python3
"""Pseudo-terminal checks of the REPL, run by PseudoTerminalTests: Tab completion, Ctrl-C, history.

Usage: terminal_checks.py BINARY SANDBOX. Exits 0 when every check passes, else prints what failed.
"""
import os
import stat
import sys

import pexpect

from common import Checks, history_text, spawn

binary, sandbox = sys.argv[1], sys.argv[2]
checks = Checks()
failures = checks.failures
check = checks.check

child = spawn(binary, ["start", "monthly-steering", "--group", "Pty"], sandbox)
child.expect(r"convene\[1/\d+ \S+ · Pty\]> ")
child.expect(r"\]> ")

# Tab completes /ne to /next: the completed command runs and moves to step 2.
child.send("/ne\t")
child.send("\r")
child.expect(r"Step 2/\d+")
child.expect(r"convene\[2/\d+ \S+ · Pty\]> ")

# Ctrl-C clears a half-typed line and the process keeps running.
child.send("this half line must vanish")
child.expect("must vanish")
child.sendcontrol("c")
child.expect(r"\]> ")
check(child.isalive(), "Ctrl-C ended the process")
# The next prompt starts on a line of its own, not after the abandoned text.
check("\n" in child.before, f"no newline after Ctrl-C: {child.before!r}")
child.send("kept after ctrl-c\r")
child.expect(r"noted \(1 on this activity\)")
child.expect(r"\]> ")

# An unknown command is one error line and the session goes on.
child.send("/frobnicate\r")
child.expect("unknown command /frobnicate")
child.expect(r"\]> ")
child.send("/agenda\r")
child.expect(r"▶\s+2\.")
child.expect(r"\]> ")

# Ctrl-D on an empty line leaves; the session stays resumable.
child.sendcontrol("d")
child.expect("Left the session")
check("\n" in child.before, f"no newline after Ctrl-D: {child.before!r}")
child.expect("stays open")
child.expect(pexpect.EOF)
child.close()
check(child.exitstatus == 0, f"Ctrl-D exit status {child.exitstatus}")

history = os.path.join(sandbox, "state", "convene", "history")
if os.path.exists(history):
    mode = stat.S_IMODE(os.stat(history).st_mode)
    check(mode == 0o600, f"history mode is {oct(mode)}, not 0600")
    text = history_text(sandbox)
    check("kept after ctrl-c" in text, "history lacks the last line")
    check("this half line must vanish" not in text, "an abandoned line reached the history")
else:
    failures.append("no history file at " + history)

# Resume shows the note typed after Ctrl-C, and not the abandoned line.
child = spawn(binary, ["resume"], sandbox)
child.expect(r"\]> ")
child.send("/end\r")
child.expect(pexpect.EOF)
output = child.before
check("- kept after ctrl-c" in output, "the note typed after Ctrl-C is missing from the summary")
check("this half line must vanish" not in output, "the abandoned line was saved")

checks.finish("terminal")
