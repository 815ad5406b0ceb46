"""Shared set-up for the pseudo-terminal checks: a private store, history and TERM=dumb."""
import os
import sys

import pexpect


def environment(sandbox):
    env = dict(os.environ)
    env.update({
        "TERM": "dumb",
        "CONVENE_STORE": os.path.join(sandbox, "store.sqlite"),
        "XDG_STATE_HOME": os.path.join(sandbox, "state"),
        "HOME": sandbox,
        "NO_COLOR": "1",
        # Long output goes through the pager at a terminal; the checks read it from the screen.
        "PAGER": "cat",
    })
    env.pop("CONVENE_HISTORY", None)
    return env


def spawn(binary, args, sandbox, dimensions=(40, 120)):
    return pexpect.spawn(binary, args, env=environment(sandbox), encoding="utf-8", timeout=15, dimensions=dimensions)


def history_text(sandbox):
    path = os.path.join(sandbox, "state", "convene", "history")
    if not os.path.exists(path):
        return ""
    # libedit stores lines strvis-encoded: a space is written as \040.
    return open(path, encoding="utf-8", errors="replace").read().replace("\\040", " ")


class Checks:
    def __init__(self):
        self.failures = []

    def check(self, condition, message):
        if not condition:
            self.failures.append(message)

    def finish(self, name):
        if self.failures:
            print("\n".join(self.failures))
            sys.exit(1)
        print(f"all {name} checks passed")
