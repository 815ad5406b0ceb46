#!/usr/bin/env python3
"""A real browser answers through the join URL: headless Chromium (phone-sized) via Selenium answers
a scale question three times (three devices), one comment carrying escape and bidi characters; after
/close the REPL's /results shows the answers with the comment made harmless. Also a non-blank
screenshot of the question page on a phone-sized window.

Usage: web_browser.py BINARY SANDBOX"""
import os
import struct
import sys
import zlib

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from web_common import Convene

binary, sandbox = sys.argv[1], sys.argv[2]
convene = Convene(binary, sandbox, ["start", "monthly-steering", "--group", "Web"], before=[["groups", "create", "Web", "--threshold", "3"]])
convene.send("/present 5")
convene.send("/web on 127.0.0.1:0")
match = convene.wait_for(r"http://127\.0\.0\.1:(\d+)/j/(\d{6})")
url = match.group(0)
convene.send("/pulse trust-at-this-table")
convene.wait_for("Pulse 1 is open")

options = webdriver.ChromeOptions()
for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=390,844", "--lang=en-US"]:
    options.add_argument(argument)
driver_path = "/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else None
driver = None
for attempt in range(3):
    # A first start of Chromium on a busy machine can be slow; try again rather than fail.
    try:
        driver = webdriver.Chrome(options=options, service=Service(driver_path) if driver_path else Service())
        break
    except Exception:  # noqa: BLE001
        if attempt == 2:
            raise
hostile = "we never talk \x1b]52;c;ZXZpbA==\x07 about money \u202eyenom"
try:
    for index, value in enumerate(["4", "2", "5"]):
        driver.delete_all_cookies()
        driver.get(url)
        WebDriverWait(driver, 15).until(lambda d: "I trust" in d.page_source)
        if index == 0:
            driver.save_screenshot(os.path.join(sandbox, "phone.png"))
            driver.execute_script("document.getElementById('comment').value = arguments[0];", hostile)
        driver.find_element(By.CSS_SELECTOR, f"input[name=value][value='{value}']").find_element(By.XPATH, "..").click()
        driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        # The click starts a navigation; wait for the answer page rather than read the old one.
        try:
            WebDriverWait(driver, 15).until(lambda d: "Thank you" in d.page_source)
        except Exception:  # noqa: BLE001 - the assertion below says what was on the page
            pass
        assert "Thank you" in driver.page_source, driver.find_element(By.TAG_NAME, "main").text[:600]
finally:
    driver.quit()

# The screenshot of the phone-sized page is not blank.
data = open(os.path.join(sandbox, "phone.png"), "rb").read()
position, idat = 8, b""
while position < len(data):
    length, kind = struct.unpack(">I4s", data[position:position + 8])
    if kind == b"IDAT":
        idat += data[position + 8:position + 8 + length]
    position += 12 + length
pixels = zlib.decompress(idat)
assert len(set(pixels[::5])) > 16, "the phone screenshot is blank"

convene.wait_for(r"pulse 1: 3|", timeout=5)
convene.send("/close")
convene.send("/results")
convene.send("/end")
code, output = convene.finish()
assert code == 0, f"exit {code}: {convene.errors[-500:]!r}"
assert "3 answers from 5 present · mean 3.67" in output, output[-3000:]
assert "\x1b]52" not in output and "\u202e" not in output, "a raw escape or bidi character reached the terminal"
assert "we never talk ^[]52;c;ZXZpbA==^G about money <U+202E>yenom" in output, output[-3000:]
print("browser answered; results sanitized; phone screenshot not blank")
