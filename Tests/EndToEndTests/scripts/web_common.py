"""Runs convene in a private sandbox with the participants' page on 127.0.0.1, for the web checks."""
import os
import re
import resource
import subprocess
import threading
import time

URL = re.compile(r"http://127\.0\.0\.1:(\d+)/j/(\d{6})")


def png_pixels(path):
    """The decompressed scanline bytes of a PNG (its IDAT chunks), to tell a blank screenshot."""
    import struct
    import zlib
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    position, idat = 8, b""
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        if kind == b"IDAT":
            idat += data[position + 8:position + 8 + length]
        position += 12 + length
    return zlib.decompress(idat)


def raise_file_limit(wanted=65536):
    """Soft limit to the hard one; as root (CI) the hard one too, when it is below `wanted`. The
    convene started afterwards inherits it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard < wanted:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, wanted))
            return
        except (ValueError, OSError):
            pass
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


class Convene:
    def __init__(self, binary, sandbox, args, before=(), files=None):
        env = dict(os.environ)
        env.update({"CONVENE_STORE": os.path.join(sandbox, "store.sqlite"), "XDG_STATE_HOME": os.path.join(sandbox, "state"),
                    "HOME": sandbox, "NO_COLOR": "1"})
        env.pop("CONVENE_LIBRARY", None)
        self.binary, self.env = binary, env
        for command in before:
            subprocess.run([binary] + command, env=env, check=True, capture_output=True, timeout=60)
        # files: an open-file limit of its own (soft and hard, so convene cannot raise it), as on a
        # laptop whose limit is 1,024.
        limit = (lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (files, files))) if files else None
        self.process = subprocess.Popen([binary] + args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                                        preexec_fn=limit)
        self.output = b""
        self.errors = b""
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_errors, daemon=True).start()

    def _read(self):
        for chunk in iter(lambda: self.process.stdout.read1(65536), b""):
            self.output += chunk

    def _read_errors(self):
        for chunk in iter(lambda: self.process.stderr.read1(65536), b""):
            self.errors += chunk

    def send(self, line):
        self.process.stdin.write((line + "\n").encode())
        self.process.stdin.flush()

    def wait_for(self, pattern, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            match = re.search(pattern, self.output.decode("utf-8", "replace"))
            if match:
                return match
            time.sleep(0.05)
        raise TimeoutError(f"no {pattern!r} in output: {self.output[-2000:]!r} / {self.errors[-500:]!r}")

    def finish(self, timeout=60):
        self.process.stdin.close()
        self.process.wait(timeout=timeout)
        time.sleep(0.2)
        return self.process.returncode, self.output.decode("utf-8", "replace")

    def run(self, args):
        return subprocess.run([self.binary] + args, env=self.env, capture_output=True, text=True, timeout=60)
