#!/usr/bin/env python3
"""IDLE idle or slow connections held open against the participants' page, from many 127.x source
addresses, while an honest phone on 127.0.0.1 joins, opens the question and answers, and the REPL
is asked for /help. A third of the connections only connect; a third trickle a request's headers
(one byte every 2 s, never ending them); a third trickle a chunked POST /answer body (a tiny chunk
every 2 s) with a real device cookie, so they reach the body read. Connections the server closes
are opened again after about a second, to keep the pressure up.

The honest phone and the REPL are measured twice: a second after every connection is open, and 11 s
later, when the server's 10 s idle, header and body timeouts have closed them all at least once and
their reconnections keep it busy. Each measurement shows where the phone's time went (connect,
join, question, answer) and the attack's state; the CPU both sides used is shown at the end.
With --bench, all the attack connections are then closed and, 5 s later, the REPL's resident
memory is read from /proc/PID/status.

Usage: web_idle_flood.py BINARY SANDBOX IDLE [--bench]     (2,000 for the test, 20,000 for the bench)
Prints: idle IDLE · honest phone joined and answered in X ms · REPL answered in Y ms[ · resident after close Z MB]
and `flood ok` when the honest phone took <= 1 s, the REPL <= 1 s (and with --bench the memory <= 80 MB)."""
import argparse
import asyncio
import multiprocessing
import os
import queue
import random
import re
import signal
import sys
import time

from web_client import TOKEN, Connection, join, kill, source_address, start_session, stored_answers
from web_common import raise_file_limit

QUESTION = "Is the page still up?"
PER_SOURCE = 50          # attack connections per source address (the server allows 128 per address)
SOURCE_OFFSET = 1000     # attack addresses start at source_address(1000): 127.1.4.2, ...
TRICKLE_EVERY = 2.0      # seconds between a trickler's bytes
BUCKETS = 20             # the tricklers are written a twentieth at a time, every TRICKLE_EVERY / BUCKETS
RECONNECT_AFTER = 1.0    # seconds (0.5x to 1.5x) before a closed connection is opened again
CONNECTING = 64          # connects in flight at once, per worker process: together below the server's
                         # listen backlog, so this is a flood of idle and slow connections, not a SYN
                         # flood (whose dropped SYNs would delay the honest phone's connect by 1 s)
PER_WORKER = 10_000      # one process holds at most ~19,800 sockets under a 20,000 file limit
HONEST_LIMIT_MS = 1000
REPL_LIMIT_MS = 1000
RESIDENT_LIMIT_MB = 80
HEADER_PAD = b"X-Pad: " + b"a" * 40 + b"\r\n"  # a header line after another, never the empty line


# ---------------------------------------------------------------------------- attack processes

class Slot:
    """One attack connection: which kind, from where, and its transport while it is open."""
    __slots__ = ("index", "kind", "source", "transport", "position", "opened")

    def __init__(self, index, kind, source):
        self.index, self.kind, self.source = index, kind, source
        self.transport, self.position, self.opened = None, 0, False


class Attacker(asyncio.Protocol):
    def __init__(self, flood, slot):
        self.flood, self.slot = flood, slot

    def connection_made(self, transport):
        slot, flood = self.slot, self.flood
        slot.transport = transport
        flood.open += 1
        if not slot.opened:
            slot.opened = True
            flood.ever_opened += 1
        if slot.kind == "header":
            transport.write(f"GET / HTTP/1.1\r\nHost: {flood.host}\r\n".encode())
        elif slot.kind == "body":
            cookie = flood.cookies[slot.index % len(flood.cookies)]
            transport.write((f"POST /answer HTTP/1.1\r\nHost: {flood.host}\r\nOrigin: http://{flood.host}\r\n"
                             f"Content-Type: application/x-www-form-urlencoded\r\nCookie: {cookie}\r\n"
                             "Transfer-Encoding: chunked\r\n\r\n").encode())

    def data_received(self, data):
        self.flood.replies += 1  # a refusal or a timeout page: the server closes after it, or we wait

    def connection_lost(self, exc):
        flood = self.flood
        self.slot.transport = None
        flood.open -= 1
        if not flood.stopping:
            flood.closed_by_server += 1
            flood.loop.call_later(RECONNECT_AFTER * (0.5 + random.random()), flood.connect, self.slot)


class Flood:
    def __init__(self, port, slots, cookies):
        self.loop = asyncio.get_running_loop()
        self.port, self.host, self.slots, self.cookies = port, f"127.0.0.1:{port}", slots, cookies
        self.semaphore = asyncio.Semaphore(CONNECTING)
        self.stopping = False
        self.open = self.ever_opened = self.connects = self.failed_connects = self.closed_by_server = self.replies = 0
        self.last_error = ""

    def connect(self, slot):
        if not self.stopping:
            self.loop.create_task(self._connect(slot))

    async def _connect(self, slot):
        async with self.semaphore:
            if self.stopping:
                return
            try:
                await asyncio.wait_for(self.loop.create_connection(lambda: Attacker(self, slot), "127.0.0.1", self.port, local_addr=(slot.source, 0)), 5.0)
                self.connects += 1
            except (OSError, asyncio.TimeoutError) as error:
                self.failed_connects += 1
                self.last_error = repr(error)
                if not self.stopping:
                    self.loop.call_later(RECONNECT_AFTER, self.connect, slot)

    async def trickle(self):
        """Each header trickler gets its next header byte, each body trickler a tiny chunk, every 2 s."""
        tricklers = [slot for slot in self.slots if slot.kind != "idle"]
        bucket = 0
        while not self.stopping:
            for slot in tricklers[bucket::BUCKETS]:
                transport = slot.transport
                if transport is None or transport.is_closing():
                    continue
                if slot.kind == "header":
                    transport.write(HEADER_PAD[slot.position % len(HEADER_PAD):][:1])
                    slot.position += 1
                else:
                    transport.write(b"1\r\na\r\n")
            bucket = (bucket + 1) % BUCKETS
            await asyncio.sleep(TRICKLE_EVERY / BUCKETS)

    def stats(self):
        return {"cpu": time.process_time(), "open": self.open, "ever_opened": self.ever_opened, "connects": self.connects, "failed_connects": self.failed_connects,
                "closed_by_server": self.closed_by_server, "replies": self.replies, "last_error": self.last_error}


async def attack(worker, port, first, count, cookies, stats, stop):
    kinds = ("idle", "header", "body")
    slots = [Slot(i, kinds[i % 3], source_address(SOURCE_OFFSET + i // PER_SOURCE)) for i in range(first, first + count)]
    flood = Flood(port, slots, cookies)
    for slot in slots:
        flood.connect(slot)
    trickling = asyncio.create_task(flood.trickle())
    parent = os.getppid()
    while not stop.is_set() and os.getppid() == parent:  # the script itself gone: stop too
        stats.put((worker, flood.stats()))
        await asyncio.sleep(0.5)
    # Stop: every attack connection is closed by us, politely (FIN), then the final figures.
    flood.stopping = True
    trickling.cancel()
    for slot in slots:
        if slot.transport is not None:
            slot.transport.close()
    deadline = time.monotonic() + 5
    while flood.open > 0 and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    stats.put((worker, dict(flood.stats(), done=True)))


def attack_process(worker, port, first, count, cookies, stats, stop):
    raise_file_limit()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    asyncio.run(attack(worker, port, first, count, cookies, stats, stop))


# ---------------------------------------------------------------------------- the room

async def join_cookies(port, code, count):
    """Device cookies for the body tricklers: a participant who knows the code can have them."""
    connection = Connection(port, timeout=10)
    try:
        return [(await join(connection, code))[0] for _ in range(count)]
    finally:
        connection.close()


async def honest_phone(port, code):
    """An honest phone on 127.0.0.1 joins, opens the question and answers on one keep-alive
    connection: (total ms, answered, the ms of each step)."""
    started = last = time.perf_counter()
    steps = []

    def step(name):
        nonlocal last
        now = time.perf_counter()
        steps.append(f"{name} {(now - last) * 1000:.0f} ms")
        last = now

    connection = Connection(port, timeout=10)
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
        return (time.perf_counter() - started) * 1000, answer.status == 200 and "Thank you" in answer.text, ", ".join(steps)
    except Exception as error:  # noqa: BLE001 - a failed phone is reported, not raised
        return (time.perf_counter() - started) * 1000, False, ", ".join(steps + [f"then {error!r}"])
    finally:
        connection.close()


def repl_time(convene, timeout=10):
    """Milliseconds from sending /help until its list (which names /web) appears, else None."""
    offset = len(convene.output)
    started = time.perf_counter()
    try:
        convene.send("/help")
    except BrokenPipeError:  # convene has exited
        return None
    while time.perf_counter() - started < timeout:
        if b"/web" in convene.output[offset:]:
            return (time.perf_counter() - started) * 1000
        time.sleep(0.005)
    return None


def cpu_seconds(pid):
    """User and system CPU time a process has used, in seconds."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def resident_mb(pid):
    """VmRSS and VmHWM of a live process in MB, else None (it has exited)."""
    try:
        status = open(f"/proc/{pid}/status").read()
    except FileNotFoundError:
        return None
    found = {key: re.search(key + r":\s+(\d+) kB", status) for key in ("VmRSS", "VmHWM")}
    return {key: int(match.group(1)) / 1024 for key, match in found.items()} if all(found.values()) else None


class Stats:
    """The latest figures of each attack process."""

    def __init__(self, channel, workers):
        self.channel, self.latest = channel, {w: {} for w in range(workers)}

    def drain(self, wait=0.0):
        deadline = time.monotonic() + wait
        while True:
            try:
                worker, figures = self.channel.get(timeout=max(0.0, deadline - time.monotonic()) or 0.01)
                self.latest[worker] = figures
            except queue.Empty:
                if time.monotonic() >= deadline:
                    return

    def total(self, key):
        return sum(figures.get(key, 0) for figures in self.latest.values())

    def sleep(self, seconds):
        """Sleeps while reading the figures as they come."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.drain(min(0.2, max(0.0, deadline - time.monotonic())))


def main():
    parser = argparse.ArgumentParser(description="idle and slow connections against the participants' page")
    parser.add_argument("binary")
    parser.add_argument("sandbox")
    parser.add_argument("idle", type=int)
    parser.add_argument("--bench", action="store_true", help="also close the flood and read the REPL's resident memory")
    args = parser.parse_args()
    raise_file_limit()
    # Bounded: 90 s for 2,000 connections, 180 s for 20,000, whatever the server does.
    budget = 85 if args.idle <= 2000 else 175

    def overtime(signum, frame):
        raise TimeoutError(f"web_idle_flood.py took more than {budget} s")
    signal.signal(signal.SIGALRM, overtime)
    signal.alarm(budget)

    context = multiprocessing.get_context("spawn")
    stop, channel = context.Event(), context.Queue()
    processes, convene = [], None
    try:
        convene, port, code = start_session(args.binary, args.sandbox, "Flood", 100, QUESTION)
        cookies = asyncio.run(join_cookies(port, code, 8))
        before = resident_mb(convene.process.pid)["VmRSS"]
        workers = max(1, -(-args.idle // PER_WORKER))
        shares = [args.idle // workers + (1 if w < args.idle % workers else 0) for w in range(workers)]
        for w in range(workers):
            process = context.Process(target=attack_process, args=(w, port, sum(shares[:w]), shares[w], cookies, channel, stop), daemon=True)
            process.start()
            processes.append(process)
        stats = Stats(channel, workers)
        opening = time.monotonic()
        convene_cpu = cpu_seconds(convene.process.pid)
        while stats.total("ever_opened") < args.idle and time.monotonic() - opening < 60:
            stats.drain(0.5)
        ready = time.monotonic()
        opened = stats.total("ever_opened")
        print(f"attack: {opened} of {args.idle} connections open after {ready - opening:.1f} s, from {-(-args.idle // PER_SOURCE)} addresses "
              f"({stats.total('failed_connects')} connects failed{': ' + next((f['last_error'] for f in stats.latest.values() if f.get('last_error')), '') if stats.total('failed_connects') else ''})",
              flush=True)

        # Once right away, once after the server's timeouts have had their turn.
        honest, repl = [], []
        for when in (ready + 1, ready + 12):
            stats.sleep(max(0.0, when - time.monotonic()))
            honest.append(asyncio.run(honest_phone(port, code)))
            repl.append(repl_time(convene))
            stats.drain()
            print(f"  at +{time.monotonic() - ready:.0f} s: honest phone {honest[-1][0]:.0f} ms ({'answered' if honest[-1][1] else 'NOT answered'}: {honest[-1][2]}), "
                  f"REPL {'%.0f ms' % repl[-1] if repl[-1] is not None else 'no answer'}; attack connections open {stats.total('open')}, "
                  f"closed by the server so far {stats.total('closed_by_server')}, connects failed {stats.total('failed_connects')}", flush=True)

        flooded = time.monotonic() - opening
        stats.drain()
        print(f"CPU during the {flooded:.0f} s of flood: convene {cpu_seconds(convene.process.pid) - convene_cpu:.1f} s, "
              f"the attack processes {stats.total('cpu'):.1f} s (2 cores: {2 * flooded:.0f} s)", flush=True)
        stop.set()
        for process in processes:
            process.join(timeout=20)
        stats.drain(0.5)
        resident = None
        if args.bench:
            time.sleep(5)
            resident = resident_mb(convene.process.pid)
        if convene.process.poll() is None:
            convene.send("/close")
            convene.send("/end")
            status, output = convene.finish()
        else:
            status, output = convene.process.returncode, convene.output.decode("utf-8", "replace")
            print(f"convene died during the flood (exit {status}): {convene.errors[-800:].decode('utf-8', 'replace')}")
    finally:
        signal.alarm(0)
        stop.set()
        for process in processes:
            if process.is_alive():
                process.terminate()
        kill(convene)

    worst_honest = max(ms for ms, _, _ in honest)
    answered = sum(ok for _, ok, _ in honest)
    worst_repl = max((ms if ms is not None else float("inf")) for ms in repl)
    stored = stored_answers(output, QUESTION)
    repl_text = f"REPL answered in {worst_repl:.0f} ms" if worst_repl != float("inf") else "REPL did not answer within 10 s"
    line = f"idle {args.idle} · honest phone joined and answered in {worst_honest:.0f} ms · {repl_text}"
    if args.bench:
        line += f" · resident after close {resident['VmRSS']:.1f} MB" if resident else " · resident after close ? MB (convene has exited)"
    print(line)
    if resident is not None:
        print(f"(resident before the flood {before:.1f} MB, peak {resident['VmHWM']:.1f} MB)")
    problems = []
    if opened < args.idle * 0.95:
        problems.append(f"only {opened} of {args.idle} attack connections were ever open")
    if answered != len(honest) or worst_honest > HONEST_LIMIT_MS:
        problems.append(f"honest phone: {answered} of {len(honest)} answered, slowest {worst_honest:.0f} ms (limit {HONEST_LIMIT_MS} ms)")
    if worst_repl > REPL_LIMIT_MS:
        problems.append(f"the REPL: {repl_text} (limit {REPL_LIMIT_MS} ms)")
    if args.bench and (resident is None or resident["VmRSS"] > RESIDENT_LIMIT_MB):
        problems.append(f"resident {resident['VmRSS']:.1f} MB after the flood (limit {RESIDENT_LIMIT_MB} MB)" if resident else "no resident memory: convene has exited")
    if status != 0 or stored != answered:
        problems.append(f"convene exit {status}, {stored} answers stored for {answered} acknowledged")
    if problems:
        print("\n".join(problems))
        sys.exit(1)
    print("flood ok")


if __name__ == "__main__":
    main()
