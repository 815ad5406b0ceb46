#!/usr/bin/env python3
"""A burst of 700 phones on 127.0.0.1: each joins and opens the question, then all submit within
about a second. Checks 0 errors and that every acknowledged answer is stored; prints p50 and p99.

Usage: web_burst.py BINARY SANDBOX [CLIENTS]"""
import asyncio
import re
import statistics
import sys
import time

from web_common import Convene, raise_file_limit

binary, sandbox = sys.argv[1], sys.argv[2]
clients = int(sys.argv[3]) if len(sys.argv) > 3 else 700
raise_file_limit()
convene = Convene(binary, sandbox, ["start", "monthly-steering", "--group", "Burst"])
convene.send(f"/present {clients}")
convene.send("/web on 127.0.0.1:0")
match = convene.wait_for(r"http://127\.0\.0\.1:(\d+)/j/(\d{6})")
port, code = int(match.group(1)), match.group(2)
convene.send('/pulse "Did the burst work?" --scale 1-5')
convene.wait_for("Pulse 1 is open")
host = f"127.0.0.1:{port}"


async def request(method, path, cookie=None, body=None):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    headers = [f"{method} {path} HTTP/1.1", f"Host: {host}", "Connection: close"]
    if cookie:
        headers.append(f"Cookie: {cookie}")
    if body is not None:
        headers += ["Content-Type: application/x-www-form-urlencoded", f"Origin: http://{host}", f"Content-Length: {len(body)}"]
    writer.write(("\r\n".join(headers) + "\r\n\r\n" + (body or "")).encode())
    await writer.drain()
    data = await reader.read()
    writer.close()
    head, _, content = data.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    status = int(lines[0].split()[1])
    cookies = [line.split(":", 1)[1].strip().split(";")[0] for line in lines[1:] if line.lower().startswith("set-cookie:")]
    return status, cookies, content.decode("utf-8", "replace")


async def phone(index, go, latencies, failures, spread):
    try:
        status, cookies, _ = await request("GET", f"/j/{code}")
        device = next(c for c in cookies if c.startswith("cv_device="))
        status, _, page = await request("GET", "/pulse", cookie=device)
        token = re.search(r'name="token" value="([0-9a-f]+)"', page).group(1)
    except Exception as error:  # noqa: BLE001 - every failure is counted and reported
        failures.append(f"join {index}: {error!r}")
        await go.wait()
        return
    await go.wait()
    # The phones answer within about one second, each at its own moment, as in a room.
    await asyncio.sleep(spread * index / clients)
    started = time.perf_counter()
    try:
        status, _, page = await request("POST", "/answer", cookie=device, body=f"pulse=1&token={token}&value={index % 5 + 1}")
        if status != 200 or "Thank you" not in page:
            failures.append(f"answer {index}: HTTP {status}")
        else:
            latencies.append(time.perf_counter() - started)
    except Exception as error:  # noqa: BLE001
        failures.append(f"answer {index}: {error!r}")


async def main():
    go = asyncio.Event()
    latencies, failures = [], []
    tasks = []
    # Join in waves so that joining is not what is measured.
    for start in range(0, clients, 100):
        wave = [asyncio.create_task(phone(i, go, latencies, failures, 1.0)) for i in range(start, min(clients, start + 100))]
        tasks += wave
        await asyncio.sleep(0.3)
    await asyncio.sleep(1.0)
    began = time.perf_counter()
    go.set()
    await asyncio.gather(*tasks)
    return latencies, failures, time.perf_counter() - began


latencies, failures, elapsed = asyncio.run(main())
convene.send("/close")
convene.send("/end")
code_, output = convene.finish()
stored = re.search(r"### Pulse 1: Did the burst work\?\n\n(\d+) answers", output)
latencies.sort()
p50 = statistics.median(latencies) * 1000 if latencies else float("nan")
p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000 if latencies else float("nan")
print(f"clients {clients} · acknowledged {len(latencies)} · errors {len(failures)} · stored {stored.group(1) if stored else '?'} · "
      f"submitted in {elapsed:.2f} s · p50 {p50:.1f} ms · p99 {p99:.1f} ms")
if failures:
    print("\n".join(failures[:10]))
assert code_ == 0, f"convene exit {code_}: {convene.errors[-500:]!r}"
assert not failures, "some phones failed"
assert stored and int(stored.group(1)) == len(latencies) == clients, "not every acknowledged answer was stored"
print("burst ok")
