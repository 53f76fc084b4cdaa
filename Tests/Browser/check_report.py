#!/usr/bin/env python3
"""Opens normlab's report.html files in headless Chromium and checks them in a real browser.

For every report, in the light and the dark colour scheme:
  - it loads from a file:// URL with no console error or warning and no uncaught exception;
  - the Network domain sees no request but the document itself (data: URIs excepted), and
    the page lists no resource timing entries;
  - every chart is laid out (non-empty SVG boxes) and a screenshot of the first screen is not
    blank (grey-level spread and share of non-background pixels);
  - one interaction works: hovering a curve chart shows the vertical rule and a tooltip naming
    the x axis and a series; clicking a legend entry hides that entry's series and a second
    click shows them again; a loss chart's scale switch shows its other view.

Talks to Chromium over the DevTools protocol on a pipe (--remote-debugging-pipe), so it needs
only the Python standard library. Exit status 0 when every check passes, 1 otherwise, 2 on bad
usage or when Chromium cannot be started.

    check_report.py [--chromium PATH] [--screenshots DIR [--print] [--figures]] REPORT.html...
"""

import argparse
import base64
import fcntl
import json
import os
import pathlib
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib

TIMEOUT = 60.0


class Browser:
    """Chromium with the DevTools protocol on file descriptors 3 (to it) and 4 (from it)."""

    def __init__(self, executable):
        self.profile = tempfile.mkdtemp(prefix="normlab-chromium-")
        to_browser_read, self._write_fd = os.pipe()
        self._read_fd, from_browser_write = os.pipe()
        # The child's ends, moved above 9 so that placing them at 3 and 4 cannot clobber either.
        child_read = fcntl.fcntl(to_browser_read, fcntl.F_DUPFD_CLOEXEC, 10)
        child_write = fcntl.fcntl(from_browser_write, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(to_browser_read)
        os.close(from_browser_write)
        args = [
            executable, "--headless=new", "--remote-debugging-pipe", "--disable-gpu",
            "--no-first-run", "--no-default-browser-check", "--disable-extensions",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--metrics-recording-only", "--mute-audio", "--hide-scrollbars",
            "--force-device-scale-factor=1", f"--user-data-dir={self.profile}", "about:blank",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            args.insert(1, "--no-sandbox")

        def child_fds():
            os.dup2(child_read, 3)  # inheritable: survives exec
            os.dup2(child_write, 4)

        self.process = subprocess.Popen(
            args, preexec_fn=child_fds, close_fds=False,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(child_read)
        os.close(child_write)
        self._buffer = b""
        self._next_id = 0
        self.events = []

    def close(self):
        try:
            self.call("Browser.close")
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for fd in (self._write_fd, self._read_fd):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)

    def _read_message(self, deadline):
        while b"\0" not in self._buffer:
            if time.monotonic() > deadline:
                raise TimeoutError("Chromium did not answer")
            chunk = os.read(self._read_fd, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method, params=None, session=None, timeout=TIMEOUT):
        self._next_id += 1
        request = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            request["sessionId"] = session
        os.write(self._write_fd, json.dumps(request).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            message = self._read_message(deadline)
            if message.get("id") == self._next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            if "method" in message:
                self.events.append(message)

    def wait_for(self, method, session, timeout=TIMEOUT):
        deadline = time.monotonic() + timeout
        for index, event in enumerate(self.events):
            if event.get("method") == method and event.get("sessionId") == session:
                return event
        while True:
            message = self._read_message(deadline)
            if "method" in message:
                self.events.append(message)
                if message["method"] == method and message.get("sessionId") == session:
                    return message


def decode_png(data):
    """Width, height and rows of grey levels of an 8-bit RGB or RGBA PNG (what Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    width = height = channels = 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6), "unexpected PNG format"
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    rows = []
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = previous[i]
            c = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([(line[i] * 299 + line[i + 1] * 587 + line[i + 2] * 114) // 1000
                     for i in range(0, stride, channels)])
        previous = line
    return width, height, rows


def blankness(png):
    """Standard deviation of grey levels and the share of pixels unlike the most common one."""
    _, _, rows = decode_png(png)
    values = [v for row in rows[::2] for v in row[::2]]
    mean = sum(values) / len(values)
    spread = (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5
    counts = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    background = max(counts, key=counts.get)
    different = sum(1 for v in values if abs(v - background) > 24) / len(values)
    return spread, different


HOVER_TARGET = r"""
(() => {
  const figure = [...document.querySelectorAll('figure.chart')].find(f => {
    const s = f.querySelector('script.chart-data');
    return s && JSON.parse(s.textContent).panels.some(p => p.rows.length);
  });
  if (!figure) return null;
  figure.scrollIntoView({block: 'center'});
  const svg = figure.querySelector('svg.chart-svg:not(.alt-view)');
  const data = JSON.parse(figure.querySelector('script.chart-data').textContent);
  const panel = data.panels.findIndex(p => p.rows.length);
  const r = data.views[+svg.dataset.view][panel].plot;
  const at = new DOMPoint(r[0] + r[2] * 0.55, r[1] + r[3] * 0.5).matrixTransform(svg.getScreenCTM());
  return {id: figure.id, x: at.x, y: at.y, xLabel: data.panels[panel].x,
          names: data.panels[panel].rows.map(row => row.name)};
})()
"""

HOVER_RESULT = r"""
((id) => {
  const figure = document.getElementById(id);
  const tip = figure.querySelector('.tooltip');
  const rule = figure.querySelector('svg.chart-svg:not(.alt-view) .hover-rule');
  return {visible: !!tip && !tip.hidden && tip.offsetWidth > 0, text: tip ? tip.textContent : '',
          rule: !!rule && getComputedStyle(rule).display !== 'none',
          dots: figure.querySelectorAll('svg.chart-svg:not(.alt-view) .hover-dots circle').length};
})
"""

LEGEND_TARGET = r"""
(() => {
  for (const figure of document.querySelectorAll('figure.chart')) {
    const svg = figure.querySelector('svg.chart-svg:not(.alt-view)');
    const entry = svg && svg.querySelector('g.legend-entry[data-key]');
    if (!entry) continue;
    figure.scrollIntoView({block: 'center'});
    const box = entry.getBoundingClientRect();
    return {id: figure.id, key: entry.dataset.key, x: box.left + box.width / 2, y: box.top + box.height / 2,
            label: entry.querySelector('text').textContent};
  }
  return null;
})()
"""

LEGEND_STATE = r"""
((id, key) => {
  const svg = document.getElementById(id).querySelector('svg.chart-svg:not(.alt-view)');
  const series = [...svg.querySelectorAll('g.series[data-keys]')]
    .filter(g => g.dataset.keys.split(' ').includes(key));
  const entry = svg.querySelector(`g.legend-entry[data-key="${key}"]`);
  return {series: series.length, hidden: series.filter(g => getComputedStyle(g).display === 'none').length,
          off: entry.classList.contains('is-off'), opacity: getComputedStyle(entry).opacity};
})
"""

SCALE_SWITCH = r"""
(() => {
  const tools = [...document.querySelectorAll('.chart-tools')].find(t => !t.hidden);
  if (!tools) return null;
  const figure = tools.closest('figure');
  const buttons = tools.querySelectorAll('button[data-view]');
  buttons[1].click();
  const shown = [...figure.querySelectorAll('svg.chart-svg')].map(s => getComputedStyle(s).display !== 'none');
  buttons[0].click();
  const back = [...figure.querySelectorAll('svg.chart-svg')].map(s => getComputedStyle(s).display !== 'none');
  return {shown, back, pressed: buttons[0].getAttribute('aria-pressed')};
})()
"""

FIGURES = r"""
[...document.querySelectorAll('figure.chart')].map(f => {
  const b = f.getBoundingClientRect();
  return {id: f.id, box: {x: b.left + scrollX, y: b.top + scrollY, width: b.width, height: b.height}};
})
"""

LAYOUT = r"""
(() => {
  const svgs = [...document.querySelectorAll('figure.chart svg.chart-svg:not(.alt-view)')];
  return {charts: document.querySelectorAll('figure.chart').length,
          empty: svgs.filter(s => { const b = s.getBoundingClientRect(); return b.width < 50 || b.height < 50; }).length,
          resources: performance.getEntriesByType('resource').map(e => e.name),
          width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight,
          math: document.querySelectorAll('math').length};
})()
"""


class Page:
    def __init__(self, browser, url, scheme, width=1200, height=900):
        self.browser = browser
        target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.target = target
        self.session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable")
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        self.call("Emulation.setEmulatedMedia",
                  {"media": "screen", "features": [{"name": "prefers-color-scheme", "value": scheme}]})
        self.first_event = len(browser.events)
        self.call("Page.navigate", {"url": url})
        browser.wait_for("Page.loadEventFired", self.session)
        # Let timers, fonts and layout settle, collecting any late console output.
        self.evaluate("new Promise(r => requestAnimationFrame(() => setTimeout(r, 200)))", wait=True)

    def call(self, method, params=None):
        return self.browser.call(method, params, session=self.session)

    def evaluate(self, expression, wait=False):
        result = self.call("Runtime.evaluate", {
            "expression": expression, "returnByValue": True, "awaitPromise": wait})
        if "exceptionDetails" in result:
            raise RuntimeError(f"script failed: {result['exceptionDetails'].get('text')}: "
                               f"{result['exceptionDetails'].get('exception', {}).get('description')}")
        return result.get("result", {}).get("value")

    def events(self):
        return [e for e in self.browser.events[self.first_event:] if e.get("sessionId") == self.session]

    def mouse(self, kind, x, y, button="none", clicks=0):
        self.call("Input.dispatchMouseEvent",
                  {"type": kind, "x": x, "y": y, "button": button, "clickCount": clicks})

    def screenshot(self, full=False):
        params = {"format": "png"}
        if full:
            size = self.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
            params.update({"captureBeyondViewport": True,
                           "clip": {"x": 0, "y": 0, "width": size[0], "height": size[1], "scale": 1}})
        return base64.b64decode(self.call("Page.captureScreenshot", params)["data"])

    def close(self):
        self.browser.call("Target.closeTarget", {"targetId": self.target})


def check(browser, report, scheme, shots, print_pdf, figures=False):
    failures = []
    url = pathlib.Path(report).resolve().as_uri()
    page = Page(browser, url, scheme)
    try:
        layout = page.evaluate(LAYOUT)
        if layout["charts"] == 0:
            failures.append("the page shows no chart")
        if layout["empty"]:
            failures.append(f"{layout['empty']} chart(s) have no size")
        if layout["resources"]:
            failures.append(f"resources loaded: {layout['resources']}")
        if layout["width"] > 1200:
            failures.append(f"the page is wider than the window ({layout['width']} px)")

        page.evaluate("window.scrollTo(0, 0)")
        first = page.screenshot()
        spread, different = blankness(first)
        if spread < 12 or different < 0.02:
            failures.append(f"the first screen looks blank (grey spread {spread:.1f}, {different:.1%} non-background)")
        if shots:
            stem = pathlib.Path(report).resolve().parent.name + f"-{scheme}"
            (shots / f"{stem}.png").write_bytes(page.screenshot(full=True))
            if figures:
                for figure in page.evaluate(FIGURES):
                    clip = dict(figure["box"], scale=1)
                    data = page.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip})
                    (shots / f"{stem}-{figure['id']}.png").write_bytes(base64.b64decode(data["data"]))

        # Interaction: hover a curve chart.
        hover = page.evaluate(HOVER_TARGET)
        if hover:
            page.mouse("mouseMoved", hover["x"] - 30, hover["y"])
            page.mouse("mouseMoved", hover["x"], hover["y"])
            state = page.evaluate(HOVER_RESULT + f"({json.dumps(hover['id'])})")
            if not state["visible"]:
                failures.append(f"hovering {hover['id']} shows no tooltip")
            elif hover["xLabel"] and hover["xLabel"] not in state["text"]:
                failures.append(f"the tooltip of {hover['id']} does not name the x axis: {state['text']!r}")
            elif not any(name and name in state["text"] for name in hover["names"]):
                failures.append(f"the tooltip of {hover['id']} names no series: {state['text']!r}")
            if not state["rule"] or state["dots"] == 0:
                failures.append(f"hovering {hover['id']} draws no rule or dots")
            if shots:
                stem = pathlib.Path(report).resolve().parent.name + f"-{scheme}-hover"
                (shots / f"{stem}.png").write_bytes(page.screenshot())
            page.mouse("mouseMoved", 2, 2)

        # Interaction: click a legend entry, twice.
        legend = page.evaluate(LEGEND_TARGET)
        if legend:
            args = f"({json.dumps(legend['id'])}, {json.dumps(legend['key'])})"
            page.mouse("mousePressed", legend["x"], legend["y"], "left", 1)
            page.mouse("mouseReleased", legend["x"], legend["y"], "left", 1)
            after = page.evaluate(LEGEND_STATE + args)
            if after["series"] == 0 or after["hidden"] != after["series"] or not after["off"]:
                failures.append(f"clicking legend entry {legend['label']!r} of {legend['id']} did not hide its series: {after}")
            page.mouse("mousePressed", legend["x"], legend["y"], "left", 1)
            page.mouse("mouseReleased", legend["x"], legend["y"], "left", 1)
            back = page.evaluate(LEGEND_STATE + args)
            if back["hidden"] != 0 or back["off"]:
                failures.append(f"a second click on {legend['label']!r} of {legend['id']} did not show its series again: {back}")
        if not hover and not legend:
            failures.append("no chart offers an interaction (hover data or a legend entry)")

        switch = page.evaluate(SCALE_SWITCH)
        if switch and (switch["shown"] != [False, True] or switch["back"] != [True, False]
                       or switch["pressed"] != "true"):
            failures.append(f"the scale switch does not swap the chart's views: {switch}")

        if print_pdf and shots:
            page.call("Emulation.setEmulatedMedia",
                      {"media": "print", "features": [{"name": "prefers-color-scheme", "value": scheme}]})
            pdf = page.call("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True})["data"]
            stem = pathlib.Path(report).resolve().parent.name + f"-{scheme}-print.pdf"
            (shots / stem).write_bytes(base64.b64decode(pdf))

        for event in page.events():
            method, params = event["method"], event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "warning", "assert"):
                text = " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
                failures.append(f"console {params['type']}: {text}")
            elif method == "Runtime.exceptionThrown":
                details = params.get("exceptionDetails", {})
                failures.append(f"uncaught exception: {details.get('exception', {}).get('description', details.get('text'))}")
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") in ("error", "warning"):
                failures.append(f"browser log {params['entry']['level']}: {params['entry'].get('text')}")
            elif method == "Network.requestWillBeSent":
                requested = params.get("request", {}).get("url", "")
                if requested != url and not requested.startswith("data:"):
                    failures.append(f"network request: {requested}")
            elif method == "Network.loadingFailed":
                failures.append(f"failed load: {params.get('errorText')}")
        summary = (f"{layout['charts']} charts, {layout['math']} formulas, first screen grey spread {spread:.0f}, "
                   f"hover {'ok' if hover else 'n/a'}, legend {'ok' if legend else 'n/a'}, "
                   f"scale switch {'ok' if switch else 'n/a'}")
    finally:
        page.close()
    return failures, summary


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("reports", nargs="+", help="report.html files")
    parser.add_argument("--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser")
                        or shutil.which("google-chrome"))
    parser.add_argument("--screenshots", type=pathlib.Path, help="write full-page screenshots here")
    parser.add_argument("--print", action="store_true", help="also print each page to PDF (with --screenshots)")
    parser.add_argument("--figures", action="store_true", help="also one screenshot per chart (with --screenshots)")
    parser.add_argument("--schemes", default="light,dark")
    args = parser.parse_args()
    if not args.chromium:
        print("check_report: no chromium found (apt-get install chromium)", file=sys.stderr)
        return 2
    if args.screenshots:
        args.screenshots.mkdir(parents=True, exist_ok=True)
    try:
        browser = Browser(args.chromium)
        browser.call("Browser.getVersion", timeout=30)
    except Exception as error:
        print(f"check_report: cannot start {args.chromium}: {error}", file=sys.stderr)
        return 2
    failed = 0
    try:
        for report in args.reports:
            if not os.path.isfile(report):
                print(f"FAIL {report}: no such file")
                failed += 1
                continue
            for scheme in args.schemes.split(","):
                started = time.monotonic()
                try:
                    failures, summary = check(browser, report, scheme, args.screenshots, args.print, args.figures)
                except Exception as error:
                    failures, summary = [f"{type(error).__name__}: {error}"], ""
                took = time.monotonic() - started
                if failures:
                    failed += 1
                    print(f"FAIL {report} ({scheme}, {took:.1f} s)")
                    for failure in failures:
                        print(f"  - {failure}")
                else:
                    print(f"ok   {report} ({scheme}, {took:.1f} s): {summary}")
    finally:
        browser.close()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
