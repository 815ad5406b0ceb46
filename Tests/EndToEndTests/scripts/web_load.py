#!/usr/bin/env python3
"""A room of CLIENTS phones on loopback, each from its own 127.x source address: they join in waves
(joining is not what is measured), then all submit within SPREAD_SECONDS, each at its own moment.
Checks 0 errors and that every acknowledged answer is stored; prints p50 and p99 of the submissions
(connect, POST /answer, the whole response).

With `flow`, nobody joins first: each phone joins, opens the question and answers within the spread,
on one keep-alive connection as a browser does (the real flow); p50 and p99 are then given for the
whole flow (connect to the answer's response) and for the answer request alone.

Usage: web_load.py BINARY SANDBOX CLIENTS SPREAD_SECONDS [flow]
(DESIGN: 3000 phones in 2 s, p99 <= 250 ms; with flow, whole flow p99 <= 1 s, answer p99 <= 250 ms)"""
import asyncio
import multiprocessing
import statistics
import sys
import time

from web_client import Connection, fetch, join, kill, source_address, start_session, stored_answers
from web_common import raise_file_limit

QUESTION = "Did the load work?"
WAVE = 250          # phones joining together
WAVE_PAUSE = 0.3    # seconds between waves
TIMEOUT = 20.0      # any one request; keeps the script bounded if the server stalls
FLOW_WORKERS = 2    # client processes for the real flow


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


async def flowing_phone(index, port, code, clients, spread, start_at, flows, answers, failures):
    """Joins, opens the question and answers, starting at its own moment of the spread."""
    source = source_address(index)
    await asyncio.sleep(max(0.0, start_at + spread * index / clients - time.time()))
    started = time.perf_counter()
    connection = Connection(port, source, TIMEOUT)
    try:
        device, token = await join(connection, code)
        asked = time.perf_counter()
        answer = await connection.request("POST", "/answer", cookie=device, body=f"pulse=1&token={token}&value={index % 5 + 1}")
        done = time.perf_counter()
        if answer.status != 200 or "Thank you" not in answer.text:
            failures.append(f"answer {index}: HTTP {answer.status}")
        else:
            flows.append(done - started)
            answers.append(done - asked)
    except Exception as error:  # noqa: BLE001 - every failure is counted and reported
        failures.append(f"flow {index} from {source}: {error!r}")
    finally:
        connection.close()


async def flowing_slice(port, code, clients, spread, start_at, worker, workers):
    flows, answers, failures = [], [], []
    await asyncio.gather(*(flowing_phone(i, port, code, clients, spread, start_at, flows, answers, failures) for i in range(worker, clients, workers)))
    return flows, answers, failures


def flowing_room(port, code, clients, spread, workers=FLOW_WORKERS):
    """The phones split over `workers` processes (one asyncio loop cannot drive 1,500 flows a second
    on a shared core: it would measure its own queue), all starting from the same moment."""
    start_at = time.time() + 1.0
    results = multiprocessing.get_context("fork").Queue()

    def run(worker):
        results.put(asyncio.run(flowing_slice(port, code, clients, spread, start_at, worker, workers)))

    processes = [multiprocessing.get_context("fork").Process(target=run, args=(w,)) for w in range(workers)]
    for process in processes:
        process.start()
    flows, answers, failures = [], [], []
    for _ in processes:
        f, a, e = results.get(timeout=TIMEOUT * 4 + spread + 10)
        flows += f
        answers += a
        failures += e
    for process in processes:
        process.join()
    return flows, answers, failures, time.time() - start_at


def percentiles(latencies):
    """(p50, p99) in ms."""
    latencies = sorted(latencies)
    if not latencies:
        return float("nan"), float("nan")
    return statistics.median(latencies) * 1000, latencies[max(0, int(len(latencies) * 0.99) - 1)] * 1000


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
    flow = sys.argv[5:] == ["flow"]
    raise_file_limit()
    convene = None
    try:
        convene, port, code = start_session(binary, sandbox, "Load", clients, QUESTION)
        if flow:
            flows, latencies, failures, elapsed = flowing_room(port, code, clients, spread)
        else:
            latencies, failures, elapsed = asyncio.run(room(port, code, clients, spread))
        convene.send("/close")
        convene.send("/end")
        status, output = convene.finish()
    finally:
        kill(convene)
    stored = stored_answers(output, QUESTION)
    p50, p99 = percentiles(latencies)
    if flow:
        flow50, flow99 = percentiles(flows)
        print(f"clients {clients} · acknowledged {len(latencies)} · errors {len(failures)} · stored {stored if stored is not None else '?'} · "
              f"joined and answered in {elapsed:.2f} s · flow p50 {flow50:.1f} ms p99 {flow99:.1f} ms · answer p50 {p50:.1f} ms p99 {p99:.1f} ms", flush=True)
    else:
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
