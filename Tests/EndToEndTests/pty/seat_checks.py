#!/usr/bin/env python3
"""Seats at a real terminal: a label without a seat is asked about once (Enter skips), and a
segmented pass round asks each person's segment on a cleared screen, keeping it out of history."""
import sys

from common import Checks, history_text, spawn

binary, sandbox = sys.argv[1], sys.argv[2]
checks = Checks()
child = spawn(binary, ["start", "monthly-steering", "--group", "Seats"], sandbox)
child.expect(r"\]> ")
child.send("/seat Ana resident\r")
child.expect(r"\]> ")
child.send("/spoke Bo\r")
child.expect("Seat category for Bo")
child.send("grassroots\r")
child.expect("Bo is seated as grassroots")
child.expect(r"\]> ")
child.send("/spoke bo\r")
child.expect(r"\]> ")
checks.check("Seat category" not in child.before, "a seated label was asked about again")
child.send("/commit County Health: share the data\r")
child.expect("Seat category for County Health")
child.send("\r")  # Enter skips
child.expect(r"\]> ")
child.send("/commit county health: and the map\r")
child.expect(r"\]> ")
checks.check("Seat category" not in child.before, "an owner was asked about twice")
child.send("/roster\r")
child.expect(r"\]> ")
checks.check("grassroots (1): Bo" in child.before and "County Health" not in child.before, f"roster: {child.before!r}")

# A segmented pass round: the segment first, on a cleared screen, then the answer.
child.send("/present 5\r")
child.expect(r"\]> ")
child.send("/pulse trust-at-this-table --by category --force\r")
child.expect("Asked first")
child.expect(r"\]> ")
child.send("/pass\r")
child.expect("close word> ")
child.send("otterly\r")
for choice, answer in [("1", "4"), ("1", "5"), ("2", "2"), ("1", "4"), ("7", "3")]:
    child.expect("your choice> ")
    checks.check("\x1b[3J" in child.before or "\x1b[2J" in child.before, "the segment question was not on a cleared screen")
    child.send(choice + "\r")
    child.expect("your answer> ")
    checks.check("\x1b[2J" in child.before, "the question did not follow on a cleared screen")
    child.send(answer + "\r")
    child.expect("Saved, anonymously")
    child.expect("press Enter> ")
    child.send("\r")
child.expect("your choice> ")
child.send("otterly\r")
child.expect("Round closed: 5 answers")
child.expect(r"\]> ")
child.send("/close\r")
child.expect(r"\]> ")
# residents 3, grassroots 1, prefer not 1: no segment reaches k = 5.
checks.check("No segment reaches 5 answers" in child.before, f"close: {child.before!r}")
child.send("/quit\r")
child.expect_exact(["Left the session", "stays open"])
child.wait()
history = history_text(sandbox)
checks.check("otterly" not in history, "the close word is in the history")
checks.check("/pulse trust-at-this-table --by category --force" in history, "the facilitator's own line is not in the history")
checks.finish("seat")
