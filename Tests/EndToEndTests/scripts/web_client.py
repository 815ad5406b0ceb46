"""A small asyncio HTTP/1.1 client for the participants'-page scripts (web_load.py, web_attacks.py,
web_idle_flood.py, bench/wrk_answers.py): keep-alive connections from a chosen loopback source
address, pipelined requests, and the few page details the scripts need (device cookie, form token).

Everything here talks to 127.0.0.1 only. Each phone of a load script comes from its own source
address in 127.0.0.0/8 (Linux loopback accepts any of them), because the server limits open
connections and wrong join codes per client address, as a real room of phones would look."""
import asyncio
import re

TOKEN = re.compile(r'name="token" value="([0-9a-f]+)"')


def source_address(index):
    """The loopback source address of phone `index`: 127.1.0.2, 127.1.0.3, ... 250 a block, 62,500 a
    second octet. Never 127.0.x.x: 127.0.0.1 is the honest phone's, 127.0.9.x web_attacks.py's."""
    return f"127.{1 + index // 62500}.{(index // 250) % 250}.{index % 250 + 2}"


class Response:
    def __init__(self, version, status, headers, body):
        self.version, self.status, self.headers, self.body = version, status, headers, body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def header(self, name):
        """The first value of header `name` (any case), else None."""
        name = name.lower()
        return next((value for key, value in self.headers if key == name), None)

    def all(self, name):
        name = name.lower()
        return [value for key, value in self.headers if key == name]

    def cookie(self, name):
        """`name=value` of a Set-Cookie for `name`, else None."""
        for value in self.all("set-cookie"):
            pair = value.split(";", 1)[0].strip()
            if pair.startswith(name + "="):
                return pair
        return None

    @property
    def closes(self):
        """Whether the server said it closes the connection after this response."""
        connection = (self.header("connection") or "").lower()
        return "close" in connection or (self.version == "HTTP/1.0" and "keep-alive" not in connection)

    def __repr__(self):
        return f"<HTTP {self.status} {len(self.body)} bytes>"


async def read_response(reader, method="GET"):
    """Reads one response (status line, headers, body by Content-Length, chunked or to EOF).
    Raises asyncio.IncompleteReadError if the server closed before a whole response."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    version, status = lines[0].split(" ", 2)[:2]
    headers = []
    for line in lines[1:]:
        if ":" in line:
            key, value = line.split(":", 1)
            headers.append((key.strip().lower(), value.strip()))
    response = Response(version, int(status), headers, b"")
    if method == "HEAD" or response.status in (204, 304) or 100 <= response.status < 200:
        return response
    if "chunked" in (response.header("transfer-encoding") or "").lower():
        body = bytearray()
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0].strip(), 16)
            if size == 0:
                while (await reader.readuntil(b"\r\n")) != b"\r\n":  # trailers
                    pass
                break
            body += await reader.readexactly(size)
            await reader.readexactly(2)
        response.body = bytes(body)
    elif response.header("content-length") is not None:
        response.body = await reader.readexactly(int(response.header("content-length")))
    elif response.closes:
        response.body = await reader.read()
    return response


def build_request(method, path, host, cookie=None, body=None, headers=(), close=False, origin=True):
    """The bytes of one request. A body is sent as a form, with the Origin of the page (a browser
    sends one with every POST) unless origin=False."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}"]
    if close:
        lines.append("Connection: close")
    if cookie:
        lines.append(f"Cookie: {cookie}")
    if body is not None:
        lines.append("Content-Type: application/x-www-form-urlencoded")
        if origin:
            lines.append(f"Origin: http://{host}")
        lines.append(f"Content-Length: {len(body.encode())}")
    lines += list(headers)
    return ("\r\n".join(lines) + "\r\n\r\n" + (body or "")).encode()


class Connection:
    """One keep-alive connection to the page on 127.0.0.1:port, from loopback address `source`
    (None: the kernel's choice, 127.0.0.1)."""

    def __init__(self, port, source=None, timeout=15.0):
        self.port, self.source, self.timeout = port, source, timeout
        self.host = f"127.0.0.1:{port}"
        self.reader = self.writer = None

    async def open(self):
        local = (self.source, 0) if self.source else None
        self.reader, self.writer = await asyncio.wait_for(
            asyncio.open_connection("127.0.0.1", self.port, local_addr=local, limit=1 << 20), self.timeout)
        return self

    async def send(self, data):
        self.writer.write(data)
        await self.writer.drain()

    async def request(self, method, path, cookie=None, body=None, headers=(), close=False):
        """Sends one request and reads its response, within the connection's timeout."""
        if self.writer is None:
            await self.open()
        await self.send(build_request(method, path, self.host, cookie, body, headers, close))
        return await asyncio.wait_for(read_response(self.reader, method), self.timeout)

    async def pipeline(self, requests, method="GET"):
        """Sends several requests at once and reads their responses in order (HTTP/1.1 pipelining)."""
        if self.writer is None:
            await self.open()
        await self.send(b"".join(requests))
        return [await asyncio.wait_for(read_response(self.reader, method), self.timeout) for _ in requests]

    def close(self):
        if self.writer is not None:
            self.writer.close()
            self.writer = None


async def fetch(port, method, path, source=None, cookie=None, body=None, headers=(), timeout=15.0):
    """One request on a connection of its own, closed after the response (Connection: close)."""
    connection = Connection(port, source, timeout)
    try:
        return await connection.request(method, path, cookie, body, headers, close=True)
    finally:
        connection.close()


async def join(connection, code):
    """Joins with the code on `connection`: the device cookie, and the form token of the open pulse."""
    joined = await connection.request("GET", f"/j/{code}")
    device = joined.cookie("cv_device")
    if joined.status != 303 or not device:
        raise RuntimeError(f"join: HTTP {joined.status}, no device cookie")
    page = await connection.request("GET", "/pulse", cookie=device)
    token = TOKEN.search(page.text)
    if page.status != 200 or not token:
        raise RuntimeError(f"/pulse: HTTP {page.status}, no form token")
    return device, token.group(1)


def start_session(binary, sandbox, group, present, question, bind="127.0.0.1:0", files=None):
    """Starts a session with the page on 127.0.0.1 and pulse 1 open: (convene, port, code); `files`
    sets convene's open-file limit."""
    from web_common import Convene  # here, so bench/wrk_answers.py can import this file from anywhere
    convene = Convene(binary, sandbox, ["start", "monthly-steering", "--group", group], files=files)
    try:
        convene.send(f"/present {present}")
        convene.send(f"/web on {bind}")
        match = convene.wait_for(r"http://127\.0\.0\.1:(\d+)/j/(\d{6})")
        convene.send(f'/pulse "{question}" --scale 1-5')
        convene.wait_for("Pulse 1 is open")
    except (TimeoutError, BrokenPipeError) as error:
        kill(convene)
        said = convene.errors.decode("utf-8", "replace").strip().splitlines()
        raise RuntimeError(f"convene did not open the page and pulse 1: {said[-1] if said else error}") from None
    return convene, int(match.group(1)), match.group(2)


def stored_answers(output, question):
    """The number of answers the /end summary shows for pulse 1, else None."""
    found = re.search(r"### Pulse 1: " + re.escape(question) + r"\n\n(\d+) answers?\b", output)
    return int(found.group(1)) if found else None


def kill(convene):
    """Stops convene if it still runs (a failed script must not leave it behind)."""
    if convene is not None and convene.process.poll() is None:
        convene.process.kill()
        convene.process.wait(timeout=10)
