#!/usr/bin/env python3
"""The participants' page as an old phone shows it: headless Chromium at 320 and 360 px wide, in
English and Spanish, measured from the layout (getBoundingClientRect), with screenshots.

- The 5-point scale: all five options on one row, the same width, each a tap target of at least
  44 px; the chosen one visibly different (its label's background) through `input:checked + label`,
  with no `:has()` anywhere in the page; each radio described by both end labels.
- The language switch, the Send button: at least 44 px high. Nothing wider than the screen.
- A traffic-light question behind a segment question: three lights on one row, equal, each coloured
  differently and named; the segment options padded (text clear of the border), one per row, even.
- Errors keep what was typed: a comment with a pasted vertical tab comes back (without it) with the
  choice still made; a segment left out keeps the light chosen; four words say "at most three words"
  and keep the words.
- The thank-you page shows the phone's rejoin code.

Usage: web_phone_layout.py BINARY SANDBOX"""
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from web_common import Convene, png_pixels

binary, sandbox = sys.argv[1], sys.argv[2]
failures = []


def check(ok, what):
    print(f"{'ok' if ok else 'FAILED'}: {what}", flush=True)
    if not ok:
        failures.append(what)


def browser(language):
    options = webdriver.ChromeOptions()
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=360,740", f"--lang={language}"]:
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": language})
    driver_path = "/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else None
    for attempt in range(3):
        try:
            return webdriver.Chrome(options=options, service=Service(driver_path) if driver_path else Service())
        except Exception:  # noqa: BLE001 - a first start on a busy machine can be slow
            if attempt == 2:
                raise


def width(driver, pixels):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": pixels, "height": 740, "deviceScaleFactor": 1, "mobile": True})


RECTS = """return Array.from(document.querySelectorAll(arguments[0])).map(function (e) {
  var r = e.getBoundingClientRect(), s = getComputedStyle(e);
  return {top: r.top, left: r.left, width: r.width, height: r.height, background: s.backgroundColor, padding: parseFloat(s.paddingLeft),
          text: e.innerText};
});"""


def rects(driver, selector):
    return driver.execute_script(RECTS, selector)


def wait_for(driver, text):
    WebDriverWait(driver, 15).until(lambda d: text in d.page_source)


def shot(driver, name):
    path = os.path.join(sandbox, name)
    driver.save_screenshot(path)
    check(len(set(png_pixels(path)[::5])) > 16, f"screenshot {name} not blank")


def common(driver, pixels, label):
    page_width = driver.execute_script("return document.documentElement.scrollWidth")
    check(page_width <= pixels, f"{label}: nothing wider than the screen ({page_width} px)")
    for selector in (".lang a", "button[type=submit]"):
        found = rects(driver, selector)
        check(found and min(r["height"] for r in found) >= 44, f"{label}: {selector} at least 44 px high ({[round(r['height']) for r in found]})")
    check(":has(" not in driver.page_source, f"{label}: no :has() in the page")


def scale(driver, pixels, label):
    labels = rects(driver, ".options label[for^=value-]")
    tops = {round(r["top"]) for r in labels}
    widths = [r["width"] for r in labels]
    check(len(labels) == 5 and len(tops) == 1, f"{label}: the five options on one row (tops {sorted(tops)})")
    check(max(widths) - min(widths) <= 1, f"{label}: the five options the same width ({[round(w) for w in widths]})")
    check(min(min(r["height"] for r in labels), min(widths)) >= 44, f"{label}: each option at least 44x44 px")
    described = driver.execute_script("""return Array.from(document.querySelectorAll('input[name=value]')).map(function (i) {
      return (i.getAttribute('aria-describedby') || '').split(' ').map(function (id) { var e = document.getElementById(id); return e ? e.innerText : ''; }).join(' | ');
    });""")
    check(all(len(d.split(" | ")) == 2 and all(d.split(" | ")) for d in described), f"{label}: every radio described by both end labels ({described[0]!r})")
    driver.find_element(By.CSS_SELECTOR, "label[for=value-3]").click()
    labels = rects(driver, ".options label[for^=value-]")
    chosen, others = labels[2]["background"], {r["background"] for i, r in enumerate(labels) if i != 2}
    check(len(others) == 1 and chosen not in others, f"{label}: the chosen option stands out ({chosen} against {others})")


def answer_page(driver):
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()


convene = Convene(binary, sandbox, ["start", "monthly-steering", "--group", "Phones"], before=[["groups", "create", "Phones", "--threshold", "3"]])
try:
    convene.send("/present 10")
    convene.send("/web on 127.0.0.1:0")
    url = convene.wait_for(r"http://127\.0\.0\.1:(\d+)/j/(\d{6})").group(0)
    convene.send("/pulse trust-at-this-table")
    convene.wait_for("Pulse 1 is open")
    drivers = {language: browser(language) for language in ("en", "es")}
    try:
        for language, driver in drivers.items():
            driver.get(url)
            wait_for(driver, 'name="token"')
            for pixels in (320, 360):
                width(driver, pixels)
                driver.get(url.rsplit("/j/", 1)[0] + "/pulse")
                wait_for(driver, 'name="token"')
                label = f"scale {language} {pixels} px"
                scale(driver, pixels, label)
                common(driver, pixels, label)
                shot(driver, f"scale-{language}-{pixels}.png")
        # An error keeps the choice and the comment (a pasted vertical tab taken out).
        driver = drivers["en"]
        driver.execute_script("document.getElementById('comment').value = arguments[0];", "long thoughts\x0bpasted here")
        answer_page(driver)
        wait_for(driver, "control character")
        kept = driver.execute_script("return [document.querySelector('input[name=value]:checked') && document.querySelector('input[name=value]:checked').value, document.getElementById('comment').value];")
        check(kept == ["3", "long thoughts pasted here"], f"a refused comment comes back with the choice ({kept!r})")
        answer_page(driver)
        wait_for(driver, "Thank you")
        code = driver.execute_script("var e = document.querySelector('.rejoin strong'); return e ? e.innerText : '';")
        check(len(code) == 11 and code.count("-") == 2, f"the thank-you page shows the rejoin code ({code!r})")
        answer_page_es = drivers["es"]
        answer_page(answer_page_es)
        wait_for(answer_page_es, "Gracias")

        # A traffic light behind a segment question, at 320 px in Spanish.
        convene.send("/close")
        convene.send('/pulse "How is the pace?" --traffic --by category')
        convene.wait_for("Pulse 2 is open")
        for language, driver in drivers.items():
            width(driver, 320)
            driver.get(url.rsplit("/j/", 1)[0] + "/pulse")
            wait_for(driver, 'name="traffic"')
            label = f"traffic {language} 320 px"
            lights = rects(driver, ".traffic label")
            colours = {r["background"] for r in rects(driver, ".traffic .light")}
            check(len(lights) == 3 and len({round(r["top"]) for r in lights}) == 1 and max(r["width"] for r in lights) - min(r["width"] for r in lights) <= 1,
                  f"{label}: three lights on one row, the same width")
            check(len(colours) == 3 and "rgba(0, 0, 0, 0)" not in colours, f"{label}: each light its own colour ({colours})")
            check(all(r["text"].strip() for r in lights), f"{label}: each light named ({[r['text'].strip() for r in lights]})")
            segments = rects(driver, ".column label")
            heights = [r["height"] for r in segments]
            check(segments and min(heights) >= 44 and min(r["padding"] for r in segments) >= 8, f"{label}: segment options padded, at least 44 px ({[round(h) for h in heights]})")
            check(len({round(r["width"]) for r in segments}) == 1 and max(heights) <= 2.2 * min(heights), f"{label}: segment options even (one per row, at most two lines)")
            common(driver, 320, label)
            shot(driver, f"traffic-{language}-320.png")
        driver = drivers["es"]
        driver.execute_script("document.querySelectorAll('input').forEach(function (i) { i.removeAttribute('required'); });")
        driver.find_element(By.CSS_SELECTOR, "label[for=traffic-yellow]").click()
        answer_page(driver)
        wait_for(driver, "Elige uno de los grupos")
        kept = driver.execute_script("var c = document.querySelector('input[name=traffic]:checked'); return c ? c.value : null;")
        check(kept == "yellow", f"a segment left out keeps the light chosen ({kept!r})")

        # Four words: said what is wrong, and the words kept.
        convene.send("/close")
        convene.send('/pulse "Three words for today" --words')
        convene.wait_for("Pulse 3 is open")
        driver = drivers["en"]
        driver.get(url.rsplit("/j/", 1)[0] + "/pulse")
        wait_for(driver, 'name="words"')
        driver.find_element(By.ID, "words").send_keys("slow but steady progress")
        answer_page(driver)
        wait_for(driver, "At most three words")
        kept = driver.execute_script("return document.getElementById('words').value;")
        check(kept == "slow but steady progress", f"four words are kept ({kept!r})")
    finally:
        for driver in drivers.values():
            driver.quit()
    convene.send("/end")
    status, _ = convene.finish()
    check(status == 0, f"convene exit {status}")
finally:
    if convene.process.poll() is None:
        convene.process.kill()

if failures:
    print(f"{len(failures)} layout checks failed")
    sys.exit(1)
print("phone layout ok")
