#!/usr/bin/env python3
"""A room of CLIENTS phones on loopback, each from its own 127.x source address: they join in waves
(joining is not what is measured), then all submit within SPREAD_SECONDS, each at its own moment.
Checks 0 errors and that every acknowledged answer is stored; prints p50 and p99 of the submissions
(connect, POST /answer, the whole response).

Usage: web_load.py BINARY SANDBOX CLIENTS SPREAD_SECONDS      (DESIGN: 3000 phones in 2 s, p99 <= 250 ms)"""
import asyncio
import statistics
import sys
import time

from web_client import Connection, fetch, join, kill, source_address, start_session, stored_answers
from web_common import raise_file_limit

QUESTION = "Did the load work?"
WAVE = 250          # phones joining together
WAVE_PAUSE = 0.3    # seconds between waves
TIMEOUT = 20.0      # any one request; keeps the script bounded if the server stalls


async def phone(index, port, code, clients, spread, go, latencies, failures):
    source = source_address(index)
    connection = Connection(port, source, TIMEOUT)
    try:
        # A phone opens the link and the question on one keep-alive connection.
        device, token = await join(connection, code)
    except Exception as error:  # noqa: BLE001 - every failure is counted and reported
        failures.append(f"join {index} from {source}: {error!r}")
        return
    finally:
        connection.close()
    await go.wait()
    # Everyone answers within the spread, each at its own moment, as in a room.
    await asyncio.sleep(spread * index / clients)
    started = time.perf_counter()
    try:
        # The answer on a fresh connection: the joins' connections may have idled out by now.
        answer = await fetch(port, "POST", "/answer", source, cookie=device, body=f"pulse=1&token={token}&value={index % 5 + 1}", timeout=TIMEOUT)
        if answer.status != 200 or "Thank you" not in answer.text:
            failures.append(f"answer {index}: HTTP {answer.status}")
        else:
            latencies.append(time.perf_counter() - started)
    except Exception as error:  # noqa: BLE001
        failures.append(f"answer {index} from {source}: {error!r}")


async def room(port, code, clients, spread):
    go = asyncio.Event()
    latencies, failures, tasks = [], [], []
    for start in range(0, clients, WAVE):
        tasks += [asyncio.create_task(phone(i, port, code, clients, spread, go, latencies, failures)) for i in range(start, min(clients, start + WAVE))]
        await asyncio.sleep(WAVE_PAUSE)
    await asyncio.sleep(1.0)  # the last wave settles
    began = time.perf_counter()
    go.set()
    await asyncio.gather(*tasks)
    return latencies, failures, time.perf_counter() - began


def main():
    binary, sandbox, clients, spread = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    raise_file_limit()
    convene = None
    try:
        convene, port, code = start_session(binary, sandbox, "Load", clients, QUESTION)
        latencies, failures, elapsed = asyncio.run(room(port, code, clients, spread))
        convene.send("/close")
        convene.send("/end")
        status, output = convene.finish()
    finally:
        kill(convene)
    stored = stored_answers(output, QUESTION)
    latencies.sort()
    p50 = statistics.median(latencies) * 1000 if latencies else float("nan")
    p99 = latencies[max(0, int(len(latencies) * 0.99) - 1)] * 1000 if latencies else float("nan")
    print(f"clients {clients} · acknowledged {len(latencies)} · errors {len(failures)} · stored {stored if stored is not None else '?'} · "
          f"submitted in {elapsed:.2f} s · p50 {p50:.1f} ms · p99 {p99:.1f} ms", flush=True)
    if failures:
        print("\n".join(failures[:10]))
    if status != 0:
        print(f"convene exit {status}: {convene.errors[-500:]!r}")
    if status != 0 or failures or stored != len(latencies):
        if stored != len(latencies):
            print("not every acknowledged answer was stored")
        sys.exit(1)
    print("load ok")


if __name__ == "__main__":
    main()
