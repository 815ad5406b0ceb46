#!/usr/bin/env python3
"""The room decides an item by gradients of agreement from phones (issue 23): the item is added and
proposed, /decide opens the stance round, six phones join on 127.0.0.1 and each picks a level by its
name on the page, /close shows the support and the verdict, /decided records it with a review date.
Then the decisions log, the summary and the group's next session's opening carry it.
`decision ok` when every check holds.

Usage: web_decision.py BINARY SANDBOX"""
import asyncio
import json
import subprocess
import sys

from web_client import Connection, join, kill
from web_common import URL, Convene

binary, sandbox = sys.argv[1], sys.argv[2]
failures = []
convene = Convene(binary, sandbox, ["start", "monthly-steering", "--group", "Steering"],
                  before=[["groups", "create", "Steering"], ["groups", "set", "Steering", "--quorum", "resident=1"]])
try:
    convene.send("/present resident=2 nonprofit=3 public=1")
    convene.send("/web on 127.0.0.1:0")
    match = convene.wait_for(URL.pattern)
    port, code = int(match.group(1)), match.group(2)
    convene.send("/add-item FY27 reading grants: which three neighbourhoods: decide 30 gradients")
    convene.send("/next")
    convene.send("/propose Fund Eastside, Northgate and Riverside")
    convene.send("/decide")
    convene.wait_for("Stance round 1 is open on proposal 1")

    async def phones():
        pages = []
        for value in [8, 8, 7, 6, 6, 3]:
            phone = Connection(port)
            device, token = await join(phone, code)
            page = await phone.request("GET", "/pulse", cookie=device)
            pages.append(page.text)
            answer = await phone.request("POST", "/answer", cookie=device, body=f"pulse=1&token={token}&value={value}")
            if answer.status != 200:
                failures.append(f"a stance was answered HTTP {answer.status}")
            phone.close()
        return pages

    pages = asyncio.run(phones())
    if not all("wholehearted endorsement" in page and "block" in page for page in pages):
        failures.append("the page does not name the levels")
    convene.send("/close")
    convene.wait_for("Stance round 1:")
    convene.send("/decided Eastside, Northgate and Riverside get FY27 grants review 2020-01-01")
    convene.wait_for("Decision 1:")
    convene.send("/end")
    status, output = convene.finish()
    if status != 0:
        failures.append(f"exit status {status}: {convene.errors[-300:]!r}")
    for expected in ["5 of 6 (83%) at support with reservations or above, no block · accepted",
                     "Present: resident 2, nonprofit 3, public 1 · quorum met", "## Decisions",
                     "Decided: 1. Fund Eastside, Northgate and Riverside → Eastside, Northgate and Riverside get FY27 grants"]:
        if expected not in output:
            failures.append(f"the session does not say {expected!r}")
    log = json.loads(subprocess.run([binary, "decisions", "--group", "Steering", "--format", "json"], env=convene.env,
                                    capture_output=True, text=True, timeout=60).stdout)
    if [(d["number"], d["accepted"], d["support"]["wholehearted endorsement"], d["quorumMet"]) for d in log] != [(1, True, 2, True)]:
        failures.append(f"the log says {log}")
    opening = subprocess.run([binary, "start", "monthly-steering", "--group", "Steering"], input="/end\n", env=convene.env,
                             capture_output=True, text=True, timeout=60).stdout
    if "Decisions due for review" not in opening or "Eastside, Northgate and Riverside get FY27 grants · review 2020-01-01" not in opening:
        failures.append(f"the next opening does not carry the review: {opening[:800]!r}")
finally:
    kill(convene)
print("\n".join(failures) if failures else "decision ok")
sys.exit(1 if failures else 0)
