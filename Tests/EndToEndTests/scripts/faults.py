#!/usr/bin/env python3
"""Fault checks: kill -9 at random moments during scripted sessions and during a web burst, a full
disk, a read-only store, and two REPLs on one store. Afterwards the store passes integrity_check,
every acknowledged note and answer is present, and `convene resume` works.

Usage: faults.py BINARY SANDBOX [KILLS]   (make test runs a short loop; make faults runs 200+)"""
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request

binary, sandbox = sys.argv[1], sys.argv[2]
kills = int(sys.argv[3]) if len(sys.argv) > 3 else 30
random.seed(20261129)
env = dict(os.environ, CONVENE_STORE=os.path.join(sandbox, "store.sqlite"), HOME=sandbox, XDG_STATE_HOME=os.path.join(sandbox, "state"), NO_COLOR="1")
env.pop("CONVENE_LIBRARY", None)
failures = []


def convene(args, input_text="", store=None, timeout=60):
    e = dict(env, CONVENE_STORE=store) if store else env
    return subprocess.run([binary] + args, input=input_text, env=e, capture_output=True, text=True, timeout=timeout)


def check(condition, message):
    if not condition:
        failures.append(message)


# 1. kill -9 during scripted sessions.
acknowledged = set()
ended = 0
for iteration in range(kills):
    opened = convene(["sessions", "list", "--format", "json"]).stdout
    is_open = any(s["status"] == "open" for s in json.loads(opened or "[]"))
    args = ["resume"] if is_open else ["start", "monthly-steering", "--group", "Faults"]
    process = subprocess.Popen([binary] + args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    output = bytearray()
    reader = threading.Thread(target=lambda: [output.extend(chunk) for chunk in iter(lambda: process.stdout.read1(65536), b"")], daemon=True)
    reader.start()
    lines = random.randint(0, 20)
    kill_after = random.uniform(0, 0.6)
    sent = []
    started = time.time()
    try:
        for j in range(lines):
            note = f"note {iteration}-{j}"
            process.stdin.write((note + "\n").encode())
            process.stdin.flush()
            sent.append(note)
            if random.random() < 0.2:
                process.stdin.write(f"/spoke Org{j % 3}\n".encode())
                process.stdin.flush()
            time.sleep(random.uniform(0, 0.01))
            if time.time() - started > kill_after:
                break
        if iteration % 25 == 24:
            process.stdin.write(b"/end\n")
            process.stdin.flush()
            process.wait(timeout=30)
            ended += 1
        else:
            time.sleep(random.uniform(0, 0.05))
    except BrokenPipeError:
        pass
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    reader.join(timeout=5)
    text = output.decode("utf-8", "replace")
    # A note is acknowledged once Convene answered "noted (N on this activity)"; count the answers
    # in order and credit that many of the notes sent.
    acks = len(re.findall(r"noted \(\d+ on this activity\)", text))
    acknowledged.update(sent[:acks])

# Every acknowledged note is in the store.
database = sqlite3.connect(env["CONVENE_STORE"])
check(database.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "integrity_check failed after the kill loop")
stored = set()
for (payload,) in database.execute("SELECT payload FROM event WHERE kind = 'noted'"):
    stored.add(json.loads(payload)["change"]["noted"]["text"])
database.close()
lost = acknowledged - stored
check(not lost, f"{len(lost)} acknowledged notes lost, e.g. {sorted(lost)[:3]}")
resumed = convene(["resume"], "/end\n")
check(resumed.returncode in (0, 2), f"resume after the loop: exit {resumed.returncode} {resumed.stderr[:200]}")
if resumed.returncode == 2:
    check("no session to resume" in resumed.stderr, f"resume refused unexpectedly: {resumed.stderr[:200]}")
print(f"scripted sessions: {kills} kill -9, {len(acknowledged)} acknowledged notes, {len(lost)} lost, {ended} sessions ended cleanly")

# 2. kill -9 during a web burst: every acknowledged answer is stored.
web_kills = max(3, kills // 20)
web_acked = web_stored = 0
for round_ in range(web_kills):
    store = os.path.join(sandbox, f"web-{round_}.sqlite")
    e = dict(env, CONVENE_STORE=store)
    process = subprocess.Popen([binary, "start", "monthly-steering", "--group", "Web faults"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=e)
    buffer = bytearray()
    threading.Thread(target=lambda: [buffer.extend(chunk) for chunk in iter(lambda: process.stdout.read1(65536), b"")], daemon=True).start()
    process.stdin.write(b"/present 60\n/web on 127.0.0.1:0\n/pulse trust-at-this-table\n")
    process.stdin.flush()
    deadline = time.time() + 20
    match = None
    while time.time() < deadline and not (match and b"Pulse 1 is open" in buffer):
        match = re.search(rb"http://127\.0\.0\.1:(\d+)/j/(\d{6})", buffer)
        time.sleep(0.05)
    if not match:
        failures.append("web round: no join URL")
        process.kill()
        continue
    port, code = match.group(1).decode(), match.group(2).decode()
    acked = []
    lock = threading.Lock()

    def phone(n):
        try:
            opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
            opener.open(f"http://127.0.0.1:{port}/j/{code}", timeout=5).read()
            page = opener.open(f"http://127.0.0.1:{port}/pulse", timeout=5).read().decode()
            token = re.search(r'name="token" value="([0-9a-f]+)"', page).group(1)
            request = urllib.request.Request(f"http://127.0.0.1:{port}/answer", data=f"pulse=1&token={token}&value={n % 5 + 1}".encode(),
                                             headers={"Origin": f"http://127.0.0.1:{port}"})
            body = opener.open(request, timeout=5).read().decode()
            if "Thank you" in body:
                with lock:
                    acked.append(n)
        except Exception:  # noqa: BLE001 - the server is killed on purpose
            pass

    threads = [threading.Thread(target=phone, args=(n,)) for n in range(60)]
    for t in threads:
        t.start()
    time.sleep(random.uniform(0.05, 0.4))
    process.send_signal(signal.SIGKILL)
    process.wait()
    for t in threads:
        t.join(timeout=10)
    database = sqlite3.connect(store)
    check(database.execute("PRAGMA integrity_check").fetchone()[0] == "ok", f"integrity_check failed after web kill {round_}")
    count = database.execute("SELECT COUNT(*) FROM response").fetchone()[0]
    database.close()
    check(count >= len(acked), f"web kill {round_}: {len(acked)} acknowledged but {count} stored")
    web_acked += len(acked)
    web_stored += count
    after = subprocess.run([binary, "resume"], input="/close\n/end\n", env=e, capture_output=True, text=True, timeout=60)
    check(after.returncode == 0, f"resume after web kill {round_}: {after.stderr[:200]}")
print(f"web bursts: {web_kills} kill -9, {web_acked} acknowledged answers, {web_stored} stored, {max(0, web_acked - web_stored)} lost")

# 3. A full disk gives a clear error and no corruption; 4. a read-only store likewise.
mount = os.path.join(sandbox, "small")
os.makedirs(mount, exist_ok=True)
mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=192k", "tmpfs", mount], capture_output=True).returncode == 0
if mounted:
    try:
        small = os.path.join(mount, "store.sqlite")
        full = convene(["start", "monthly-steering", "--group", "Full"], "".join(f"{'x' * 3000} {i}\n" for i in range(400)), store=small)
        check(full.returncode == 1, f"full disk: exit {full.returncode}")
        check("disk is full" in full.stderr or "disk reported an error" in full.stderr or "cannot" in full.stderr, f"full disk message: {full.stderr[:300]}")
        check(len(full.stderr.strip().splitlines()) == 1, f"full disk: more than one line: {full.stderr[:300]}")
        database = sqlite3.connect(small)
        check(database.execute("PRAGMA integrity_check").fetchone()[0] == "ok", "integrity_check failed after a full disk")
        database.close()
        subprocess.run(["mount", "-o", "remount,ro", mount], check=True)
        readonly = convene(["resume"], "/end\n", store=small)
        check(readonly.returncode in (1, 2) and "read-only" in readonly.stderr, f"read-only store: exit {readonly.returncode} {readonly.stderr[:300]}")
        listing = convene(["sessions", "list"], store=small)
        check(listing.returncode == 0 or "read-only" in listing.stderr, f"listing a read-only store: {listing.stderr[:200]}")
        print(f"full disk: {full.stderr.strip()}")
        print(f"read-only store: {readonly.stderr.strip()}")
    finally:
        subprocess.run(["umount", mount])
else:
    print("full disk and read-only checks skipped: mounting a tmpfs needs root")

# 5. Two REPLs on one store: the second gets a clear message, never a crash or a lost write.
first = subprocess.Popen([binary, "start", "monthly-steering", "--group", "Two"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         env=dict(env, CONVENE_STORE=os.path.join(sandbox, "two.sqlite")))
first.stdin.write(b"first note\n")
first.stdin.flush()
time.sleep(1.0)
second = convene(["resume"], "second note\n/end\n", store=os.path.join(sandbox, "two.sqlite"))
check(second.returncode == 1 and "in use by another convene" in second.stderr, f"second REPL: exit {second.returncode} {second.stderr[:200]}")
first.stdin.write(b"/end\n")
first.stdin.flush()
out, _ = first.communicate(timeout=30)
check(first.returncode == 0 and b"- first note" in out, "the first REPL lost its note")
print(f"two REPLs: {second.stderr.strip()}")

if failures:
    print("\n".join(failures[:20]))
    sys.exit(1)
print(f"faults ok: {kills + web_kills} kill -9 in all, 0 lost")
