#!/usr/bin/env python3
"""Answers per second the participants' page sustains, measured with wrk on 127.0.0.1.

Starts convene (/present 100000, /web on 127.0.0.1:0, pulse 1 open), joins DEVICES devices (one
GET /j/CODE each: minting the device cookies is part of what the server must stand) from many
its own 127.x source address (one device place per address), fetches each device's form token
from GET /pulse, and writes them to a data file. Then wrk sends every device's answer once
(bench/answers.lua, each wrk thread its own slice), /close and /end, and the stored count must be
the number of 200 responses.

Usage: wrk_answers.py BINARY [--devices 60000] [--present 100000] [--duration 10] [--threads 2] [--connections 64]
Prints: answers per second: R/s sustained (wrk -t2 -c64, D devices, non-2xx K, stored S)"""
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
from web_client import TOKEN, Connection, build_request, kill, source_address, start_session, stored_answers  # noqa: E402
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary")
    parser.add_argument("--devices", type=int, default=60000)
    parser.add_argument("--present", type=int, default=100000)
    parser.add_argument("--duration", type=int, default=10, help="wrk -d, seconds")
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
        data = os.path.join(sandbox, "devices.tsv")
        with open(data, "w") as out:
            out.writelines(f"{cookie}\t{token}\n" for cookie, token in devices)
        # Answers stop being sent one second before wrk's end, so none is in flight when it stops.
        budget = max(1, args.duration - 1)
        command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s", "-s", os.path.join(HERE, "answers.lua"),
                   f"http://127.0.0.1:{port}", "--", data, str(args.threads), str(budget)]
        wrk = subprocess.run(command, capture_output=True, text=True, timeout=args.duration + 60)
        print(wrk.stdout.rstrip(), flush=True)
        if wrk.returncode != 0:
            sys.exit(f"wrk failed ({wrk.returncode}): {wrk.stderr[-500:]}")
        found = re.search(r"answers ok (\d+) other (\d+) sent (\d+) elapsed ([\d.]+) exhausted (\d) statuses (\S+)", wrk.stdout)
        if not found:
            sys.exit("no summary line from bench/answers.lua")
        ok, other, sent, elapsed, exhausted, statuses = int(found[1]), int(found[2]), int(found[3]), float(found[4]), found[5] == "1", found[6]
        convene.send("/close")
        convene.send("/end")
        status, output = convene.finish(timeout=120)
    finally:
        kill(convene)
        shutil.rmtree(sandbox, ignore_errors=True)
    stored = stored_answers(output, QUESTION)
    rate = ok / elapsed if elapsed > 0 else 0.0
    print(f"answers per second: {rate:,.0f}/s sustained (wrk -t{args.threads} -c{args.connections}, {len(devices):,} devices, "
          f"non-2xx {other}, stored {stored if stored is not None else '?'})", flush=True)
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
        print(f"(wrk's budget of {budget} s ended before every device had answered: {sent} of {len(devices)} sent)")
    if problems:
        sys.exit("; ".join(problems))


if __name__ == "__main__":
    main()
