#!/usr/bin/env python3
"""Checks that a report is well-formed HTML with no external assets or scripts, then renders it in
headless Chromium and checks the screenshot is not blank.

Usage: check_html.py REPORT.html SCREENSHOT.png. Exit 1 with a reason on failure."""
import html.parser
import os
import shutil
import struct
import subprocess
import sys
import zlib

report, screenshot = sys.argv[1], sys.argv[2]
VOID = {"meta", "link", "br", "img", "input", "hr", "circle", "rect", "line", "polyline", "path"}


class Checker(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.errors, self.external = [], [], []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href") and value and not value.startswith("#"):
                self.external.append(value)
        if tag == "script":
            self.errors.append("a script")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> (open: {self.stack[-3:]})")
        else:
            self.stack.pop()


checker = Checker()
checker.feed(open(report, encoding="utf-8").read())
checker.close()
if checker.errors or checker.stack or checker.external:
    print(f"not well-formed or not self-contained: {checker.errors[:3]} unclosed {checker.stack} external {checker.external[:3]}")
    sys.exit(1)

browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
if not browser:
    print("no chromium found (make test installs it)")
    sys.exit(1)
subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1000,1600",
                f"--screenshot={screenshot}", "file://" + os.path.abspath(report)],
               check=True, capture_output=True, timeout=120)

# Decode the PNG's pixels (zlib-compressed scanlines) and count the distinct byte values.
data = open(screenshot, "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
position, idat = 8, b""
while position < len(data):
    length, kind = struct.unpack(">I4s", data[position:position + 8])
    if kind == b"IDAT":
        idat += data[position + 8:position + 8 + length]
    position += 12 + length
pixels = zlib.decompress(idat)
distinct = len(set(pixels[::7]))
dark = sum(1 for b in pixels[::7] if b < 128)
if distinct < 16 or dark < 1000:
    print(f"the screenshot looks blank ({distinct} distinct values, {dark} dark samples)")
    sys.exit(1)
print(f"well-formed, self-contained, rendered: {len(data)} bytes, {distinct} distinct values")
