#!/usr/bin/env python3
"""A script's REPL shows the page's notices as they happen (issue 26): with standard input a pipe
kept open, `/present 1` and `/web on`, two phones join; the second finds the room full, and the
REPL's notice about it reaches standard output within 5 s, before any further line is sent.
`notice ok` when it does.

Usage: web_notice.py BINARY SANDBOX"""
import asyncio
import sys
import time

from web_client import fetch, kill
from web_common import URL, Convene

NOTICE = "A phone could not join: every person present already has one"
binary, sandbox = sys.argv[1], sys.argv[2]
convene = Convene(binary, sandbox, ["start", "monthly-steering", "--group", "Notices"])
try:
    convene.send("/present 1")
    convene.send("/web on 127.0.0.1:0")
    match = convene.wait_for(URL.pattern)
    port, code = int(match.group(1)), match.group(2)
    # Whatever the REPL printed so far is settled before the phones come.
    time.sleep(0.5)

    async def phones():
        first = await fetch(port, "GET", f"/j/{code}")
        second = await fetch(port, "GET", f"/j/{code}")
        return first.status, second.status

    first, second = asyncio.run(phones())
    if first != 303 or second != 403:
        print(f"the phones were answered HTTP {first} and {second}, not 303 and 403")
        sys.exit(1)
    refused_at = time.time()
    # No line is sent now: the notice must come by itself.
    try:
        convene.wait_for(NOTICE, timeout=5)
    except TimeoutError:
        print(f"no notice within 5 s of the refused phone, with nothing sent: {convene.output[-800:]!r}")
        sys.exit(1)
    print(f"notice after {time.time() - refused_at:.2f} s")
    convene.send("/end")
    status, _ = convene.finish()
    if status != 0:
        print(f"exit status {status}: {convene.errors[-500:]!r}")
        sys.exit(1)
    print("notice ok")
finally:
    kill(convene)
