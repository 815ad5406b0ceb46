#!/usr/bin/env python3
"""A phone in headless Chromium answers a pulse segmented by seat category, through the real binary:
`/present 6`, `/web on 127.0.0.1:0`, `/pulse trust-at-this-table --by category`. The page shows the
segment question first, one required radio per category plus "prefer not to say"; a submission
without a segment is stopped by the browser's own required check, and (with the attribute taken
off, as a forged form would) refused by the server with HTTP 400 and the question again. Then the
phone picks "resident" and 4 and is thanked; five more phones (each from its own 127.x address,
through web_client) answer with segment 1, so the pulse reaches k = 5; `/close` shows the results
"By segment" with the resident row of 6 answers.

Everything on 127.0.0.1; every wait has a timeout and the whole run an alarm.

Usage: web_segment_browser.py BINARY SANDBOX"""
import asyncio
import os
import re
import signal
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from web_client import Connection, fetch, join, kill, source_address
from web_common import URL, Convene

RUN_SECONDS = 240   # the whole script, Chromium start included
WAIT = 15           # any one page
CATEGORIES = ["resident", "grassroots", "nonprofit", "public", "funder", "business", "prefer not to say"]
OTHER_PHONES = ["5", "3", "4", "2", "4"]   # with the browser's 4: mean 22 / 6 = 3.67


def browser(language="en-US", size="390,844"):
    """Headless Chromium through chromedriver, phone-sized unless told, in `language`."""
    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", f"--window-size={size}", f"--lang={language}"]:
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": language})
    driver_path = "/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else None
    for attempt in range(3):
        # A first start of Chromium on a busy machine can be slow; try again rather than fail.
        try:
            driver = webdriver.Chrome(options=options, service=Service(driver_path) if driver_path else Service())
            driver.set_page_load_timeout(WAIT * 2)
            driver.set_script_timeout(WAIT)
            return driver
        except Exception:  # noqa: BLE001
            if attempt == 2:
                raise


def on_alarm(signum, frame):
    raise TimeoutError(f"the run took over {RUN_SECONDS} s")


def click_choice(driver, name, value):
    """Clicks the label of radio `name`=`value`, as a thumb would (the input itself is see-through)."""
    driver.find_element(By.CSS_SELECTOR, f"input[name={name}][value='{value}']").find_element(By.XPATH, "..").click()


def submit(driver):
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()


def main_text(driver):
    return driver.find_element(By.TAG_NAME, "main").text


async def other_phones(port, code):
    """Five phones, each from its own loopback address: join, then answer with segment 1 (resident)."""
    statuses = []
    for index, value in enumerate(OTHER_PHONES):
        source = source_address(index)
        connection = Connection(port, source, WAIT)
        try:
            device, token = await join(connection, code)
            page = await connection.request("GET", "/pulse", cookie=device)
            assert page.text.count('name="segment"') == len(CATEGORIES), f"phone {index}: no segment question on its page"
        finally:
            connection.close()
        answer = await fetch(port, "POST", "/answer", source, cookie=device, body=f"pulse=1&token={token}&segment=1&value={value}", timeout=WAIT)
        statuses.append((answer.status, "Thank you" in answer.text))
    return statuses


def main():
    binary, sandbox = sys.argv[1], sys.argv[2]
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(RUN_SECONDS)
    convene = driver = None
    try:
        convene = Convene(binary, sandbox, ["start", "monthly-steering", "--group", "Equity"])
        convene.send("/present 6")
        convene.send("/web on 127.0.0.1:0")
        match = convene.wait_for(URL)
        url, port, code = match.group(0), int(match.group(1)), match.group(2)
        convene.send("/pulse trust-at-this-table --by category --force")
        convene.wait_for("Pulse 1 is open")
        convene.wait_for(r"Asked first: .Which best describes your seat at this table\?")

        driver = browser()
        driver.get(url)
        WebDriverWait(driver, WAIT).until(lambda d: "Which best describes your seat" in d.page_source)
        assert driver.current_url.endswith("/pulse"), driver.current_url
        # The segment question is on screen, before the question's own scale.
        group = driver.find_element(By.CSS_SELECTOR, "fieldset.segment")
        assert group.is_displayed(), "the segment question is not displayed"
        radios = group.find_elements(By.CSS_SELECTOR, "input[type=radio][name=segment]")
        assert [r.get_attribute("value") for r in radios] == [str(n) for n in range(1, len(CATEGORIES) + 1)], [r.get_attribute("value") for r in radios]
        labels = [r.find_element(By.XPATH, "..") for r in radios]
        assert [label.text.strip() for label in labels] == CATEGORIES, [label.text for label in labels]
        assert all(label.is_displayed() for label in labels), "a segment choice is not displayed"
        assert all(r.get_attribute("required") is not None for r in radios), "a segment radio is not required"
        value_group = driver.find_element(By.CSS_SELECTOR, "input[name=value]").find_element(By.XPATH, "ancestor::fieldset")
        assert group.location["y"] < value_group.location["y"], "the segment question is not first"
        driver.save_screenshot(os.path.join(sandbox, "segment.png"))

        # An answer without a segment: the browser's own required check keeps the page; nothing is sent.
        click_choice(driver, "value", "4")
        submit(driver)
        assert driver.execute_script("return document.querySelector('input[name=segment]').validity.valueMissing"), "the segment is not missing?"
        assert not driver.execute_script("return document.querySelector('form').checkValidity()"), "the form is valid without a segment"
        time.sleep(1)  # time for a navigation, were the browser to send the form anyway
        assert "Thank you" not in driver.page_source and driver.current_url.endswith("/pulse"), driver.current_url
        assert "Which best describes your seat" in driver.page_source

        # The same form with the attribute taken off (a forged page): the server refuses it with the question again.
        driver.execute_script("document.querySelectorAll('input[name=segment]').forEach(function (r) { r.removeAttribute('required'); });")
        submit(driver)
        WebDriverWait(driver, WAIT).until(lambda d: "Please choose one of the groups" in d.page_source)
        assert driver.current_url.endswith("/answer"), driver.current_url
        assert "Thank you" not in driver.page_source
        assert len(driver.find_elements(By.CSS_SELECTOR, "fieldset.segment input[name=segment][required]")) == len(CATEGORIES), "the question is not asked again"

        # Now a segment and a value: thanked.
        click_choice(driver, "segment", "1")
        click_choice(driver, "value", "4")
        assert driver.execute_script("return document.querySelector('form').checkValidity()"), "the form is invalid with both chosen"
        submit(driver)
        try:
            WebDriverWait(driver, WAIT).until(lambda d: "Thank you" in d.page_source)
        except Exception:  # noqa: BLE001 - the assertion below says what was on the page
            pass
        assert "Thank you" in driver.page_source, main_text(driver)[:600]
        driver.quit()
        driver = None

        statuses = asyncio.run(other_phones(port, code))
        assert statuses == [(200, True)] * len(OTHER_PHONES), statuses

        convene.send("/close")
        convene.wait_for("By segment", timeout=WAIT)
        convene.send("/end")
        status, output = convene.finish(timeout=60)
    finally:
        signal.alarm(0)
        if driver is not None:
            driver.quit()
        kill(convene)

    assert status == 0, f"exit {status}: {convene.errors[-500:]!r}"
    assert "6 answers from 6 present · mean 3.67" in output, output[-3000:]
    # One row by segment, resident's: the other segments had no answers and are not shown.
    block = re.search(r"By segment: Which best describes your seat at this table\?\n(.*?)\n\s*Segments under 5 answers", output, re.S)
    assert block, output[-3000:]
    rows = [line.strip() for line in block.group(1).splitlines()]
    assert len(rows) == 1 and re.fullmatch(r"resident\s+6 answers · mean 3\.67", rows[0]), rows
    print("segment asked first and required; refused without one; browser answered with a segment; by segment at close")


if __name__ == "__main__":
    main()
