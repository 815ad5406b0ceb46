#!/usr/bin/env python3
"""A phone that loses its cookie gets its place back, never a second ballot; a paused page brings
waiting phones back by itself.

1. A phone (127.0.70.1) joins and answers; its thank-you page shows its rejoin code; its cookie has
   a Max-Age.
2. Its cookie lost, it opens the join URL again: "Already joined", with the rejoin form (no loop back
   to the join page). A wrong rejoin code is refused and kept in the form; its own code, typed in
   lower case with spaces, gives back the same device: the question says it has answered, and
   answering again is refused. The same from another address (the phone moved networks).
3. /web off: the page answers every request with a page that refreshes to the same address (no
   browser error page); a phone following the refresh comes back to the question at /web on.
4. /close, /end: exactly one answer stored.

Usage: web_rejoin.py BINARY SANDBOX"""
import asyncio
import re
import sys
import time

from web_client import TOKEN, Connection, fetch, kill, start_session, stored_answers

QUESTION = "Once and only once?"
REJOIN = re.compile(r'class="note rejoin">[^<]*<strong>([A-Z0-9-]+)</strong>')
REFRESH = re.compile(r'http-equiv="refresh" content="(\d+); url=([^"]+)"')
failures = []


def check(ok, what):
    print(f"{'ok' if ok else 'FAILED'}: {what}", flush=True)
    if not ok:
        failures.append(what)


async def story(convene, port, code):
    phone = Connection(port, source="127.0.70.1", timeout=5)
    joined = await phone.request("GET", f"/j/{code}")
    device = joined.cookie("cv_device")
    set_cookie = next((v for v in joined.all("set-cookie") if v.startswith("cv_device=")), "")
    check("Max-Age=86400" in set_cookie, f"the device cookie lives a day ({set_cookie.split(';', 1)[-1].strip()!r})")
    page = await phone.request("GET", "/pulse", cookie=device)
    token = TOKEN.search(page.text).group(1)
    answer = await phone.request("POST", "/answer", cookie=device, body=f"pulse=1&token={token}&value=4")
    rejoin = REJOIN.search(answer.text)
    check(answer.status == 200 and rejoin is not None, f"answered (HTTP {answer.status}); rejoin code shown: {rejoin.group(1) if rejoin else None}")
    phone.close()
    if rejoin is None:
        return 1

    # The cookie is gone: the join URL from the same address.
    again = await fetch(port, "GET", f"/j/{code}", source="127.0.70.1")
    form = 'action="/rejoin"' in again.text
    check(again.status == 403 and form and not again.cookie("cv_device"), f"joining again: HTTP {again.status}, {'the rejoin form' if form else 'NO rejoin form'}")
    wrong = await fetch(port, "POST", "/rejoin", source="127.0.70.1", body="rejoin=ZZZ-ZZZ-ZZZ")
    check(wrong.status == 401 and 'value="ZZZ-ZZZ-ZZZ"' in wrong.text, f"a wrong rejoin code: HTTP {wrong.status}, kept in the form")
    for source in ("127.0.70.1", "127.0.70.2"):
        typed = rejoin.group(1).lower().replace("-", " ")
        back = await fetch(port, "POST", "/rejoin", source=source, body=f"rejoin={typed}")
        device = back.cookie("cv_device")
        check(back.status == 303 and device is not None, f"rejoin from {source}: HTTP {back.status}")
        if device is None:
            continue
        page = await fetch(port, "GET", "/pulse", source=source, cookie=device)
        check("Your answer to this question is in" in page.text, f"from {source} the question says it was answered")
        twice = await fetch(port, "POST", "/answer", source=source, cookie=device, body=f"pulse=1&token={token}&value=1")
        check(twice.status == 409, f"answering again from {source}: HTTP {twice.status} (409: already answered)")

    # /web off: a waiting phone keeps refreshing and comes back at /web on.
    convene.send("/web off")
    convene.wait_for("The participants' page is off")
    paused = await fetch(port, "GET", "/pulse", source="127.0.70.1", cookie=device)
    refresh = REFRESH.search(paused.text)
    check(paused.status == 503 and refresh is not None and refresh.group(2) == "/pulse",
          f"while off: HTTP {paused.status}, refresh to {refresh.group(2) if refresh else None}")
    closed = await fetch(port, "POST", "/answer", source="127.0.70.3", body="pulse=1&token=x&value=2")
    check(closed.status == 503, f"an answer while off: HTTP {closed.status}")
    convene.send("/web on")
    came_back = None
    started = time.monotonic()
    while time.monotonic() - started < 8:
        page = await fetch(port, "GET", "/pulse", source="127.0.70.1", cookie=device)
        if page.status == 200:
            came_back = time.monotonic() - started
            break
        await asyncio.sleep(0.2)
    check(came_back is not None, f"the waiting phone came back at /web on ({came_back:.1f} s)" if came_back is not None else "the waiting phone never came back")
    return 1


def main():
    binary, sandbox = sys.argv[1], sys.argv[2]
    convene = None
    try:
        convene, port, code = start_session(binary, sandbox, "Rejoin", 5, QUESTION)
        acknowledged = asyncio.run(story(convene, port, code))
        convene.send("/close")
        convene.send("/end")
        status, output = convene.finish()
    finally:
        kill(convene)
    stored = stored_answers(output, QUESTION)
    check(status == 0 and stored == acknowledged, f"{stored} answers stored for {acknowledged} acknowledged (exit {status})")
    if failures:
        print(f"{len(failures)} rejoin checks failed")
        sys.exit(1)
    print("rejoin ok")


if __name__ == "__main__":
    main()
