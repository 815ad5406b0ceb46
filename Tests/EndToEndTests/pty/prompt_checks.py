#!/usr/bin/env python3
"""The prompt keeps count while the facilitator is idle: phones answer through the page and the
prompt's "pulse 1: n of N" is redrawn without a key pressed, keeping a half-typed line."""
import re
import socket
import sys

import pexpect

from common import Checks, spawn

binary, sandbox = sys.argv[1], sys.argv[2]
checks = Checks()
child = spawn(binary, ["start", "monthly-steering", "--group", "Prompt"], sandbox)
child.expect(r"\]> ")
child.send("/present 3\r")
child.expect(r"\]> ")
child.send("/web on 127.0.0.1:0\r")
child.expect(r"http://127\.0\.0\.1:(\d+)/j/(\d{6})")
port, code = int(child.match.group(1)), child.match.group(2)
child.expect(r"\]> ")
child.send("/pulse trust-at-this-table\r")
child.expect("Pulse 1 is open")
child.expect(r"pulse 1: 0 of 3(?: · [^\]]*)?\]> ")
child.send("half typed")
child.expect("half typed")
host = f"127.0.0.1:{port}"


def request(method, path, cookie=None, body=None):
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        head = [f"{method} {path} HTTP/1.1", f"Host: {host}", "Connection: close"]
        if cookie:
            head.append(f"Cookie: {cookie}")
        if body is not None:
            head += ["Content-Type: application/x-www-form-urlencoded", f"Origin: http://{host}", f"Content-Length: {len(body)}"]
        sock.sendall(("\r\n".join(head) + "\r\n\r\n" + (body or "")).encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    return data.decode("utf-8", "replace")


for value in ("4", "2"):
    joined = request("GET", f"/j/{code}")
    cookie = re.search(r"cv_device=[^;\r\n]+", joined).group(0)
    token = re.search(r'name="token" value="([0-9a-f]+)"', request("GET", "/pulse", cookie)).group(1)
    checks.check("Thank you" in request("POST", "/answer", cookie, f"pulse=1&token={token}&value={value}"), "an answer was not thanked")

# No key pressed since "half typed": the prompt is redrawn with the new count and the line kept.
try:
    child.expect(r"pulse 1: 2 of 3(?: · [^\]]*)?\]> half typed", timeout=5)
except pexpect.TIMEOUT:
    checks.check(False, f"the prompt did not redraw the count while idle: {child.before[-300:]!r}")
child.send(" and finished\r")
child.expect(r"noted \(1 on this activity\)")
child.expect(r"\]> ")
child.send("/close --force\r")
child.expect(r"2 answers from 3 present")
child.expect(r"\]> ")
child.send("/end\r")
child.expect(pexpect.EOF)
checks.check("- half typed and finished" in child.before, "the half-typed line did not survive the redraw")
child.close()
checks.check(child.exitstatus == 0, f"exit status {child.exitstatus}")
checks.finish("prompt")
