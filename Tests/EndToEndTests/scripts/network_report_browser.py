#!/usr/bin/env python3
"""The network's HTML report (`convene network report --out FILE`) rendered in headless Chromium: the
tables side by side (one row per expected table, with trust, worth and voice figures), the signal
matrix (a cell per table and signal, severity in words), and the three charts over time with one line
group per table and a legend naming every table; no script element and nothing loaded.

Usage: network_report_browser.py REPORT.html TABLE [TABLE...]"""
import os
import re
import signal
import sys

from selenium.webdriver.common.by import By

from web_segment_browser import browser

RUN_SECONDS = 120


def on_alarm(signum, frame):
    raise TimeoutError(f"the run took over {RUN_SECONDS} s")


def main():
    report, expected = sys.argv[1], sys.argv[2:]
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(RUN_SECONDS)
    driver = browser("en-US", size="1200,1800")
    try:
        driver.get("file://" + os.path.abspath(report))
        assert driver.find_element(By.TAG_NAME, "h1").text == "Convene network report"

        # Side by side: one row per table, figures or a dash in each measure.
        side = driver.find_element(By.CSS_SELECTOR, "table.tables")
        assert side.is_displayed()
        names = [th.text.strip() for th in side.find_elements(By.CSS_SELECTOR, "tbody th[scope=row]")]
        assert names == sorted(expected), f"tables {names}, expected {sorted(expected)}"
        for row in side.find_elements(By.CSS_SELECTOR, "tbody tr"):
            cells = [td.text.strip() for td in row.find_elements(By.TAG_NAME, "td")]
            assert len(cells) == 6, cells
            for figure in cells[2:5]:
                assert re.fullmatch(r"\d\.\d\d|–", figure), f"a figure {figure!r} in {cells}"

        # The signal matrix: every table a row, severity in words wherever a colour is.
        matrix = driver.find_elements(By.CSS_SELECTOR, "table.signals")
        severities = 0
        if matrix:
            rows = matrix[0].find_elements(By.CSS_SELECTOR, "tbody tr")
            assert [r.find_element(By.TAG_NAME, "th").text.strip() for r in rows] == names
            for cell in matrix[0].find_elements(By.CSS_SELECTOR, "td.act, td.watch, td.info"):
                assert cell.text.strip() in ("act", "watch", "info"), cell.text
                severities += 1

        # The charts: three, each with a line group per table and a legend naming them all.
        figures = driver.find_elements(By.CSS_SELECTOR, "div.charts figure")
        assert len(figures) == 3, f"{len(figures)} charts"
        for figure in figures:
            assert figure.is_displayed()
            chart = figure.find_element(By.CSS_SELECTOR, "svg.chart")
            assert chart.size["width"] > 200 and chart.size["height"] > 80, chart.size
            groups = chart.find_elements(By.CSS_SELECTOR, "g.table")
            assert len(groups) == len(expected), f"{len(groups)} line groups"
            legend = [li.text for li in figure.find_elements(By.CSS_SELECTOR, "ul.legend li")]
            assert all(any(name in item for item in legend) for name in expected), legend
        lines = driver.find_elements(By.CSS_SELECTOR, "svg.chart polyline")
        assert lines, "no line drawn"

        assert not driver.find_elements(By.TAG_NAME, "script"), "a script element"
        loaded = driver.execute_script("return performance.getEntriesByType('resource').map(function (e) { return e.name; })")
        assert loaded == [], f"resources loaded: {loaded[:3]}"
        driver.save_screenshot(os.path.splitext(report)[0] + ".png")
    finally:
        signal.alarm(0)
        driver.quit()
    print(f"network report: {len(names)} tables side by side, {severities} signal cells in words, 3 charts with {len(lines)} lines; no script, nothing loaded")


if __name__ == "__main__":
    main()
