#!/usr/bin/env python3
"""Pass-the-keyboard round in a pseudo-terminal, as a curious participant would try it: the
headcount is asked first; the close word is not echoed; each participant's line editor has no
history and no kill buffer from anyone before (Up and Ctrl-Y recall nothing); screen and scrollback
are cleared after each answer; a participant's /close or Ctrl-D does not end the round, only the
close word does; and no answer reaches the history file."""
import sys

import pexpect

from common import Checks, environment, history_text

CLEAR = "\x1b[H\x1b[2J\x1b[3J"
UP = "\x1b[A"
binary, sandbox = sys.argv[1], sys.argv[2]
checks = Checks()
# TERM=xterm: libedit binds its editing keys (Ctrl-Y's yank among them) as on a real terminal;
# under TERM=dumb the yank attack does not even reproduce on the code it broke.
env = environment(sandbox)
env["TERM"] = "xterm"
child = pexpect.spawn(binary, ["start", "monthly-steering", "--group", "Pass"], env=env, encoding="utf-8", timeout=15, dimensions=(40, 120))
child.expect(r"\]> ")
child.send("/note the facilitator's private note about the district\r")
child.expect(r"\]> ")
child.send("/pulse trust-at-this-table\r")
child.expect("Pulse 1 is open")
child.expect(r"\]> ")
child.send("/pass\r")
# k counts people: the room is counted before anyone answers.
child.expect("How many people are in the room\\? ")
child.send("5\r")
child.expect("Headcount: 5")
child.expect("close word> ")
child.send("bluebird\r")
child.expect_exact(CLEAR)
checks.check("bluebird" not in child.before, "the close word was echoed on screen")
child.expect("your answer> ")

# First participant types something, thinks better of it and deletes it (Ctrl-A, Ctrl-K: into the
# kill buffer), then answers.
child.send("2 the director lies to us")
child.sendcontrol("a")
child.sendcontrol("k")
child.send("4 first secret comment\r")
child.expect("Saved, anonymously")
child.expect("press Enter> ")
child.send("\r")
child.expect_exact(CLEAR)
child.expect("your answer> ")
after_first = child.before
checks.check("first secret comment" not in after_first, "the first answer is visible to the second participant")
checks.check("trust" in after_first.lower(), "the question is not shown to the next participant")

# Second participant: Ctrl-Y would paste the first one's deleted words, Up would walk the
# facilitator's history. Both must bring back nothing; Enter on the empty line is not an answer.
child.sendcontrol("y")
child.send(UP + UP + UP)
child.send("\r")
child.expect_exact(CLEAR)
child.expect("your answer> ")
recalled = child.before
checks.check("director" not in recalled, "Ctrl-Y pasted what the previous participant deleted")
checks.check("/pulse" not in recalled and "private note" not in recalled and "/note" not in recalled, "Up recalled the facilitator's history")
checks.check("could not be read" in recalled, "an empty line was taken as an answer")

# A participant typing /close does not end the round and sees nothing but the question again.
child.send("/close\r")
child.expect_exact(CLEAR)
child.expect("could not be read")
child.expect("your answer> ")
checks.check("Pulse 1 closed" not in child.before, "/close from a participant closed the pulse")

# Ctrl-D from a participant does not end the round either.
child.sendcontrol("d")
child.expect("your answer> ")

child.send("2 second secret\r")
child.expect("Saved, anonymously")
child.expect("press Enter> ")
child.send("\r")
child.expect_exact(CLEAR)
child.expect("your answer> ")
checks.check("second secret" not in child.before, "the second answer is visible afterwards")

# Only the close word ends the round.
child.send("bluebird\r")
child.expect("Round closed: 2 answers in this round")
child.expect(r"pulse 1: 2 of 5(?: · [^\]]*)?\]> ")
# Below the threshold the terminal asks first: "n" keeps the pulse open, "y" closes it.
child.send("/close\r")
child.expect(r"2 answers, threshold 5: closing now shows nothing \(only the count is kept\); close anyway\? \[y/N\] ")
child.send("n\r")
child.expect("The pulse stays open")
child.expect(r"pulse 1: 2 of 5(?: · [^\]]*)?\]> ")
child.send("/close\r")
child.expect("close anyway")
child.send("y\r")
child.expect("2 answers from 5 present. Nothing more is shown below 5")
child.expect(r"\]> ")
child.send("/end\r")
child.expect(pexpect.EOF)
summary = child.before
checks.check("secret" not in summary, "an answer below the threshold appeared in the summary")
child.close()
checks.check(child.exitstatus == 0, f"exit status {child.exitstatus}")

history = history_text(sandbox)
checks.check("/pulse trust-at-this-table" in history, "the facilitator's commands are missing from history")
for private in ["secret", "bluebird", "director"]:
    checks.check(private not in history, f"'{private}' reached the history file")
checks.finish("pass round")
