#!/usr/bin/env python3
"""The HTML report's equity sections rendered in headless Chromium, on the demo history in a private
store: `convene demo`, then `convene trends --group "Demo Collaborative" --format html --out
SANDBOX/report.html`. The table #scorecard is displayed with its five values in order, every
indicator row has a trend cell in words (not colour alone); "Results by segment" holds at least one
table.segments whose rows are segments only, none with fewer answers than the threshold (and never
fewer than 5); the rendered page has no script element and loaded no resource.

check_html.py checks the same file's markup (well-formed, self-contained) and screenshot.

Usage: scorecard_browser.py BINARY SANDBOX"""
import os
import re
import signal
import subprocess
import sys

from selenium.webdriver.common.by import By

from web_segment_browser import browser

RUN_SECONDS = 180
VALUES = ["Collaboration", "Inclusion", "Community engagement", "Continuous learning", "Integrity"]
SEGMENTS = {"resident", "grassroots", "nonprofit", "public", "funder", "business", "prefer not to say", "other (pooled)"}
TREND_WORDS = re.compile(
    r"^((↑ up|↓ down), (better|worse|neither better nor worse on its own) \(p [<=] [0-9.]+\)"
    r"|steady \(no change chance would not show\)|too few to tell \(.+, \d+ needed\)|new \(no earlier window\)|not measured yet)$")


def on_alarm(signum, frame):
    raise TimeoutError(f"the run took over {RUN_SECONDS} s")


def convene(binary, sandbox, args):
    env = dict(os.environ)
    env.update({"CONVENE_STORE": os.path.join(sandbox, "store.sqlite"), "XDG_STATE_HOME": os.path.join(sandbox, "state"),
                "XDG_DATA_HOME": os.path.join(sandbox, "data"), "HOME": sandbox, "NO_COLOR": "1"})
    env.pop("CONVENE_LIBRARY", None)
    result = subprocess.run([binary] + args, env=env, cwd=sandbox, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"convene {' '.join(args)}: exit {result.returncode}: {result.stderr[-500:]}"
    return result.stdout


def main():
    binary, sandbox = sys.argv[1], sys.argv[2]
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(RUN_SECONDS)
    report = os.path.join(sandbox, "report.html")
    convene(binary, sandbox, ["demo"])
    convene(binary, sandbox, ["trends", "--group", "Demo Collaborative", "--format", "html", "--out", report])

    driver = browser("en-US", size="1000,1600")
    try:
        driver.get("file://" + os.path.abspath(report))
        meta = driver.find_element(By.CSS_SELECTOR, "p.meta").text
        threshold = int(re.search(r"anonymity threshold (\d+)", meta).group(1))

        # The scorecard: displayed, the five values in order, one row group each.
        card = driver.find_element(By.ID, "scorecard")
        assert card.is_displayed(), "the scorecard is not displayed"
        assert "scorecard" in card.get_attribute("class").split()
        heading = card.find_element(By.XPATH, "preceding-sibling::h2[1]").text
        assert heading == "The five values", heading
        values = [th.text.strip() for th in card.find_elements(By.CSS_SELECTOR, "tbody th[scope=row]")]
        assert values == VALUES, values
        rows = card.find_elements(By.CSS_SELECTOR, "tbody tr")
        spans = sum(int(th.get_attribute("rowspan") or 1) for th in card.find_elements(By.CSS_SELECTOR, "tbody th[scope=row]"))
        assert spans == len(rows), f"the value groups span {spans} rows of {len(rows)}"
        for row in rows:
            cells = row.find_elements(By.TAG_NAME, "td")
            assert len(cells) == 4, f"an indicator row without its four cells: {row.text!r}"
            trend = cells[-1]
            assert "trend" in trend.get_attribute("class").split(), row.text
            # The trend in words: colour is never the only mark.
            assert TREND_WORDS.match(trend.text.strip()), f"trend cell {trend.text!r} in {row.text!r}"
            assert trend.is_displayed() and cells[0].text.strip(), row.text
        coloured = card.find_elements(By.CSS_SELECTOR, "td.trend.worse, td.trend.better")
        assert all(re.search(r"[a-z]{2,}", cell.text) for cell in coloured), "a coloured trend without words"

        # Results by segment: segments only, each of at least k answers.
        section = driver.find_elements(By.XPATH, "//h2[normalize-space()='Results by segment']")
        assert len(section) == 1 and section[0].is_displayed(), "no Results by segment section"
        tables = driver.find_elements(By.CSS_SELECTOR, "table.segments")
        assert tables, "no table.segments"
        shown = 0
        for table in tables:
            assert table.is_displayed()
            assert table.find_element(By.CSS_SELECTOR, "thead th").text.strip() == "Which best describes your seat at this table?"
            for row in table.find_elements(By.CSS_SELECTOR, "tbody tr"):
                cells = [cell.text.strip() for cell in row.find_elements(By.TAG_NAME, "td")]
                if len(cells) == 1:
                    assert cells[0] == "No segment can be shown without exposing another.", cells
                    continue
                segment, count, mean = cells
                assert segment in SEGMENTS, f"a row that is not a segment: {cells}"
                assert int(count) >= max(5, threshold), f"a segment row under the threshold: {cells}"
                assert re.fullmatch(r"\d\.\d\d", mean), cells
                shown += 1
        assert shown > 0, "no segment row shown"

        # Self-contained as rendered: no script element, nothing fetched.
        assert not driver.find_elements(By.TAG_NAME, "script"), "a script element"
        loaded = driver.execute_script("return performance.getEntriesByType('resource').map(function (e) { return e.name; })")
        assert loaded == [], f"resources loaded: {loaded[:3]}"
        driver.save_screenshot(os.path.join(sandbox, "scorecard.png"))
    finally:
        signal.alarm(0)
        driver.quit()
    print(f"scorecard displayed with five values and worded trends; {len(tables)} segment tables, {shown} rows, none under {threshold}; no script, nothing loaded")


if __name__ == "__main__":
    main()
