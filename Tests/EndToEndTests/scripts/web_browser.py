#!/usr/bin/env python3
"""A real browser answers through the join URL: headless Chromium (phone-sized) via Selenium answers
a scale question three times (three devices): a comment with an escape sequence is refused and
retyped, one with a bidi override is kept and shown harmless; the thank-you page's refresh lands on
the waiting page; a Spanish browser reads the shipped question in Spanish. Screenshots not blank.

Usage: web_browser.py BINARY SANDBOX"""
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from web_common import Convene, png_pixels

binary, sandbox = sys.argv[1], sys.argv[2]
convene = Convene(binary, sandbox, ["start", "monthly-steering", "--group", "Web"], before=[["groups", "create", "Web", "--threshold", "3"]])
convene.send("/present 5")
convene.send("/web on 127.0.0.1:0")
match = convene.wait_for(r"http://127\.0\.0\.1:(\d+)/j/(\d{6})")
url = match.group(0)
convene.send("/pulse trust-at-this-table")
convene.wait_for("Pulse 1 is open")

def browser(language):
    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=390,844", f"--lang={language}"]:
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": language})
    driver_path = "/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else None
    for attempt in range(3):
        # A first start of Chromium on a busy machine can be slow; try again rather than fail.
        try:
            return webdriver.Chrome(options=options, service=Service(driver_path) if driver_path else Service())
        except Exception:  # noqa: BLE001
            if attempt == 2:
                raise


def not_blank(path):
    return len(set(png_pixels(path)[::5])) > 16


def choose(driver, value):
    driver.find_element(By.CSS_SELECTOR, f"input[name=value][value='{value}']").find_element(By.XPATH, "..").click()
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()


ERRORS = ["can't be found", "can\u2019t be found", "404", "Nothing here", "Something went wrong", "This site can"]
escape = "we never talk \x1b]52;c;ZXZpbA==\x07 about money"
hostile = "we never talk about money \u202eyenom"
driver = browser("en-US")
try:
    for index, value in enumerate(["4", "2", "5"]):
        driver.delete_all_cookies()
        driver.get(url)
        WebDriverWait(driver, 15).until(lambda d: "I trust" in d.page_source)
        if index == 0:
            driver.save_screenshot(os.path.join(sandbox, "phone.png"))
            # An escape sequence pasted into the comment is refused whole, with a page to retype.
            driver.execute_script("document.getElementById('comment').value = arguments[0];", escape)
            choose(driver, value)
            WebDriverWait(driver, 15).until(lambda d: "send it again" in d.page_source)
            driver.execute_script("document.getElementById('comment').value = arguments[0];", hostile)
        choose(driver, value)
        # The click starts a navigation; wait for the answer page rather than read the old one.
        try:
            WebDriverWait(driver, 15).until(lambda d: "Thank you" in d.page_source)
        except Exception:  # noqa: BLE001 - the assertion below says what was on the page
            pass
        assert "Thank you" in driver.page_source, driver.find_element(By.TAG_NAME, "main").text[:600]
        if index == 0:
            # The thank-you page refreshes by itself after 5 s: it must land on the waiting page.
            WebDriverWait(driver, 15).until(lambda d: "Waiting for the next question" in d.page_source)
            text = driver.find_element(By.TAG_NAME, "body").text
            assert not any(error in text for error in ERRORS), f"the refresh after answering shows an error: {text[:300]!r}"
            assert driver.current_url.endswith("/pulse"), driver.current_url
            driver.save_screenshot(os.path.join(sandbox, "waiting.png"))
finally:
    driver.quit()

# A browser whose language is Spanish reads the shipped question, its labels and the page in Spanish.
driver = browser("es")
try:
    driver.get(url)
    WebDriverWait(driver, 15).until(lambda d: "Confío en que las demás organizaciones" in d.page_source)
    source = driver.page_source
    assert "para nada" in source and "plenamente" in source and "Enviar" in source, source[:1500]
    assert "I trust" not in source, "English question text on the Spanish page"
    driver.save_screenshot(os.path.join(sandbox, "spanish.png"))
    choose(driver, "3")
    WebDriverWait(driver, 15).until(lambda d: "Gracias" in d.page_source)
finally:
    driver.quit()

for shot in ["phone.png", "waiting.png", "spanish.png"]:
    assert not_blank(os.path.join(sandbox, shot)), f"the screenshot {shot} is blank"

convene.wait_for(r"pulse 1: 4|", timeout=5)
convene.send("/close")
convene.send("/results")
convene.send("/end")
code, output = convene.finish()
assert code == 0, f"exit {code}: {convene.errors[-500:]!r}"
assert "4 answers from 5 present · mean 3.50" in output, output[-3000:]
assert "\x1b]52" not in output and "\u202e" not in output, "a raw escape or bidi character reached the terminal"
assert "ZXZpbA" not in output, "the refused comment was stored"
assert "we never talk about money <U+202E>yenom" in output, output[-3000:]
print("browser answered; results sanitized; refresh lands on the waiting page; Spanish page; screenshots not blank")
