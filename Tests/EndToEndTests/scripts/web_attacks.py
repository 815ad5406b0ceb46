#!/usr/bin/env python3
"""Attacks on the participants' page, each a check of its own line; `attacks ok` when all hold.

(a) 300 wrong join codes from 30 addresses (127.0.9.1-30, 10 each, at once): the code is neither
    changed nor refused to an honest phone on 127.0.0.1, which then joins and answers.
(b) A NUL in a comment: refused with 400 and the question asking to check it and send it again, nothing stored;
    the same device then answers properly.
(c) GET /j/CODE with Host: attacker.test: 403, no device cookie.
(d) Two Host headers: 400.
(e) Content-Length: 9223372036854775807 on POST /answer: 413 within a second.
(f) HTTP/1.0 without keep-alive: the response, then the server closes (EOF within a second).
(g) HTTP/1.1 with Connection: close: the same.
(l) HEAD /: the join page's status and length, no body.
(m) An HTTP/0.9 request line: closed at once (not after a timeout).
At the end /close and /end: the stored answers are exactly the acknowledged ones.

Usage: web_attacks.py BINARY SANDBOX"""
import asyncio
import re
import sys
import time

from web_client import Connection, fetch, join, kill, read_response, start_session, stored_answers
from web_common import raise_file_limit

QUESTION = "Did the attacks fail?"
TIMEOUT = 5.0


async def raw(port, data, source=None, timeout=TIMEOUT):
    """Sends raw bytes on a new connection; (response or None, seconds to it, reader, writer)."""
    local = (source, 0) if source else None
    reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port, local_addr=local), timeout)
    started = time.perf_counter()
    writer.write(data)
    await writer.drain()
    try:
        response = await asyncio.wait_for(read_response(reader), timeout)
    except (asyncio.TimeoutError, asyncio.IncompleteReadError, ConnectionError):
        response = None
    return response, time.perf_counter() - started, reader, writer


async def closes_after_response(port, request):
    """Whether the server answers `request` and then closes the connection within a second."""
    response, _, reader, writer = await raw(port, request)
    try:
        if response is None:
            return False, "no response"
        started = time.perf_counter()
        try:
            rest = await asyncio.wait_for(reader.read(1), 1.0)
        except asyncio.TimeoutError:
            return False, f"HTTP {response.status}, but the connection was still open after 1 s"
        except ConnectionError:
            rest = b""  # a reset is a close too
        if rest:
            return False, f"HTTP {response.status}, then more bytes: {rest!r}"
        return True, f"HTTP {response.status}, closed {1000 * (time.perf_counter() - started):.0f} ms after it"
    finally:
        writer.close()


async def shown_code(convene, offset, timeout=5.0):
    """The join code in the REPL's output after `offset` (waits for /web to print it), else None."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = re.findall(r"/j/(\d{6})", convene.output[offset:].decode("utf-8", "replace"))
        if found:
            return found[-1]
        await asyncio.sleep(0.05)
    return None


class Checks:
    def __init__(self):
        self.failed = []

    def report(self, name, ok, detail):
        print(f"{name}: {'ok' if ok else 'FAILED'} ({detail})", flush=True)
        if not ok:
            self.failed.append(name)


async def attacks(convene, port, code, checks):
    host = f"127.0.0.1:{port}"
    acknowledged = 0

    # (a) A brute force from 30 addresses, each within its own limit of 10 a minute.
    shown = len(convene.output)
    wrong = [f"{(int(code) + 1 + k) % 1_000_000:06d}" for k in range(300)]
    replies = await asyncio.gather(*(fetch(port, "GET", f"/j/{w}", source=f"127.0.9.{1 + k // 10}", timeout=TIMEOUT) for k, w in enumerate(wrong)),
                                   return_exceptions=True)
    statuses = {}
    for reply in replies:
        key = reply.status if not isinstance(reply, Exception) else type(reply).__name__
        statuses[key] = statuses.get(key, 0) + 1
    # /web alone shows the code again: it must be the one printed at the start, and no notice of a
    # changed code may have come (the REPL shows notices with its next output).
    convene.send("/web")
    now_code = await shown_code(convene, shown)
    later = convene.output[shown:].decode("utf-8", "replace")
    changed = now_code != code or "code was changed" in later or "new code" in later
    honest = Connection(port, timeout=TIMEOUT)  # from 127.0.0.1
    try:
        device, token = await join(honest, code)
        answer = await honest.request("POST", "/answer", cookie=device, body=f"pulse=1&token={token}&value=3")
        joined = answer.status == 200 and "Thank you" in answer.text
        detail = f"answer HTTP {answer.status}"
    except Exception as error:  # noqa: BLE001 - reported as the check's failure
        joined, detail = False, f"honest phone: {error}"
    finally:
        honest.close()
    acknowledged += joined
    code = now_code or code  # the later checks use the code in force, whatever (a) found
    checks.report("(a) 300 wrong codes from 30 addresses, then the honest phone", statuses == {401: 300} and joined and not changed,
                  f"wrong codes answered {statuses}; {detail}; code {f'CHANGED to {now_code}' if changed else 'unchanged'}")

    # (b) A NUL in a comment is refused, asking to type it again; nothing is stored.
    phone = Connection(port, timeout=TIMEOUT)
    try:
        device, token = await join(phone, code)
        nul = await phone.request("POST", "/answer", cookie=device, body=f"pulse=1&token={token}&value=4&comment=a%00nul")
        again = await phone.request("POST", "/answer", cookie=device, body=f"pulse=1&token={token}&value=4")
        refused = nul.status == 400 and "Thank you" not in nul.text
        stored_later = again.status == 200 and "Thank you" in again.text
        acknowledged += stored_later + (nul.status == 200 and "Thank you" in nul.text)
        form = ", the question again" if 'name="token"' in nul.text else ""
        checks.report("(b) NUL in a comment", refused and stored_later,
                      f"HTTP {nul.status}{form}"
                      f"{', said Thank you' if 'Thank you' in nul.text else ''}; the proper answer after it: HTTP {again.status}"
                      f"{' (the NUL answer had been stored)' if again.status == 409 else ''}")
    except Exception as error:  # noqa: BLE001
        checks.report("(b) NUL in a comment", False, repr(error))
        device = None
    finally:
        phone.close()

    # (c) Another site's name in Host: no device cookie (DNS rebinding).
    reply, _, _, writer = await raw(port, f"GET /j/{code} HTTP/1.1\r\nHost: attacker.test\r\nConnection: close\r\n\r\n".encode())
    writer.close()
    checks.report("(c) Host: attacker.test", reply is not None and reply.status == 403 and not reply.all("set-cookie"),
                  f"HTTP {reply.status if reply else 'none'}{', Set-Cookie sent' if reply and reply.all('set-cookie') else ', no Set-Cookie'}")

    # (d) Two Host headers, each allowed alone.
    reply, _, _, writer = await raw(port, f"GET /j/{code} HTTP/1.1\r\nHost: {host}\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n".encode())
    writer.close()
    checks.report("(d) two Host headers", reply is not None and reply.status == 400 and not reply.all("set-cookie"),
                  f"HTTP {reply.status if reply else 'none'}")

    # (e) A body announced as 8 EiB: refused at once, not read.
    cookie = f"Cookie: {device}\r\n" if device else ""
    request = (f"POST /answer HTTP/1.1\r\nHost: {host}\r\nOrigin: http://{host}\r\nContent-Type: application/x-www-form-urlencoded\r\n{cookie}"
               f"Content-Length: 9223372036854775807\r\n\r\npulse=1&").encode()
    reply, seconds, _, writer = await raw(port, request, timeout=2.0)
    writer.close()
    checks.report("(e) Content-Length: 9223372036854775807", reply is not None and reply.status == 413 and seconds <= 1.0,
                  f"HTTP {reply.status if reply else 'none'} after {1000 * seconds:.0f} ms")

    # (f) HTTP/1.0 without keep-alive, (g) HTTP/1.1 with Connection: close.
    ok, detail = await closes_after_response(port, f"GET /health HTTP/1.0\r\nHost: {host}\r\n\r\n".encode())
    checks.report("(f) HTTP/1.0 without keep-alive", ok, detail)
    ok, detail = await closes_after_response(port, f"GET /health HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
    checks.report("(g) HTTP/1.1 with Connection: close", ok, detail)

    # (h) One phone clearing its cookies to join again and again takes one place, not the room's.
    clearer = "127.0.31.1"
    places = 0
    for _ in range(4):
        phone = Connection(port, source=clearer, timeout=TIMEOUT)
        try:
            reply = await phone.request("GET", f"/j/{code}")
            places += reply.cookie("cv_device") is not None
        finally:
            phone.close()
    neighbour = Connection(port, source="127.0.31.2", timeout=TIMEOUT)
    try:
        device_n, token_n = await join(neighbour, code)
        answer = await neighbour.request("POST", "/answer", cookie=device_n, body=f"pulse=1&token={token_n}&value=2")
        neighbour_ok = answer.status == 200
    except Exception as error:  # noqa: BLE001
        neighbour_ok = False
    finally:
        neighbour.close()
    acknowledged += neighbour_ok
    checks.report("(h) a phone that clears its cookies and joins 4 times", places == 1 and neighbour_ok,
                  f"{places} device cookies for one address; the phone beside it {'joined and answered' if neighbour_ok else 'was refused'}")

    # (i) Pipelined: a keep-alive request, then one with Connection: close: both answered, in order.
    pipelined = (f"GET /health HTTP/1.1\r\nHost: {host}\r\n\r\nGET /health HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").encode()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(pipelined)
    await writer.drain()
    try:
        data = await asyncio.wait_for(reader.read(), 3.0)
    except asyncio.TimeoutError:
        data = b"<still open>"
    writer.close()
    answered = data.count(b"HTTP/1.1 200")
    checks.report("(i) pipelined keep-alive then Connection: close", answered == 2 and not data.endswith(b"<still open>"),
                  f"{answered} responses, {'then closed' if not data.endswith(b'<still open>') else 'left open'}")

    # (j) An absolute-form target naming another site: its host wins over the Host header.
    reply, _, _, writer = await raw(port, f"GET http://attacker.test/j/{code} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
    writer.close()
    checks.report("(j) GET http://attacker.test/j/CODE", reply is not None and reply.status == 403 and not reply.all("set-cookie"),
                  f"HTTP {reply.status if reply else 'none'}")

    # (k) A comment of exactly 500 characters (the textarea's maxlength) is taken whole.
    phone = Connection(port, source="127.0.31.3", timeout=TIMEOUT)
    try:
        device_k, token_k = await join(phone, code)
        full = await phone.request("POST", "/answer", cookie=device_k, body=f"pulse=1&token={token_k}&value=5&comment={'a' * 500}")
        long_ok = full.status == 200
    except Exception:  # noqa: BLE001
        long_ok = False
    finally:
        phone.close()
    acknowledged += long_ok
    checks.report("(k) a 500-character comment", long_ok, "taken" if long_ok else "refused")

    # (l) HEAD is answered like GET, without the body: nothing follows the head on the connection.
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"HEAD / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
    try:
        reply = await asyncio.wait_for(read_response(reader, "HEAD"), TIMEOUT)
        rest = await asyncio.wait_for(reader.read(), 2.0)
    except (asyncio.TimeoutError, asyncio.IncompleteReadError, ConnectionError) as error:
        reply, rest = None, repr(error).encode()
    writer.close()
    length = int(reply.header("content-length") or 0) if reply else 0
    checks.report("(l) HEAD /", reply is not None and reply.status == 200 and length > 0 and rest == b"",
                  f"HTTP {reply.status if reply else 'none'}, Content-Length {length}, {len(rest)} bytes after the head")

    # (m) HTTP/0.9 ("GET /" with no version) has no response this server could give: closed at once.
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    started = time.perf_counter()
    writer.write(b"GET /\r\n\r\n")
    try:
        data = await asyncio.wait_for(reader.read(), 3.0)
        seconds = time.perf_counter() - started
    except asyncio.TimeoutError:
        data, seconds = b"<still open>", 3.0
    except ConnectionError:
        data, seconds = b"", time.perf_counter() - started
    writer.close()
    checks.report("(m) HTTP/0.9 request line", data == b"" and seconds < 1.0, f"closed after {1000 * seconds:.0f} ms" if data == b"" else "left open")
    return acknowledged


def main():
    binary, sandbox = sys.argv[1], sys.argv[2]
    raise_file_limit()
    checks = Checks()
    convene = None
    try:
        convene, port, code = start_session(binary, sandbox, "Attacks", 20, QUESTION)
        acknowledged = asyncio.run(attacks(convene, port, code, checks))
        convene.send("/close")
        convene.send("/end")
        status, output = convene.finish()
    finally:
        kill(convene)
    stored = stored_answers(output, QUESTION)
    checks.report("stored answers", status == 0 and stored == acknowledged, f"{stored} stored, {acknowledged} acknowledged, convene exit {status}")
    if checks.failed:
        print(f"{len(checks.failed)} attack checks failed")
        sys.exit(1)
    print("attacks ok")


if __name__ == "__main__":
    main()
