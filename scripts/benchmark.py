"""How long a reader waits for a calculator's first result, on a laptop and on a phone, and how
many bytes a first visit costs.

Not a test: a measurement to run by hand after building the site (it prints tables).

    .venv/bin/python scripts/benchmark.py [--profile laptop phone-9mbps phone-1.6mbps] [--runs 5]
    .venv/bin/python scripts/benchmark.py --compare /tmp/site-before site --runs 7

Serves each build with scripts/serve.py's server (as a static host would: precompressed
.br/.gz copies chosen by Accept-Encoding, .mjs and .wasm types, Cache-Control max-age=600 and
ETags) and drives Debian's headless Chromium with Playwright. Builds are measured side by
side in one run, round by round, their order alternating (this machine is small and shared:
figures taken minutes apart cannot be compared).

Profiles (PROFILES), applied through the DevTools protocol (see throttle() for what reaches
the calculators' worker: the network does, CPU throttling does not):
  laptop          no throttling
  phone-9mbps     CPU slowed 4x (Emulation.setCPUThrottlingRate, as audit tools do for a
                  mid-range phone), 9 Mbps down / 60 ms (Network.emulateNetworkConditions)
  phone-1.6mbps   CPU 4x, 1.6 Mbps / 150 ms

For each profile and build it reports medians of:
  - cold: a fresh browser context (empty cache), navigation to the timescales calculator with
    a shared link, until its first deadline is on screen (from navigation start);
  - return: the same link again in that context, once the worker has saved Python's start-up
    state, as a reader's later visit;
  - bare: a page served only by the benchmark (BARE_PAGE) that starts the same Pyodide from
    the same build's files in a module worker and runs 1+1: the floor for a cold visit;
  - bytes a cold visit sends, with brotli (what Chromium gets) and with gzip (what a browser
    without brotli would get): every response, its .br/.gz copy's size (its raw size if it
    has none). A build without copies (one from before they existed) is given the gzip
    copies the old serve.py made on the fly (OLD_SERVER_GZIP), so it is served as it was;
  - the progress bar's longest still spell while loading (seconds without a change);
  - the offline copy (builds that have one, after the tables above; --offline-copy alone, or
    --no-offline to skip): pressing "Save" on offline/ until the copy is ready, and, kept,
    a calculator's first result with no connection, on its first and a later visit, beside
    an online return visit in the same round (offline_copy_times()).
It also records every request, the workers' too: nothing may go to another origin (Chromium
can resolve no other host here, and any such request is listed). Exits 1 if one does.
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
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    # This Chromium (156) may start a renderer for its own address-bar popup
    # (chrome://omnibox-popup.top-chrome) as a context opens: seen in a trace taking 0.9 s
    # of processor time during one page's load, on a two-core machine, in one run of three.
    "--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup",
]
CALCULATOR_URL = "calculators/timescales/?area=york&strategy-discussion=2025-01-06"
RESULT_SELECTOR = '[data-deadline="icpc"] time[datetime]'
BARE_URL = "__bare__/"

# name: (CPU slowdown, download Mbit/s, latency ms); None: no network throttling.
PROFILES = {
    "laptop": (1, None, None),
    "phone-9mbps": (4, 9, 60),
    "phone-1.6mbps": (4, 1.6, 150),
}

# The Cache Storage name the worker saves Python's start-up state under, read from calc-python.mjs.
SAVED_STATES = re.search(r'const SAVED_STATES = "([^"]+)"', (ROOT / "overrides/assets/js/calc-python.mjs").read_text())[1]

# The bare page: the same runtime files, a module worker, 1+1. Written into each build's
# copy by the benchmark, never part of the site. The lock info is the calculators' own.
LOCK_INFO = re.search(r"info: (\{[^}]+\})", (ROOT / "overrides/assets/js/calc-python.mjs").read_text())[1]
BARE_PAGE = """<!doctype html><html lang="en"><meta charset="utf-8"><title>Bare Pyodide</title>
<p id="out">loading</p>
<script type="module">
  const worker = new Worker(new URL("worker.mjs", location.href), { type: "module" });
  worker.onmessage = ({ data }) => {
    window.__firstResult ??= performance.now();
    document.getElementById("out").innerHTML = `<time datetime="${data}">${data}</time>`;
  };
</script>
"""
BARE_WORKER = """import { loadPyodide } from "../assets/pyodide/pyodide.mjs";
const here = new URL("../assets/pyodide/", import.meta.url).href;
const py = await loadPyodide({ indexURL: here, packageBaseUrl: here, lockFileContents: { info: %s, packages: {} } });
postMessage(String(py.runPython("1+1")));
""" % LOCK_INFO

# Records when the first result appears (performance.now(), from navigation start), and each
# change of a progress bar's value while Python loads: [time, value, max].
PROBE = """
(() => {
  const selector = %s;
  window.__bar = [];
  const seen = () => {
    if (window.__firstResult === undefined && document.querySelector(selector)) window.__firstResult = performance.now();
    const bar = document.querySelector("[data-load-progress]:not([hidden]) progress");
    if (bar && window.__firstResult === undefined) {
      const last = window.__bar.at(-1);
      if (!last || last[1] !== bar.value || last[2] !== bar.max) window.__bar.push([performance.now(), bar.value, bar.max]);
    }
  };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true, attributes: true });
})();
""" % json.dumps(RESULT_SELECTOR)


# What scripts/serve.py gzipped on the fly before precompressed copies (level 6): a build
# without .br/.gz copies is served as that server served it, so it is compared fairly.
OLD_SERVER_GZIP = {".html", ".css", ".js", ".mjs", ".json", ".map", ".wasm", ".svg", ".xml", ".txt"}


def gzip_on_the_fly(site: Path) -> None:
    import gzip

    for path in site.rglob("*"):
        if path.is_file() and path.suffix in OLD_SERVER_GZIP:
            path.with_name(path.name + ".gz").write_bytes(gzip.compress(path.read_bytes(), 6, mtime=0))


def throttle(context, page, profile: str):
    """Apply a profile to a page through the DevTools protocol.

    Checked here (Chromium 14x, Debian): a dedicated worker's requests are slowed by the
    page's Network.emulateNetworkConditions (a 4 MB fetch from the worker took 7.3 s beside
    the page's own 4 MB at 9 Mbps), but CPU throttling reaches the page's main thread only:
    sent to a worker's target (Target.setAutoAttach), Emulation.setCPUThrottlingRate
    answers "Operation is only supported for pages, not workers" (and the worker's
    Network.emulateNetworkConditions, "Not supported"). So on the phone profiles the
    page's own scripts run 4x slower, but Python's start-up in the worker runs at this
    machine's speed: the figures understate a phone's CPU time for Python.
    """
    cpu, mbps, latency = PROFILES[profile]
    if cpu == 1 and mbps is None:
        return None
    session = context.new_cdp_session(page)
    if mbps is not None:
        throughput = mbps * 1_000_000 / 8
        session.send("Network.enable")
        session.send("Network.emulateNetworkConditions", {"offline": False, "latency": latency,
                                                          "downloadThroughput": throughput,
                                                          "uploadThroughput": throughput})
    if cpu != 1:
        session.send("Emulation.setCPUThrottlingRate", {"rate": cpu})
    return session


def wait_for_saved_state(page, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        count = page.evaluate("name => caches.open(name).then((cache) => cache.keys()).then((keys) => keys.length)",
                              SAVED_STATES)
        if count:
            return True
        time.sleep(0.25)
    return False


def first_result(page, url: str, timeout_s: float) -> tuple[float, float | None]:
    """Seconds from navigation start until the first result; and the progress bar's longest
    still spell while it was loading (None if no bar was shown)."""
    page.goto(url, wait_until="commit")
    page.wait_for_selector(RESULT_SELECTOR if BARE_URL not in url else "#out time", timeout=timeout_s * 1000)
    done = page.evaluate("window.__firstResult")
    bar = page.evaluate("window.__bar || []")
    still = None
    if bar:
        times = [t for t, value, top in bar if value < top or top == 0] + [done]
        times = [bar[0][0], *times]
        still = max(b - a for a, b in zip(times, times[1:])) / 1000
    return done / 1000, still


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(value, unit="s", width=7):
    return f"{'n/a':>{width}}" if value is None else f"{value:>{width - len(unit)}.2f}{unit}"


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


def offline_copy_times(browser, site: Path, runs: int, profile: str, timeout_s: float = 60) -> dict[str, list[float]]:
    """Seconds, per run, in a fresh context each time: "save" (button pressed until the copy is
    ready, over the link), "offline first" and "offline later" (a calculator page's first and
    second visit with the context offline, once the start-up state the offline page makes
    from the copy is kept). For comparison, in
    the same round and another fresh context with no copy: "online later", the same page's
    return visit over the link (HTTP cache and saved start-up state, as today)."""
    cpu, mbps, rtt_ms = PROFILES[profile]
    calculator_url = "/" + CALCULATOR_URL
    server = _slow_server(site, _Link(mbps, rtt_ms or 0))
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    times = {"save": [], "offline first": [], "offline later": [], "online later": []}

    def new_page():
        context = browser.new_context()
        context.add_init_script(PROBE)
        page = context.new_page()
        if cpu != 1:
            context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": cpu})
        return context, page

    try:
        for _ in range(runs):
            context, page = new_page()
            first_result(page, origin + calculator_url, timeout_s)
            if not wait_for_saved_state(page, timeout_s):
                raise SystemExit(f"benchmark: no start-up state saved within {timeout_s} s")
            times["online later"].append(first_result(page, origin + calculator_url, timeout_s)[0])
            context.close()

            context, page = new_page()
            page.goto(origin + OFFLINE_PAGE)
            page.wait_for_selector('[data-offline-state="off"]')
            start = time.perf_counter()
            page.click("[data-offline-save]")
            page.wait_for_selector('[data-offline-state="ready"]', timeout=OFFLINE_SAVE_TIMEOUT_S * 1000)
            times["save"].append(time.perf_counter() - start)
            # Once kept, the offline page makes the calculators' start-up state from the copy
            # (offline.mjs): a reader who saves the copy and goes out later has it.
            if not wait_for_saved_state(page, timeout_s):
                raise SystemExit(f"benchmark: no start-up state made from the offline copy within {timeout_s} s")
            context.set_offline(True)
            times["offline first"].append(first_result(page, origin + calculator_url, timeout_s)[0])
            if not wait_for_saved_state(page, timeout_s):
                raise SystemExit(f"benchmark: no start-up state saved within {timeout_s} s (offline)")
            times["offline later"].append(first_result(page, origin + calculator_url, timeout_s)[0])
            context.close()
    finally:
        server.shutdown()
        server.server_close()
    return times


def offline_copy_report(site: Path, runs: int, profiles: list[str], timeout_s: float) -> int:
    """The offline copy's timings for one build, per profile (a table)."""
    if not (site / "sw.js").is_file():
        print(f"benchmark: {site} has no sw.js (overrides/hooks/offline.py): no offline copy to time.", file=sys.stderr)
        return 2
    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for profile in profiles:
                results[profile] = offline_copy_times(browser, site, runs, profile, timeout_s)
                print(f"  offline copy, {profile}: "
                      + ", ".join(f"{kind} {statistics.median(v):.2f} s" for kind, v in results[profile].items()),
                      file=sys.stderr)
        finally:
            browser.close()
    print()
    print(f"The offline copy of {site}: {runs} runs per profile (link paced at the server: see _Link); "
          f"load average now {os.getloadavg()[0]:.2f}")
    columns = (("save", "saving the copy"), ("offline first", "offline: 1st visit"),
               ("offline later", "offline: later"), ("online later", "online: later, no copy"))
    print(f"  {'profile':<18} " + " ".join(f"{title:>22}" for _, title in columns) + "   (medians, seconds)")
    for name, values in results.items():
        print(f"  {name:<18} " + " ".join(f"{statistics.median(values[kind]):>21.2f}s" for kind, _ in columns))
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="built site folder (default: site/)")
    parser.add_argument("--compare", type=Path, nargs="+", metavar="SITE", help="built sites to measure side by side")
    parser.add_argument("--profile", nargs="+", choices=list(PROFILES), default=list(PROFILES))
    parser.add_argument("--runs", type=int, default=5, help="rounds per profile (default: 5)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds to wait for a result")
    parser.add_argument("--no-bare", action="store_true", help="skip the bare-Pyodide page")
    parser.add_argument("--no-return", action="store_true", help="skip the return visit")
    parser.add_argument("--offline-copy", action="store_true",
                        help="only time the offline copy (of --site), per profile")
    parser.add_argument("--no-offline", action="store_true", help="skip the offline copy's timings")
    args = parser.parse_args(argv)
    if args.offline_copy:
        return offline_copy_report(args.site.resolve(), args.runs, args.profile, args.timeout)
    sites = [site.resolve() for site in (args.compare or [args.site])]
    for site in sites:
        if not (site / "assets" / "pyodide" / "pyodide.asm.wasm").is_file():
            print(f"benchmark: {site} has no assets/pyodide/: not a built site (make site).", file=sys.stderr)
            return 2
    names = [f"{i}-{site.name}" for i, site in enumerate(sites)]
    results = {(p, n): {k: [] for k in ("cold", "return", "bare", "still", "br", "gzip", "sent")}
               for p in args.profile for n in names}
    foreign: set[str] = set()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="benchmark-") as root:
        for name, site in zip(names, sites):
            shutil.copytree(site, Path(root, name))  # copies: the server serves nothing outside its root
            if not any(Path(root, name, "assets", "pyodide").glob("*.br")):
                gzip_on_the_fly(Path(root, name))
            (Path(root, name) / BARE_URL).mkdir(exist_ok=True)  # a copy of a site measured before
            (Path(root, name) / BARE_URL / "index.html").write_text(BARE_PAGE)
            (Path(root, name) / BARE_URL / "worker.mjs").write_text(BARE_WORKER)
        server = SiteServer(Path(root), 0)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        origin = f"http://127.0.0.1:{server.server_address[1]}"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                for profile in args.profile:
                    for run in range(args.runs):
                        for name in names if run % 2 == 0 else names[::-1]:
                            measure(browser, origin, name, profile, args, results[(profile, name)], server, foreign)
                        print(f"  {profile}: round {run + 1} of {args.runs} "
                              + ", ".join(f"{n} cold {results[(profile, n)]['cold'][-1]:.2f} s" for n in names),
                              file=sys.stderr)
            finally:
                browser.close()
                server.shutdown()

    print()
    print(f"{args.runs} rounds per profile, builds interleaved, headless {CHROMIUM}, served by scripts/serve.py")
    print(f"load average (1 min) before: {load_before:.2f}, after: {os.getloadavg()[0]:.2f}, CPUs: {os.cpu_count()}")
    for profile in args.profile:
        cpu, mbps, latency = PROFILES[profile]
        what = "no throttling" if mbps is None and cpu == 1 else f"CPU {cpu}x, {mbps} Mbps / {latency} ms"
        print()
        print(f"profile {profile} ({what}): medians")
        print(f"  {'build':<28} {'cold':>7} {'return':>7} {'bare':>7} {'cold/bare':>9} {'bar still':>9} "
              f"{'sent br':>9} {'sent gzip':>9}")
        for name, site in zip(names, sites):
            r = results[(profile, name)]
            cold, bare = median(r["cold"]), median(r["bare"])
            ratio = f"{cold / bare:>8.2f}x" if cold and bare else f"{'n/a':>9}"
            print(f"  {str(site)[-28:]:<28} {fmt(cold)} {fmt(median(r['return']))} {fmt(bare)} {ratio} "
                  f"{fmt(median(r['still']), width=9)} {fmt(median(r['br']) and median(r['br']) / 1e6, ' MB', 9)} "
                  f"{fmt(median(r['gzip']) and median(r['gzip']) / 1e6, ' MB', 9)}")
    print()
    print(f"requests to another origin: {', '.join(sorted(foreign)) or 'none'}")
    if not args.no_offline:
        for site in sites:
            if (site / "sw.js").is_file():
                offline_copy_report(site, args.runs, args.profile, args.timeout)
    return 1 if foreign else 0


def measure(browser, origin, name, profile, args, into, server, foreign):
    """One round for one build on one profile: cold, return visit, bare page."""
    def new_context():
        context = browser.new_context()
        context.add_init_script(PROBE)
        context.on("request", lambda request: request.url.startswith((origin + "/", "data:", "blob:"))
                   or foreign.add(request.url))
        return context

    url = f"{origin}/{name}/{CALCULATOR_URL}"
    context = new_context()
    page = context.new_page()
    session = throttle(context, page, profile)
    server.take_log()
    cold, still = first_result(page, url, args.timeout)
    try:
        page.wait_for_load_state("networkidle", timeout=args.timeout * 1000)
    except Exception:
        pass
    log = [entry for entry in server.take_log() if entry["status"] == 200 and entry["path"].startswith(f"/{name}/")]
    into["cold"].append(cold)
    into["still"].append(still)
    into["br"].append(sum(entry["br"] for entry in log))
    into["gzip"].append(sum(entry["gzip"] for entry in log))
    into["sent"].append(sum(entry["sent"] for entry in log))
    if not args.no_return:
        if wait_for_saved_state(page, args.timeout):
            into["return"].append(first_result(page, url, args.timeout)[0])
        else:
            print(f"  {name}: no start-up state saved within {args.timeout} s", file=sys.stderr)
    if session:
        session.detach()
    context.close()
    if not args.no_bare:
        context = new_context()
        page = context.new_page()
        session = throttle(context, page, profile)
        into["bare"].append(first_result(page, f"{origin}/{name}/{BARE_URL}", args.timeout)[0])
        if session:
            session.detach()
        context.close()


if __name__ == "__main__":
    raise SystemExit(main())
