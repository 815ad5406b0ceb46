#!/usr/bin/env python3
"""Answers per second the participants' page sustains, measured with wrk on 127.0.0.1.

Starts convene (/present 100000, /web on 127.0.0.1:0, pulse 1 open), joins DEVICES devices (one
GET /j/CODE each: minting the device cookies is part of what the server must stand) each from
its own 127.x source address (one device place per address), fetches each device's form token
from GET /pulse, and writes them to a data file. Then wrk sends every device's answer once
(bench/answers.lua, each wrk thread its own slice). A device answers a pulse once and a room holds
at most 100,000, so a run longer than one pulse takes is made of PULSES pulses in turn: the REPL
closes one and opens the next, every device fetches its new form token (not timed), and wrk runs
again for DURATION / PULSES seconds; the store keeps growing through all of them. At the end /close
and /end, and the stored count must be the number of 200 responses. convene's CPU time over the
wrk runs is reported as a share of their wall time (1.0 = one whole core).

Usage: wrk_answers.py BINARY [--devices 60000] [--present 100000] [--duration 10] [--pulses 1] [--threads 2] [--connections 64]
Prints: answers per second: R/s sustained (wrk -t2 -c64, D devices, P pulses, non-2xx K, stored S, convene C cores)"""
import argparse
import asyncio
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "Tests", "EndToEndTests", "scripts"))
from web_client import TOKEN, Connection, build_request, kill, source_address, start_session  # noqa: E402
from web_common import raise_file_limit  # noqa: E402

QUESTION = "How fast can we answer?"
JOINERS = 128     # joining connections, each from its own source address


async def join_devices(port, code, devices):
    """Joins `devices` devices: a list of (cookie, form token)."""
    host = f"127.0.0.1:{port}"
    joined = []
    failures = []

    async def joiner(index, count):
        # One address holds one device (a phone that clears its cookies gets no second place), so
        # each device joins from its own loopback address, on a connection of its own.
        for number in range(count):
            device = index + number * JOINERS
            for attempt in range(6):
                connection = Connection(port, source_address(device), timeout=30)
                try:
                    reply = await connection.request("GET", f"/j/{code}")
                    cookie = reply.cookie("cv_device")
                    if reply.status != 303 or not cookie:
                        failures.append(f"joiner {index}: join refused: HTTP {reply.status}")
                        return
                    page = await connection.request("GET", "/pulse", cookie=cookie)
                    token = TOKEN.search(page.text)
                    if page.status != 200 or not token:
                        failures.append(f"joiner {index}: /pulse: HTTP {page.status}")
                        return
                    joined.append((cookie, token.group(1)))
                    break
                except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError) as error:
                    if attempt == 5:
                        failures.append(f"joiner {index}: {error!r}")
                        return
                finally:
                    connection.close()

    share = [devices // JOINERS + (1 if i < devices % JOINERS else 0) for i in range(JOINERS)]
    await asyncio.gather(*(joiner(i, n) for i, n in enumerate(share) if n))
    return joined, failures


async def fetch_tokens(port, devices, pulse):
    """The form token of pulse `pulse` for every device's cookie, 8 requests pipelined a connection."""
    cookies = [cookie for cookie, _ in devices]
    tokens = [None] * len(cookies)
    failures = []

    async def fetcher(index):
        connection = Connection(port, source_address(index), timeout=30)
        try:
            for start in range(index * 8, len(cookies), JOINERS * 8):
                batch = range(start, min(start + 8, len(cookies)))
                pages = await connection.pipeline([build_request("GET", "/pulse", connection.host, cookie=cookies[k]) for k in batch])
                for k, page in zip(batch, pages):
                    found = TOKEN.search(page.text)
                    if page.status != 200 or not found or f'name="pulse" value="{pulse}"' not in page.text:
                        failures.append(f"/pulse for pulse {pulse}: HTTP {page.status}")
                        return
                    tokens[k] = found.group(1)
        except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError) as error:
            failures.append(f"fetcher {index}: {error!r}")
        finally:
            connection.close()

    await asyncio.gather(*(fetcher(i) for i in range(JOINERS)))
    return [(cookie, token) for cookie, token in zip(cookies, tokens)], failures


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary")
    parser.add_argument("--devices", type=int, default=60000)
    parser.add_argument("--present", type=int, default=100000)
    parser.add_argument("--duration", type=int, default=10, help="wrk -d, seconds, over all pulses")
    parser.add_argument("--pulses", type=int, default=1, help="pulses answered in turn, DURATION / PULSES seconds each")
    parser.add_argument("--threads", type=int, default=2, help="wrk -t")
    parser.add_argument("--connections", type=int, default=64, help="wrk -c")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install -y wrk")
    raise_file_limit()
    sandbox = tempfile.mkdtemp(prefix="convene-wrk-")
    convene = None
    try:
        convene, port, code = start_session(os.path.abspath(args.binary), sandbox, "Answers", args.present, QUESTION)
        started = time.perf_counter()
        devices, failures = asyncio.run(join_devices(port, code, args.devices))
        joining = time.perf_counter() - started
        print(f"joined {len(devices)} devices in {joining:.1f} s ({len(devices) / joining:.0f} joins/s with their /pulse pages)", flush=True)
        if failures:
            print("\n".join(failures[:10]))
            sys.exit(f"joining failed: {len(failures)} joiners stopped")
        total = {"ok": 0, "other": 0, "sent": 0, "elapsed": 0.0, "cpu": 0.0, "wall": 0.0, "statuses": []}
        exhausted = True
        per_pulse = max(2, args.duration // args.pulses)
        for pulse in range(1, args.pulses + 1):
            if pulse > 1:
                convene.send("/close")
                convene.send(f'/pulse "{QUESTION} ({pulse})" --scale 1-5')
                convene.wait_for(f"Pulse {pulse} is open")
                devices, failures = asyncio.run(fetch_tokens(port, devices, pulse))
                if failures:
                    sys.exit(f"fetching the form tokens of pulse {pulse} failed: {failures[:3]}")
            data = os.path.join(sandbox, "devices.tsv")
            with open(data, "w") as out:
                out.writelines(f"{cookie}\t{token}\n" for cookie, token in devices)
            # Answers stop being sent one second before wrk's end, so none is in flight when it stops.
            budget = max(1, per_pulse - 1)
            command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{per_pulse}s", "-s", os.path.join(HERE, "answers.lua"),
                       f"http://127.0.0.1:{port}", "--", data, str(args.threads), str(budget), str(pulse)]
            cpu_before, wall_before = cpu_seconds(convene.process.pid), time.perf_counter()
            wrk = subprocess.run(command, capture_output=True, text=True, timeout=per_pulse + 60)
            total["cpu"] += cpu_seconds(convene.process.pid) - cpu_before
            total["wall"] += time.perf_counter() - wall_before
            print(f"pulse {pulse}: " + wrk.stdout.rstrip(), flush=True)
            if wrk.returncode != 0:
                sys.exit(f"wrk failed ({wrk.returncode}): {wrk.stderr[-500:]}")
            found = re.search(r"answers ok (\d+) other (\d+) sent (\d+) elapsed ([\d.]+) exhausted (\d) statuses (\S+)", wrk.stdout)
            if not found:
                sys.exit("no summary line from bench/answers.lua")
            total["ok"] += int(found[1])
            total["other"] += int(found[2])
            total["sent"] += int(found[3])
            total["elapsed"] += float(found[4])
            exhausted = exhausted and found[5] == "1"
            if found[6] != "-":
                total["statuses"].append(found[6])
        ok, other, sent, elapsed, statuses = total["ok"], total["other"], total["sent"], total["elapsed"], ",".join(total["statuses"])
        convene.send("/close")
        convene.send("/end")
        status, output = convene.finish(timeout=120)
    finally:
        kill(convene)
        shutil.rmtree(sandbox, ignore_errors=True)
    stored = 0
    for pulse in range(1, args.pulses + 1):
        found = re.search(r"### Pulse " + str(pulse) + r": [^\n]*\n\n(\d+) answers?\b", output)
        stored = stored + int(found.group(1)) if found is not None and stored is not None else None
    rate = ok / elapsed if elapsed > 0 else 0.0
    share = total["cpu"] / total["wall"] if total["wall"] > 0 else 0.0
    print(f"answers per second: {rate:,.0f}/s sustained over {elapsed:.1f} s (wrk -t{args.threads} -c{args.connections}, {len(devices):,} devices, "
          f"{args.pulses} pulse{'s' if args.pulses > 1 else ''}, {ok:,} answers, non-2xx {other}, stored {stored if stored is not None else '?'}, "
          f"convene {share:.2f} cores of {os.cpu_count()})", flush=True)
    problems = []
    if status != 0:
        problems.append(f"convene exit {status}")
    if other:
        problems.append(f"{other} answers refused ({statuses})")
    if stored != ok:
        problems.append(f"stored {stored} but {ok} acknowledged")
    if sent != ok + other:
        problems.append(f"{sent - ok - other} answers sent without a reply (socket errors?)")
    if not exhausted:
        print(f"(wrk's budget ended before every device had answered a pulse: {sent} of {len(devices) * args.pulses} sent)")
    if problems:
        sys.exit("; ".join(problems))


if __name__ == "__main__":
    main()
