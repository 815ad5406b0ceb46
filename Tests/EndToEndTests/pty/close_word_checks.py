#!/usr/bin/env python3
"""The close word of a pass round is never echoed, wherever it is typed (issue 26). One run per
prompt of the round (a participant's answer, the next person's Enter, a segmented pulse's choice):
the facilitator types the close word there, the round closes, and not one byte the screen received
from the start of the session holds the word. Each key is sent the moment its prompt shows, as a
quick facilitator would, and once typed ahead of the next person's prompt, the moment "saved" shows."""
import io
import os
import sys

import pexpect

from common import Checks, spawn

WORD = "quokkaly"
binary, sandbox = sys.argv[1], sys.argv[2]
checks = Checks()


def round_closed_at(prompt, run):
    folder = os.path.join(sandbox, run)
    os.makedirs(folder, exist_ok=True)
    child = spawn(binary, ["start", "monthly-steering", "--group", "Close " + run], folder)
    screen = io.StringIO()
    child.logfile_read = screen
    child.expect(r"\]> ")
    child.send("/present 4\r")
    child.expect(r"\]> ")
    segmented = prompt == "your choice> "
    if segmented:
        child.send("/seat Ana resident\r")
        child.expect(r"\]> ")
    child.send("/pulse trust-at-this-table" + (" --by category --force" if segmented else "") + "\r")
    child.expect("Pulse 1 is open")
    child.expect(r"\]> ")
    child.send("/pass\r")
    child.expect("close word> ")
    child.send(WORD + "\r")
    # One person answers; then the facilitator takes the keyboard at `prompt`.
    if segmented:
        child.expect_exact("your choice> ")
        child.send("1\r")
    child.expect_exact("your answer> ")
    child.send("4 fine\r")
    child.expect("Saved, anonymously")
    if prompt is not None:
        child.expect_exact("next person: press Enter> ")
    if prompt not in (None, "next person: press Enter> "):
        child.send("\r")
        child.expect_exact(prompt)
    child.send(WORD + "\r")
    child.expect("Round closed: 1 answer in this round")
    child.expect(r"\]> ")
    child.send("/quit\r")
    child.expect("stays open")
    child.expect(pexpect.EOF)
    child.close()
    shown = screen.getvalue()
    checks.check(WORD not in shown, f"the close word typed at {prompt!r} was on the screen: {shown[-600:]!r}")
    checks.check("Round closed: 1 answer" in shown, f"the close word at {prompt!r} did not close the round")


# None: typed ahead, the moment "saved" shows, before the next prompt is drawn.
for run, prompt in [("answer", "your answer> "), ("next", "next person: press Enter> "), ("choice", "your choice> "), ("ahead", None)]:
    try:
        round_closed_at(prompt, run)
    except Exception as error:  # a timeout is this prompt's failure; the others still run
        checks.check(False, f"at {prompt!r}: {type(error).__name__}: {str(error)[:400]}")
checks.finish("close word")
