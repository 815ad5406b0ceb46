#!/usr/bin/env python3
"""Two attacks by slow clients on the participants' page, each against a fresh convene whose open-file
limit is 1,024 (so the server holds at most 768 connections), from 127.0.x.y source addresses.

body N ADDRESSES: N connections from ADDRESSES addresses, each sending `POST /join` with
  `Content-Length: 8000` one byte every 2 s and opening again ~0.5 s after the server closes it.
  Meanwhile 5 honest phones, one a second, each from its own address, join, open the question and
  answer: each must be done in <= 1 s.
reader N ADDRESSES: N connections from ADDRESSES addresses, each pipelining 200 `GET /` and never
  reading (a 4 KiB receive buffer). While they are held, convene's resident memory stays <= 80 MB
  (sampled every 0.1 s); an honest phone is timed 1 s and 3 s after they are open (the first also
  waits behind the burst of connects, which is not this attack: it is reported, the second must be
  <= 1 s); 12 s later the server holds none of them.

Bounded: each mode ends within ~30 s whatever the server does (the reader attack stops at once if
convene passes 400 MB). Prints one line starting `slow bodies` or `slow readers`, then `slow ok`.

Usage: web_slow_clients.py BINARY SANDBOX body|reader N ADDRESSES"""
import asyncio
import os
import random
import re
import resource
import socket
import sys
import time

from web_client import TOKEN, Connection, kill, start_session

QUESTION = "Is the room still open?"
HONEST_LIMIT_MS = 1000
RESIDENT_LIMIT_MB = 80
SERVER_FILES = 1024


def attack_address(index, addresses):
    """127.0.50.1, 127.0.50.2, ...: never an address of the honest phones (127.0.60.x)."""
    k = index % addresses
    return f"127.0.{50 + k // 250}.{k % 250 + 1}"


def resident_mb(pid):
    try:
        found = re.search(r"VmRSS:\s+(\d+) kB", open(f"/proc/{pid}/status").read())
        return int(found.group(1)) / 1024 if found else None
    except FileNotFoundError:
        return None


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def sockets_held(pid):
    """The sockets convene holds open (its listener and the REPL's own included)."""
    count = 0
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            count += os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:")
        except OSError:
            pass
    return count


async def honest_phone(port, code, source):
    """Joins, opens the question and answers from `source`: (ms, answered, where the time went)."""
    started = last = time.perf_counter()
    steps = []

    def step(name):
        nonlocal last
        now = time.perf_counter()
        steps.append(f"{name} {(now - last) * 1000:.0f}")
        last = now

    connection = Connection(port, source=source, timeout=5)
    try:
        await connection.open()
        step("connect")
        joined = await connection.request("GET", f"/j/{code}")
        device = joined.cookie("cv_device")
        step("join")
        page = await connection.request("GET", "/pulse", cookie=device)
        token = TOKEN.search(page.text)
        step("question")
        if joined.status != 303 or not device or not token:
            raise RuntimeError(f"join HTTP {joined.status}, question HTTP {page.status}")
        answer = await connection.request("POST", "/answer", cookie=device, body=f"pulse=1&token={token.group(1)}&value=4")
        step("answer")
        return (time.perf_counter() - started) * 1000, answer.status == 200, " ".join(steps)
    except Exception as error:  # noqa: BLE001 - a phone kept out is the finding, not a crash
        return (time.perf_counter() - started) * 1000, False, " ".join(steps + [f"then {type(error).__name__}"])
    finally:
        connection.close()


class SlowBody(asyncio.Protocol):
    def __init__(self, flood, index):
        self.flood, self.index = flood, index

    def connection_made(self, transport):
        self.flood.open[self.index] = transport
        transport.write(f"POST /join HTTP/1.1\r\nHost: {self.flood.host}\r\nOrigin: http://{self.flood.host}\r\n"
                        "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 8000\r\n\r\n".encode())

    def connection_lost(self, exc):
        flood = self.flood
        flood.open.pop(self.index, None)
        flood.closed += 1
        if not flood.stopping:
            flood.loop.call_later(0.25 + 0.5 * random.random(), flood.connect, self.index)


class BodyFlood:
    def __init__(self, port, count, addresses):
        self.loop = asyncio.get_running_loop()
        self.port, self.count, self.addresses = port, count, addresses
        self.host = f"127.0.0.1:{port}"
        self.open, self.closed, self.stopping = {}, 0, False
        self.semaphore = asyncio.Semaphore(64)

    def connect(self, index):
        if not self.stopping:
            self.loop.create_task(self._connect(index))

    async def _connect(self, index):
        async with self.semaphore:
            try:
                await asyncio.wait_for(self.loop.create_connection(lambda: SlowBody(self, index), "127.0.0.1", self.port,
                                                                   local_addr=(attack_address(index, self.addresses), 0)), 3)
            except (OSError, asyncio.TimeoutError):
                if not self.stopping:
                    self.loop.call_later(0.5, self.connect, index)

    async def trickle(self):
        while not self.stopping:
            for transport in list(self.open.values()):
                if not transport.is_closing():
                    transport.write(b"a")
            await asyncio.sleep(2)


async def slow_bodies(port, code, count, addresses):
    flood = BodyFlood(port, count, addresses)
    for index in range(count):
        flood.connect(index)
    trickling = asyncio.create_task(flood.trickle())
    await asyncio.sleep(4)
    held = len(flood.open)
    phones = []
    for k in range(5):
        phones.append(await honest_phone(port, code, f"127.0.60.{k + 1}"))
        await asyncio.sleep(1)
    flood.stopping = True
    trickling.cancel()
    for transport in list(flood.open.values()):
        transport.close()
    return held, flood.closed, phones


def slow_readers(port, code, count, addresses, pid):
    """Opens the non-reading connections (blocking sockets, sent whole), then measures."""
    request = f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode() * 200
    sockets, refused, peak = [], 0, resident_mb(pid)
    started = time.monotonic()
    for index in range(count):
        peak = max(peak, resident_mb(pid) or 0) if index % 50 == 0 else peak
        if peak > 400:
            break
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        s.settimeout(2)
        try:
            s.bind((attack_address(index, addresses), 0))
            s.connect(("127.0.0.1", port))
            s.sendall(request)
            sockets.append(s)
        except OSError:
            refused += 1
            s.close()
    opened = time.monotonic() - started
    time.sleep(1)
    first = asyncio.run(honest_phone(port, code, "127.0.60.9"))
    time.sleep(max(0.0, started + opened + 3 - time.monotonic()))
    phone = asyncio.run(honest_phone(port, code, "127.0.60.10"))
    print(f"honest phone 1 s after the connects: {first[0]:.0f} ms ({first[2]})", flush=True)
    # Held for 12 s more: every server timeout has had its turn.
    deadline = time.monotonic() + 12
    while time.monotonic() < deadline and peak <= 400:
        peak = max(peak, resident_mb(pid) or 0)
        time.sleep(0.1)
    held = sockets_held(pid)
    for s in sockets:
        s.close()
    return len(sockets), refused, opened, phone, peak, held


def main():
    binary, sandbox, mode, count, addresses = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    # This process holds the attack's sockets; convene (started after) gets its own limit below.
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    convene = None
    problems = []
    try:
        convene, port, code = start_session(binary, sandbox, "Slow", 100, QUESTION, files=SERVER_FILES)
        pid = convene.process.pid
        before = resident_mb(pid)
        if mode == "body":
            held, closed, phones = asyncio.run(slow_bodies(port, code, count, addresses))
            worst = max(ms for ms, _, _ in phones)
            answered = sum(ok for _, ok, _ in phones)
            print(f"slow bodies {count} from {addresses} addresses: {answered} of 5 honest phones answered, slowest {worst:.0f} ms; "
                  f"{held} attack connections open after 4 s, {closed} closed by the server", flush=True)
            for ms, ok, steps in phones:
                print(f"  phone {ms:.0f} ms {'answered' if ok else 'KEPT OUT'} ({steps})")
            if answered < 5 or worst > HONEST_LIMIT_MS:
                problems.append("an honest phone was kept out or slow")
        else:
            opened, refused, seconds, phone, peak, held = slow_readers(port, code, count, addresses, pid)
            ms, ok, steps = phone
            print(f"slow readers {count} from {addresses} addresses: resident peak {peak:.1f} MB (before {before:.1f} MB); "
                  f"honest phone {ms:.0f} ms {'answered' if ok else 'KEPT OUT'} ({steps}); {held} sockets still held by convene after 12 s; "
                  f"{opened} opened in {seconds:.1f} s, {refused} refused", flush=True)
            if peak > RESIDENT_LIMIT_MB:
                problems.append(f"resident memory {peak:.0f} MB (limit {RESIDENT_LIMIT_MB} MB)")
            if not ok or ms > HONEST_LIMIT_MS:
                problems.append("the honest phone was kept out or slow")
            if held > 8:
                problems.append(f"{held} sockets still open: slow readers are not closed")
        alive = convene.process.poll() is None
        if alive:
            convene.send("/end")
            status, _ = convene.finish()
            if status != 0:
                problems.append(f"convene exit {status}")
        else:
            problems.append("convene died")
    finally:
        kill(convene)
    if problems:
        print("; ".join(problems))
        sys.exit(1)
    print("slow ok")


if __name__ == "__main__":
    main()
