"""How long a reader waits for a calculator's first result, and how many bytes each page costs.

Not a test: a measurement to run by hand after building the site (it prints a table).

    .venv/bin/python scripts/benchmark.py [--site site] [--runs 5]

Serves the built site on a loopback port with scripts/serve.py's server (as a static host
would: .mjs and .wasm types, gzip for text and wasm, Cache-Control max-age=600 and ETags),
drives Debian's headless Chromium with Playwright and reports medians of:
  - cold: a fresh browser context (empty cache), navigation to the timescales calculator with
    a prefilled URL until its first deadline is on screen;
  - warm: the same context, a second navigation to the same page once the worker has saved
    Python's start-up state in the browser (Cache Storage; see calc-worker.mjs): Pyodide,
    app.zip and the compiled wasm come from the browser's cache and Python starts from the
    saved state, as on a reader's later visits;
  - warm, no saved state: the same again with that state deleted first (a browser without
    Cache Storage, or the second visit coming before the state was saved);
  - in-site: from that page, a link click to another calculator (Material's instant
    navigation swaps the page, and the tab's one worker, Python already started, is reused)
    until its first result is on screen. The server listens on port 8000 by default: Material
    matches links against sitemap.xml, whose port is site_url's (8000), so on another port
    every click would be a full reload;
and the bytes a content page and a calculator page transfer: raw, gzip (every response
gzipped) and sent (what this server sent: gzip for text and wasm, zips as they are).

To compare builds, measure them side by side in one run (this machine is too noisy for
figures taken minutes apart to be compared):

    .venv/bin/python scripts/benchmark.py --compare site /tmp/site-before --runs 20

serves copies of each folder under its own prefix, and in each round times a cold and a
warm first result for each build in turn (the order alternating), then prints the medians
(a build without saved start-up states just waits SAVED_STATE_WAIT_S longer between them).
It also records every request, the worker's too: the content page must fetch no Pyodide
asset, and nothing may go to another origin (Chromium can resolve no other host here, and
any such request is listed). Exits 1 if either happens.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve import SiteServer  # noqa: E402  (the same server as `make serve`)

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CALCULATOR_URL = "/calculators/timescales/?area=york&strategy-discussion=2025-01-06"
RESULT_SELECTOR = '[data-deadline="icpc"] time[datetime]'
CONTENT_URL = "/procedures/initial-conference/"
NEXT_URL = "/calculators/pre-birth/?area=york&conference=2025-03-03&birth=2025-03-20"
NEXT_SELECTOR = '[data-deadline="prebirth-review"] time[datetime]'

PYODIDE_PATHS = ("/assets/pyodide/", "/assets/py/")
# The Cache Storage name the worker saves Python's start-up state under, read from the worker.
SAVED_STATES = re.search(r'const SAVED_STATES = "([^"]+)"', (ROOT / "overrides/assets/js/calc-worker.mjs").read_text())[1]
SAVED_STATE_WAIT_S = 10

# Records the time the first result appears, measured from navigation start (performance.now()).
FIRST_RESULT_PROBE = """
(() => {
  const selector = %s;
  const seen = () => {
    if (window.__firstResult === undefined && document.querySelector(selector)) {
      window.__firstResult = performance.now();
    }
  };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true, attributes: true });
})();
""" % json.dumps(RESULT_SELECTOR)


def kb(n: int) -> str:
    return f"{n / 1000:,.0f} kB"


def launch(playwright):
    """Headless Debian chromium that can reach only this origin's host."""
    return playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=[*CHROMIUM_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
        headless=True,
    )


def first_result(page, url: str, timeout_s: float) -> float:
    """Seconds from navigation start until the calculator's first result is on screen."""
    page.goto(url, wait_until="commit")
    page.wait_for_selector(RESULT_SELECTOR, timeout=timeout_s * 1000)
    return page.evaluate("window.__firstResult") / 1000


def wait_for_saved_state(page) -> bool:
    """Waits until the worker has saved Python's start-up state; False if none came."""
    deadline = time.monotonic() + SAVED_STATE_WAIT_S
    while time.monotonic() < deadline:
        if page.evaluate("name => caches.open(name).then((cache) => cache.keys()).then((keys) => keys.length)", SAVED_STATES):
            return True
        time.sleep(0.2)
    return False


def forget_saved_state(page) -> None:
    page.evaluate("name => caches.delete(name)", SAVED_STATES)


def compare(sites: list[Path], runs: int, calculator_url: str, port: int, timeout_s: float) -> int:
    """Cold and warm first results of several builds, interleaved in one run."""
    for site in sites:
        if not (site / "assets" / "pyodide" / "pyodide.asm.wasm").is_file():
            print(f"benchmark: {site} has no assets/pyodide/: not a built site.", file=sys.stderr)
            return 2
    names = [f"{i}-{site.name}" for i, site in enumerate(sites)]
    with tempfile.TemporaryDirectory(prefix="benchmark-") as root:
        for name, site in zip(names, sites):
            shutil.copytree(site, Path(root, name))  # copies: the server serves nothing outside its root
        server = SiteServer(Path(root), port)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        origin = f"http://127.0.0.1:{server.server_address[1]}"
        times = {name: {"cold": [], "warm": []} for name in names}
        with sync_playwright() as playwright:
            browser = launch(playwright)
            try:
                for run in range(runs):
                    for name in names if run % 2 == 0 else names[::-1]:
                        context = browser.new_context()
                        context.add_init_script(FIRST_RESULT_PROBE)
                        page = context.new_page()
                        url = f"{origin}/{name}{calculator_url}"
                        for kind in ("cold", "warm"):
                            times[name][kind].append(first_result(page, url, timeout_s))
                            page.wait_for_load_state("networkidle")
                            wait_for_saved_state(page)
                        context.close()
                    print(f"  round {run + 1} of {runs}", file=sys.stderr)
            finally:
                browser.close()
                server.shutdown()
    print()
    print(f"{runs} rounds, builds interleaved, headless {CHROMIUM}; load average now {os.getloadavg()[0]:.2f}")
    print(f"{'time to first result (' + calculator_url + ')':<60} {'median':>8} {'min':>6} {'max':>6}")
    for name, site in zip(names, sites):
        for kind in ("cold", "warm"):
            values = times[name][kind]
            label = f"{kind}: {site}"
            print(f"  {label:<58} {statistics.median(values):>7.2f}s {min(values):>5.2f}s {max(values):>5.2f}s")
    return 0


# ------------------------------------------------------------------ the offline copy
# How long saving the offline copy takes (docs/offline.md's button until data-offline-state is
# "ready"), and, with the copy kept and no connection, how long a calculator page takes to its
# first result: on its first offline visit (Python starts the ordinary way) and on a later one
# (from its saved start-up state). One function, offline_copy_times(), for any profile.
#
# Why the link is slowed at the server and not with Chromium's Network.emulateNetworkConditions:
# that throttles a page's requests, not its service worker's (measured here: a 4 MB file the
# worker fetched took 41 ms under 9 Mbps / 60 ms emulation), and saving the copy is the worker's
# work. Browser-level auto-attach to the worker needs the flattened protocol, which Playwright's
# CDP sessions do not offer. So the server paces every response through one shared link
# (bandwidth) and waits one round trip before each (latency), for page and worker alike.
# The CPU is slowed with Emulation.setCPUThrottlingRate, as audit tools do; Chromium applies it
# to the page's main thread only ("Operation is only supported for pages, not workers"), so
# Python in the calculators' worker runs at full speed under every profile.

#: name: (CPU slowdown, link in Mbit/s or None, round trip in ms)
OFFLINE_PROFILES = {
    "laptop": (1, None, 0),
    "phone, 9 Mbps": (4, 9.0, 60),
    "phone, 1.6 Mbps": (4, 1.6, 150),
}
OFFLINE_PAGE = "/offline/"
OFFLINE_SAVE_TIMEOUT_S = 300


class _Link:
    """One link shared by every response: bandwidth in bit/s, one round trip before each response."""

    def __init__(self, mbps: float | None, rtt_ms: float):
        self.bits_per_s = mbps * 1e6 if mbps else None
        self.rtt_s = rtt_ms / 1000
        self.lock = threading.Lock()
        self.free_at = 0.0

    def send(self, size: int) -> None:
        if not self.bits_per_s:
            return
        with self.lock:
            start = max(time.monotonic(), self.free_at)
            self.free_at = start + size * 8 / self.bits_per_s
            until = self.free_at
        time.sleep(max(0.0, until - time.monotonic()))


class _PacedWriter:
    def __init__(self, raw, link: _Link):
        self.raw, self.link = raw, link

    def write(self, data) -> int:
        view = memoryview(data)
        for start in range(0, len(view), 16_384):
            chunk = view[start:start + 16_384]
            self.link.send(len(chunk))
            self.raw.write(chunk)
        return len(view)

    def __getattr__(self, name):
        return getattr(self.raw, name)


def _slow_server(site: Path, link: _Link):
    """scripts/serve.py's server (as a static host), its responses sent through `link`."""
    import serve

    class Handler(serve.SiteHandler):
        def setup(self):
            super().setup()
            self.wfile = _PacedWriter(self.wfile, link)

        def do_GET(self):
            time.sleep(link.rtt_s)
            super().do_GET()

    server = serve.SiteServer(site, 0)
    server.RequestHandlerClass = Handler
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def offline_copy_times(browser, site: Path, runs: int, cpu: float, mbps: float | None, rtt_ms: float,
                       calculator_url: str = CALCULATOR_URL, timeout_s: float = 60) -> dict[str, list[float]]:
    """Seconds, per run, in a fresh context each time: "save" (button pressed until the copy is
    ready, over the link), "offline first" and "offline later" (a calculator page's first result
    with the context offline, before and after its start-up state is saved). For comparison, in
    the same round and another fresh context with no copy: "online later", the same page's
    return visit over the link (HTTP cache and saved start-up state, as today)."""
    server = _slow_server(site, _Link(mbps, rtt_ms))
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    times = {"save": [], "offline first": [], "offline later": [], "online later": []}

    def new_page():
        context = browser.new_context()
        context.add_init_script(FIRST_RESULT_PROBE)
        page = context.new_page()
        if cpu != 1:
            context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": cpu})
        return context, page

    try:
        for _ in range(runs):
            context, page = new_page()
            first_result(page, origin + calculator_url, timeout_s)
            if not wait_for_saved_state(page):
                raise SystemExit(f"benchmark: no start-up state saved within {SAVED_STATE_WAIT_S} s")
            times["online later"].append(first_result(page, origin + calculator_url, timeout_s))
            context.close()

            context, page = new_page()
            page.goto(origin + OFFLINE_PAGE)
            page.wait_for_selector('[data-offline-state="off"]')
            start = time.perf_counter()
            page.click("[data-offline-save]")
            page.wait_for_selector('[data-offline-state="ready"]', timeout=OFFLINE_SAVE_TIMEOUT_S * 1000)
            times["save"].append(time.perf_counter() - start)
            context.set_offline(True)
            times["offline first"].append(first_result(page, origin + calculator_url, timeout_s))
            if not wait_for_saved_state(page):
                raise SystemExit(f"benchmark: no start-up state saved within {SAVED_STATE_WAIT_S} s (offline)")
            times["offline later"].append(first_result(page, origin + calculator_url, timeout_s))
            context.close()
    finally:
        server.shutdown()
        server.server_close()
    return times


def offline_copy_report(site: Path, runs: int, calculator_url: str, timeout_s: float,
                        profiles: dict = OFFLINE_PROFILES) -> int:
    if not (site / "sw.js").is_file():
        print(f"benchmark: {site} has no sw.js (overrides/hooks/offline.py): build the site first.", file=sys.stderr)
        return 2
    results = {}
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            for name, (cpu, mbps, rtt_ms) in profiles.items():
                results[name] = offline_copy_times(browser, site, runs, cpu, mbps, rtt_ms, calculator_url, timeout_s)
                print(f"  {name}: " + ", ".join(f"{kind} {statistics.median(v):.2f} s" for kind, v in results[name].items()),
                      file=sys.stderr)
        finally:
            browser.close()
    print()
    print(f"The offline copy: {site}, {runs} runs per profile, headless {CHROMIUM}; load average now {os.getloadavg()[0]:.2f}")
    columns = (("save", "saving the copy"), ("offline first", "offline: 1st visit"),
               ("offline later", "offline: later"), ("online later", "online: later, no copy"))
    print(f"{'profile':<20} " + " ".join(f"{title:>22}" for _, title in columns) + "   (medians, seconds)")
    for name, values in results.items():
        print(f"  {name:<18} " + " ".join(f"{statistics.median(values[kind]):>21.2f}s" for kind, _ in columns))
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="built site folder (default: site/)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each timing (default: 5)")
    parser.add_argument("--calculator-url", default=CALCULATOR_URL)
    parser.add_argument("--content-url", default=CONTENT_URL)
    parser.add_argument("--timeout", type=float, default=60, help="seconds to wait for a result")
    parser.add_argument("--port", type=int, default=8000, help="loopback port (default 8000, site_url's)")
    parser.add_argument("--compare", type=Path, nargs="+", metavar="SITE",
                        help="built site folders to time side by side (first results only)")
    parser.add_argument("--offline-copy", action="store_true",
                        help="time saving the offline copy and a calculator offline, per profile (OFFLINE_PROFILES)")
    args = parser.parse_args(argv)
    if args.offline_copy:
        return offline_copy_report(args.site.resolve(), args.runs, args.calculator_url, args.timeout)
    if args.compare:
        return compare([site.resolve() for site in args.compare], args.runs, args.calculator_url, args.port,
                       args.timeout)
    site = args.site.resolve()
    if not (site / "assets" / "pyodide" / "pyodide.asm.wasm").is_file():
        print(f"benchmark: {site} has no assets/pyodide/: build the site first (make build).", file=sys.stderr)
        return 2

    server = SiteServer(site, args.port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    # Every request the browser made, as Playwright reports it (page and worker alike). No
    # routing: Playwright turns the HTTP cache off when a route is set, which would make the
    # warm runs cold. Other origins are unreachable anyway: --host-resolver-rules maps every
    # host but this one to nothing, so a stray request fails instead of leaving the machine.
    requests: list[str] = []

    def new_context(browser):
        context = browser.new_context()
        context.on("request", lambda request: requests.append(request.url))
        context.add_init_script(FIRST_RESULT_PROBE)
        return context


    load_before = os.getloadavg()[0]
    cold, warm, warm_fresh, in_site = [], [], [], []

    def next_result(page) -> float:
        """Click a link to another calculator; seconds until its first result is on screen."""
        page.evaluate(
            """url => { const a = document.createElement("a"); a.href = url; a.id = "bench-next";
                        a.textContent = "next"; document.querySelector("article").append(a); }""",
            NEXT_URL,
        )
        start = time.perf_counter()
        page.click("#bench-next")
        page.wait_for_selector(NEXT_SELECTOR, timeout=args.timeout * 1000)
        elapsed = time.perf_counter() - start
        return elapsed
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            # Bytes: a content page, then a calculator page, each in a fresh context.
            context = new_context(browser)
            page = context.new_page()
            server.take_log()
            page.goto(origin + args.content_url, wait_until="networkidle")
            time.sleep(0.5)
            content_log = server.take_log()
            context.close()

            for run in range(args.runs):
                context = new_context(browser)
                page = context.new_page()
                server.take_log()
                cold.append(first_result(page, origin + args.calculator_url, args.timeout))
                page.wait_for_load_state("networkidle")
                calculator_log = server.take_log() if run == 0 else calculator_log
                if not wait_for_saved_state(page):
                    raise SystemExit(f"benchmark: no start-up state saved within {SAVED_STATE_WAIT_S} s")
                server.take_log()
                warm.append(first_result(page, origin + args.calculator_url, args.timeout))
                warm_log = server.take_log() if run == 0 else warm_log
                page.wait_for_load_state("networkidle")
                forget_saved_state(page)
                warm_fresh.append(first_result(page, origin + args.calculator_url, args.timeout))
                page.wait_for_load_state("networkidle")
                reloads = page.evaluate("performance.getEntriesByType('navigation')[0].name")
                in_site.append(next_result(page))
                if page.evaluate("performance.getEntriesByType('navigation')[0].name") != reloads:
                    raise SystemExit("benchmark: the in-site click reloaded the page (instant navigation off?)")
                context.close()
                print(f"  run {run + 1}: cold {cold[-1]:.2f} s, warm {warm[-1]:.2f} s, "
                      f"warm without saved state {warm_fresh[-1]:.2f} s, in-site {in_site[-1]:.2f} s",
                      file=sys.stderr)
        finally:
            browser.close()
            server.shutdown()

    def totals(log):
        ok = [entry for entry in log if entry["status"] == 200]
        return len(log), sum(e["raw"] for e in ok), sum(e["gzip"] for e in ok), sum(e["sent"] for e in ok)

    print()
    print(f"Site {site}, {args.runs} runs, headless {CHROMIUM}, served from {origin}")
    # Timings on a shared machine mean little without this.
    print(f"load average (1 min) before: {load_before:.2f}, after: {os.getloadavg()[0]:.2f}, CPUs: {os.cpu_count()}")
    print()
    print(f"{'time to first result (' + args.calculator_url + ')':<70} {'median':>8} {'min':>6} {'max':>6}")
    for name, values in (("cold: fresh context, empty cache", cold), ("warm: same context, second visit", warm),
                         ("warm, no saved start-up state (deleted first)", warm_fresh),
                         ("in-site: link to another calculator (worker reused)", in_site)):
        print(f"  {name:<68} {statistics.median(values):>7.2f}s {min(values):>5.2f}s {max(values):>5.2f}s")
    print()
    print(f"{'bytes transferred':<48} {'requests':>9} {'raw':>11} {'gzip':>11} {'sent':>11}")
    for name, log in (
        (f"content page {args.content_url}", content_log),
        ("calculator page, cold (with Pyodide)", calculator_log),
        ("calculator page, warm (304s not counted)", warm_log),
    ):
        count, raw, zipped, sent = totals(log)
        print(f"  {name:<46} {count:>9} {kb(raw):>11} {kb(zipped):>11} {kb(sent):>11}")
    print()
    print("calculator page, cold: each Pyodide file")
    for entry in calculator_log:
        if entry["path"].startswith(PYODIDE_PATHS):
            print(f"  {entry['path']:<46} {'':>9} {kb(entry['raw']):>11} {kb(entry['gzip']):>11} {kb(entry['sent']):>11}")
    pyodide_on_content = [e["path"] for e in content_log if e["path"].startswith(PYODIDE_PATHS)]
    print()
    print(f"content page fetched Pyodide assets: {', '.join(pyodide_on_content) or 'none'}")
    foreign = sorted({url for url in requests if not url.startswith((origin + "/", "data:", "blob:"))})
    print(f"requests the browser made: {len(requests)}, to another origin: {', '.join(foreign) or 'none'}")
    missing = sorted({e["path"] for e in content_log + calculator_log if e["status"] == 404})
    print(f"404s: {', '.join(missing) or 'none'}")
    return 1 if foreign or pyodide_on_content else 0


if __name__ == "__main__":
    raise SystemExit(main())
