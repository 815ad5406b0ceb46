#!/usr/bin/env python3
"""A short timer runs out while a line is half typed: the notice and bell appear, the line survives."""
import sys

import pexpect

from common import Checks, spawn

binary, sandbox = sys.argv[1], sys.argv[2]
checks = Checks()
child = spawn(binary, ["start", "monthly-steering", "--group", "Timer"], sandbox)
child.expect(r"\]> ")
child.send("/timer 0.05\r")
child.expect(r"Timer: 00:0\d")
child.expect(r"\]> ")
child.send("half typed")
child.expect("\x07", timeout=10)
child.expect("Time is up for ")
# The prompt and the half-typed line are drawn again after the notice.
child.expect(r"\]> half typed")
child.send(" and finished\r")
child.expect(r"noted \(1 on this activity\)")
child.expect(r"\]> ")
child.send("/end\r")
child.expect(pexpect.EOF)
checks.check("- half typed and finished" in child.before, "the half-typed line did not survive the notice")
child.close()
checks.check(child.exitstatus == 0, f"exit status {child.exitstatus}")
checks.finish("timer")
