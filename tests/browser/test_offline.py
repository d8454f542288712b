"""The offline copy (docs/offline.md, assets/js/offline*.mjs, overrides/hooks/offline.py).

Nothing is registered until the reader asks; once saved, every page and the three
calculators work with the browser offline AND the site's server gone; "Remove the offline
copy" leaves no worker and no cache; a new build replaces the copy whole on the next online
visit and the page says so; a failed save says so, and a failed update keeps the old copy.

Tests that stop or switch a server get their own (`OwnSite`): a copy of the built site in a
temporary folder, made for that server's address the way the build makes it (sitemap.xml
names the address, as a build with that site_url would; then the hook's own
build_offline_copy() lists the files and writes sw.js), served by `make serve`'s server
(scripts/serve.py: gzip and ETags, as a static host), which logs what it sent.
Expected answers come from tests/cases/*.toml, never from the calculators.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import brotli
import pytest
from playwright.sync_api import expect

from .conftest import Served, Traffic, open_context
from .test_accessibility import assert_accessible
from .support import (CALCULATOR_PAGES, PYODIDE_TIMEOUT_MS, ROOT, SAVED_STATES, SITE, calculator_root, case_named,
                      case_params, expect_deadlines, follow_link, query, saved_states, wait_for_saved_state)



def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


hook = _load("offline_hook", ROOT / "overrides" / "hooks" / "offline.py")
#: The build's last step: .br/.gz copies beside large files, which serve.py sends when asked.
precompress = _load("precompress_hook", ROOT / "overrides" / "hooks" / "precompress.py")
#: `make serve`'s server, which serves like a static host (gzip, ETag revalidation, its 404 page).
serve = _load("site_serve", ROOT / "scripts" / "serve.py")

OFFLINE_PAGE = "offline/"
#: Saving copies ~17 MB through the worker and hashes it: seconds alone, more on a busy machine.
SAVE_TIMEOUT_MS = 2 * PYODIDE_TIMEOUT_MS

# Every value data-offline-state takes on the page, in order, recorded from the start.
RECORD_STATES = """
(() => {
  window.__offlineStates = [];
  window.__offlineProgress = [];
  const seen = () => {
    const state = document.querySelector("[data-offline-state]");
    if (state && window.__offlineStates.at(-1) !== state.dataset.offlineState) window.__offlineStates.push(state.dataset.offlineState);
    const text = document.querySelector("[data-offline-progress-text]");
    if (text && text.textContent && window.__offlineProgress.at(-1) !== text.textContent) window.__offlineProgress.push(text.textContent);
  };
  new MutationObserver(seen).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
})();
"""

REGISTRATIONS = "navigator.serviceWorker.getRegistrations().then((found) => found.map((r) => r.scope))"
CACHE_NAMES = "caches.keys()"
# What each cache holds: {name: {url: hash header}}.
CACHE_CONTENTS = """async () => {
  const out = {};
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    out[name] = {};
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      out[name][request.url] = response.headers.get("X-Offline-Copy-Hash");
    }
  }
  return out;
}"""


# ------------------------------------------------------------------ a site of the test's own


@dataclass
class OwnSite:
    """A copy of the built site, made for its own server's address, and that server."""

    tmp: Path
    server: serve.SiteServer = field(init=False)
    served: Served = field(init=False)

    #: Seconds each response waits before it is sent (a slow link, so a save takes a while).
    delay: float = 0.0

    def __post_init__(self):
        self.server = serve.SiteServer(self.tmp)
        site = self

        class Handler(serve.SiteHandler):
            def do_GET(self):
                time.sleep(site.delay)
                super().do_GET()

        self.server.RequestHandlerClass = Handler
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.served = Served(f"http://127.0.0.1:{self.server.server_address[1]}")

    def build(self, name: str, source: Path = SITE, change=None, under: str = "") -> dict:
        """Copies `source` to tmp/name (or tmp/name/under, for a site served under a sub-path),
        lets `change(folder)` alter it, and makes it the way the build makes it for this
        address: sitemap.xml naming it, then the hook's offline list."""
        root = self.tmp / name
        folder = root / under if under else root
        shutil.copytree(source, folder, ignore=shutil.ignore_patterns("sw.js"))
        sitemap = folder / "sitemap.xml"
        address = f"{self.served.origin}/{under + '/' if under else ''}"
        sitemap.write_text(re.sub(r"<loc>https?://[^/<]+/", f"<loc>{address}", sitemap.read_text(encoding="utf-8")),
                           encoding="utf-8")
        if change:
            change(folder)
        built = hook.build_offline_copy(folder)
        refresh_precompressed(folder)
        built.update(folder=folder, root=root)
        return built

    def serve(self, build: dict) -> None:
        self.server.site = build["root"].resolve()
        self.take_log()

    def take_log(self) -> list[str]:
        """The paths the server has answered with 200 since the last call."""
        return [entry["path"] for entry in self.server.take_log() if entry["status"] == 200]

    def stop(self) -> None:
        """The server is gone: nothing can come from the network any more."""
        self.server.shutdown()
        self.server.server_close()


def refresh_precompressed(folder: Path) -> None:
    """Makes again, as precompress.py makes them, the .br/.gz copies of files changed since the
    build (pages given this address, the test's own changes, the offline hook's size line):
    a host sends the copy when the browser accepts it, so a stale copy would be served."""
    decode = {"br": brotli.decompress, "gzip": gzip.decompress}
    for copy in folder.rglob("*"):
        original = copy.with_suffix("")
        if copy.suffix in precompress.ENCODINGS and original.is_file():
            encoding = precompress.ENCODINGS[copy.suffix]
            data = original.read_bytes()
            if decode[encoding](copy.read_bytes()) != data:
                copy.write_bytes(precompress.compress(data, encoding))


@pytest.fixture
def own_site(tmp_path, site_dir):
    site = OwnSite(tmp_path)
    yield site
    try:
        site.stop()
    except OSError:
        pass


@pytest.fixture
def own_traffic(own_site):
    traffic = Traffic(own_site.served.origin)
    yield traffic
    traffic.check()


@pytest.fixture
def own_context(browser, own_site, own_traffic):
    """A fresh context on the test's own server, watched like every other test's."""
    context = open_context(browser, own_site.served, own_traffic)
    context.add_init_script(RECORD_STATES)
    yield context
    context.close()


# ------------------------------------------------------------------ helpers


def states(page) -> list[str]:
    return page.evaluate("window.__offlineStates")


def assert_nothing_kept(page) -> None:
    """No service worker and no cache of the site's: what "Remove the offline copy" promises."""
    assert page.evaluate(REGISTRATIONS) == []
    assert page.evaluate(CACHE_NAMES) == []


def save_copy(page, build: dict, under: str = "") -> None:
    """On the offline page: press save, and wait until the copy is kept."""
    page.goto(under + OFFLINE_PAGE)
    state = page.locator("[data-offline-state]")
    expect(state).to_have_attribute("data-offline-state", "off")
    page.locator("[data-offline-save]").click()
    expect(state).to_have_attribute("data-offline-state", "ready", timeout=SAVE_TIMEOUT_MS)
    expect(state).to_contain_text(hook.megabytes(sum(size for _, _, size in build["files"])))


def kept(page) -> dict[str, dict[str, str]]:
    return page.evaluate(CACHE_CONTENTS)


def offline_caches(page) -> dict[str, dict[str, str]]:
    return {name: urls for name, urls in kept(page).items() if name.startswith(hook.CACHE_PREFIX)}


def assert_kept_whole(page, site: OwnSite, build: dict) -> None:
    """The browser keeps exactly one copy, this build's, with every file at this build's hash."""
    copies = offline_caches(page)
    assert list(copies) == [hook.CACHE_PREFIX + build["version"]], list(copies)
    (urls,) = copies.values()
    expected = {f"{site.served.origin}/{path}": digest for path, digest, _ in build["files"]}
    files = {url: digest for url, digest in urls.items() if digest is not None}  # (the completion mark has none)
    assert files == expected


def sitemap_paths(build: dict) -> list[str]:
    text = (build["folder"] / "sitemap.xml").read_text(encoding="utf-8")
    return [urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", text)]


def title_of(build: dict, path: str) -> str:
    html = (build["folder"] / path.lstrip("/") / "index.html").read_text(encoding="utf-8")
    return re.search(r"<title>([^<]*)</title>", html)[1].replace("&amp;", "&").replace("&#39;", "'")


def go_offline(context, site: OwnSite) -> None:
    site.stop()
    context.set_offline(True)


def with_a_new_sentence(page_path: str, sentence: str):
    """A change to one page, as a new build with one page edited would make."""
    def change(folder: Path) -> None:
        page = folder / page_path
        html = page.read_text(encoding="utf-8")
        page.write_text(html.replace("</h1>", f"</h1>\n<p data-new-build>{sentence}</p>", 1), encoding="utf-8")
    return change


# ------------------------------------------------------------------ the tests


def test_nothing_is_registered_or_kept_before_the_reader_asks(page, traffic, context):
    page.goto("")
    page.goto("procedures/initial-conference/")
    case = case_named("timescales", "york", "Strategy discussion just before Christmas")
    page.goto(CALCULATOR_PAGES["timescales"] + query(case_params(case)))
    expect_deadlines(calculator_root(page, "timescales"), case["expect"])
    wait_for_saved_state(page)  # the calculators keep their start-up state: the one cache allowed
    follow_link(page, "/" + OFFLINE_PAGE)
    expect(page.locator("[data-offline-state]")).to_have_attribute("data-offline-state", "off")
    page.goto("safety/")
    assert page.evaluate(REGISTRATIONS) == []
    assert set(page.evaluate(CACHE_NAMES)) == {SAVED_STATES}
    assert context.service_workers == []
    assert traffic.count("/sw.js") == 0, "the worker's script was fetched, so something tried to register it"


def test_after_saving_every_page_and_calculator_works_with_no_connection(own_site, own_context, own_traffic):
    build = own_site.build("a")
    own_site.serve(build)
    page = own_context.new_page()
    save_copy(page, build)
    assert states(page) == ["off", "saving", "ready"]
    progress = page.evaluate("window.__offlineProgress")
    assert any(f"of {len(build['files'])} files" in text for text in progress), progress
    assert_kept_whole(page, own_site, build)
    assert_accessible(page)  # the widget as it is once the copy is kept

    go_offline(own_context, own_site)
    for path in sitemap_paths(build):
        page.goto(path)
        expect(page).to_have_title(title_of(build, path))
        expect(page.locator("article h1").first).to_be_visible()

    # A calculator opened from its link, in full: its module worker and Pyodide from the copy.
    case = case_named("timescales", "york", "Strategy discussion just before Christmas")
    page.goto(CALCULATOR_PAGES["timescales"] + query(case_params(case)))
    expect_deadlines(calculator_root(page, "timescales"), case["expect"])
    # The other two reached by links within the site (instant navigation reads the kept sitemap).
    navigation = page.evaluate("performance.getEntriesByType('navigation')[0].startTime")
    case = case_named("prebirth", "york", "Baby born: within one month of the birth")
    follow_link(page, "/" + CALCULATOR_PAGES["prebirth"] + query(case_params(case)))
    expect_deadlines(calculator_root(page, "prebirth"), case["expect"])
    case = case_named("quorum", "york", "No children's social care")
    follow_link(page, "/" + CALCULATOR_PAGES["quorum"] + query(case_params(case)))
    root = calculator_root(page, "quorum")
    expect(root.locator("[data-quorate]")).to_have_attribute("data-quorate", "false")
    expect(root.locator('[data-child="Amy"]')).to_contain_text(case["missing"]["Amy"][0])
    assert page.evaluate("performance.getEntriesByType('navigation')[0].startTime") == navigation, \
        "a link reloaded the page: instant navigation did not work offline"

    # The search, from the kept index.
    page.locator('[data-md-component="search-query"]').click()
    page.keyboard.type("quorum")
    expect(page.locator(".md-search-result__item").first).to_be_visible()

    # A page that is not in the site: the kept 404 page.
    page.goto("no-such-page/")
    expect(page.locator("article h1").first).to_contain_text("Page not found")
    own_traffic.http_errors.remove(f"HTTP 404 for {own_site.served.url('no-such-page/')}")  # asked for


def test_saving_the_copy_readies_the_calculators_for_a_first_visit_with_no_connection(own_site, own_context):
    """The copy is saved from the offline page, before any calculator was opened: Python's
    start-up state is made from the copy too, so the first calculator opened with no
    connection starts from it rather than the long way (offline.mjs, prepareCalculators)."""
    from .test_saved_state import RECORD_STARTS, python_started

    build = own_site.build("a")
    own_site.serve(build)
    own_context.add_init_script(RECORD_STARTS)
    page = own_context.new_page()
    save_copy(page, build)
    state = wait_for_saved_state(page, timeout_s=PYODIDE_TIMEOUT_MS / 1000)
    assert set(page.evaluate(CACHE_NAMES)) == {SAVED_STATES, hook.CACHE_PREFIX + build["version"]}

    go_offline(own_context, own_site)
    case = case_named("timescales", "york", "Strategy discussion just before Christmas")
    page.goto(CALCULATOR_PAGES["timescales"] + query(case_params(case)))
    expect_deadlines(calculator_root(page, "timescales"), case["expect"])
    assert python_started(page) == "saved state"
    assert [s["url"] for s in saved_states(page)] == [state["url"]]


def test_remove_while_the_calculators_are_being_readied_keeps_nothing(own_site, own_context):
    """"Remove" pressed as soon as the copy is kept, while the start-up state is still being
    made from it: the state must not be written after the caches are gone."""
    build = own_site.build("a")
    own_site.serve(build)
    page = own_context.new_page()
    save_copy(page, build)
    page.locator("[data-offline-remove]").click()
    expect(page.locator("[data-offline-state]")).to_have_attribute("data-offline-state", "off")
    # Longer than making a state takes here (about 3 s): a worker left running would have
    # written it by now.
    page.wait_for_timeout(8_000)
    assert_nothing_kept(page)


def test_remove_leaves_no_worker_and_no_cache(own_site, own_context):
    build = own_site.build("a")
    own_site.serve(build)
    page = own_context.new_page()
    case = case_named("prebirth", "york", "Baby born: within one month of the birth")
    page.goto(CALCULATOR_PAGES["prebirth"] + query(case_params(case)))
    expect_deadlines(calculator_root(page, "prebirth"), case["expect"])
    wait_for_saved_state(page)
    save_copy(page, build)
    assert set(page.evaluate(CACHE_NAMES)) == {SAVED_STATES, hook.CACHE_PREFIX + build["version"]}

    page.locator("[data-offline-remove]").click()
    state = page.locator("[data-offline-state]")
    expect(state).to_have_attribute("data-offline-state", "off")
    expect(state).to_contain_text("removed")
    assert_nothing_kept(page)
    # And after a reload, nothing controls the page or comes back.
    page.reload()
    expect(state).to_have_attribute("data-offline-state", "off")
    assert page.evaluate("navigator.serviceWorker.controller") is None
    assert_nothing_kept(page)


def test_remove_during_a_save_stops_it_and_keeps_nothing(own_site, own_context):
    build = own_site.build("a")
    own_site.serve(build)
    page = own_context.new_page()
    page.goto(OFFLINE_PAGE)
    own_site.delay = 0.5  # 65 files, 4 at a time: the save takes several seconds
    own_site.take_log()
    page.locator("[data-offline-save]").click()
    state = page.locator("[data-offline-state]")
    expect(state).to_have_attribute("data-offline-state", "saving")
    page.locator("[data-offline-remove]").click()
    expect(state).to_have_attribute("data-offline-state", "off")
    expect(state).to_contain_text("removed")
    assert_nothing_kept(page)
    fetched = own_site.take_log()
    assert len(fetched) < len(build["files"]), "the save had finished: nothing was stopped"
    page.wait_for_timeout(3000)
    assert own_site.take_log() == [], "the save went on downloading after it was removed"
    assert_nothing_kept(page)
    assert states(page) == ["off", "saving", "off"]


def remove_in_another_tab(context, showing: str) -> None:
    """Open the offline page in a second tab, which shows the state `showing`, and press Remove there."""
    other = context.new_page()
    other.goto(OFFLINE_PAGE)
    state = other.locator("[data-offline-state]")
    expect(state).to_have_attribute("data-offline-state", showing)
    other.locator("[data-offline-remove]").click()
    expect(state).to_have_attribute("data-offline-state", "off", timeout=SAVE_TIMEOUT_MS)


def expect_shown_removed(page) -> None:
    """The offline page says the copy was removed and offers to save it again."""
    state = page.locator("[data-offline-state]")
    expect(state).to_have_attribute("data-offline-state", "off")
    expect(state).to_contain_text("removed")
    expect(page.locator("[data-offline-save]")).to_have_text("Save this site for offline use")
    expect(page.locator("[data-offline-progress]")).to_be_hidden()


def test_a_save_removed_from_another_tab_says_removed_there_too(own_site, own_context):
    """A save under way in one tab, "Remove" pressed in another: the first tab says the copy
    was removed and offers to save again (it used to say the save had failed, "the browser
    stopped saving it", as if the connection were to blame)."""
    build = own_site.build("a")
    own_site.serve(build)
    saving = own_context.new_page()
    saving.goto(OFFLINE_PAGE)
    own_site.delay = 0.5  # 65 files, 4 at a time: the save takes several seconds
    saving.locator("[data-offline-save]").click()
    state = saving.locator("[data-offline-state]")
    expect(state).to_have_attribute("data-offline-state", "saving")

    remove_in_another_tab(own_context, showing="saving")
    expect_shown_removed(saving)
    assert states(saving) == ["off", "saving", "off"]
    assert_nothing_kept(saving)


def test_a_copy_removed_in_one_tab_is_shown_removed_in_another(own_site, own_context):
    """The copy kept, the offline page open in two tabs, "Remove" pressed in one: the other says
    it was removed (it used to go on saying the copy was kept until reloaded)."""
    build = own_site.build("a")
    own_site.serve(build)
    first = own_context.new_page()
    save_copy(first, build)
    remove_in_another_tab(own_context, showing="ready")
    expect_shown_removed(first)
    assert states(first) == ["off", "saving", "ready", "off"]
    first.wait_for_timeout(1000)  # a start-up state being made from the copy would be written by now
    assert_nothing_kept(first)


def test_a_new_build_replaces_the_kept_copy_whole(own_site, own_context):
    a = own_site.build("a")
    b = own_site.build("b", source=a["folder"],
                       change=with_a_new_sentence("procedures/compare/index.html", "Build B was here."))
    assert a["version"] != b["version"]
    own_site.serve(a)
    page = own_context.new_page()
    save_copy(page, a)

    own_site.serve(b)
    page.goto("")  # an online visit: the browser checks sw.js, finds build B's, installs it
    note = page.locator("[data-offline-updated]")
    expect(note).to_contain_text("This site was updated; your offline copy is now the new version",
                                 timeout=SAVE_TIMEOUT_MS)
    assert_kept_whole(page, own_site, b)
    assert_accessible(page)  # the note, with its buttons
    fetched = own_site.take_log()
    # Only what changed came over the network: the rest was taken from build A's copy.
    assert "/procedures/compare/index.html" in fetched, fetched
    assert "/assets/pyodide/pyodide.asm.wasm" not in fetched, fetched
    # From now on a link opens its page whole (the new version's scripts with its pages).
    go_offline(own_context, own_site)
    page.locator(".md-nav__link[href$='procedures/compare/']").first.click()
    expect(page.locator("[data-new-build]")).to_have_text("Build B was here.")
    expect(page.locator("[data-offline-updated]")).to_have_count(0)  # a fresh page: the note is gone


def test_state_goes_to_error_when_a_file_fails_and_a_retry_finishes_the_copy(own_site, own_context):
    good = own_site.build("good")
    broken = own_site.build("broken", source=good["folder"])
    assert broken["version"] == good["version"]
    # The worker keeps the largest files first, so the smallest one fails when all else is kept.
    smallest = min(broken["files"], key=lambda file: file[2])[0]
    (broken["folder"] / smallest).write_bytes(b"not this build's file")  # as a half-done deployment would
    own_site.serve(broken)
    page = own_context.new_page()
    page.goto(OFFLINE_PAGE)
    state = page.locator("[data-offline-state]")
    page.locator("[data-offline-save]").click()
    expect(state).to_have_attribute("data-offline-state", "error", timeout=SAVE_TIMEOUT_MS)
    expect(state).to_contain_text(smallest)
    assert states(page) == ["off", "saving", "error"]
    page.wait_for_function(f"() => {REGISTRATIONS}.then((found) => found.length === 0)")
    save_button = page.locator("[data-offline-save]")
    expect(save_button).to_have_text("Try again")
    assert_accessible(page)

    own_site.serve(good)  # the deployment has finished
    save_button.click()
    expect(state).to_have_attribute("data-offline-state", "ready", timeout=SAVE_TIMEOUT_MS)
    assert states(page) == ["off", "saving", "error", "saving", "ready"]
    assert_kept_whole(page, own_site, good)
    # The retry took what the first try had kept (each file checked), and fetched only the rest.
    assert [path for path in own_site.take_log() if path != "/sw.js"] == ["/" + smallest]


# A worker's message, as offline-sw.js sends it, dispatched straight to the page's listener.
FROM_WORKER = """(message) => navigator.serviceWorker.dispatchEvent(
  new MessageEvent("message", { data: { type: "offline", version: "test", ...message } }))"""


def test_a_message_older_than_one_already_heard_is_dropped(page):
    """The worker's messages can arrive in another order than it made them (clients.matchAll()
    is asynchronous): once, in CI, a progress report reached the page after the failure that
    followed it, the page went back to "saving", and then failed again with a vaguer message.
    The page keeps what the newest message from that run of the worker said."""
    page.goto(OFFLINE_PAGE)
    expect(page.locator('[data-module="offline"]')).to_be_visible()  # shown once it listens
    state = page.locator("[data-offline-state]")
    expect(state).to_have_attribute("data-offline-state", "off")
    progress = {"state": "saving", "files": 1, "totalFiles": 2, "bytes": 1, "totalBytes": 2, "update": False}
    failure = {"state": "error", "message": "a file did not download", "update": False, "cancelled": False}

    page.evaluate(FROM_WORKER, {"sender": "first", "number": 1, **progress})
    expect(state).to_have_attribute("data-offline-state", "saving")
    page.evaluate(FROM_WORKER, {"sender": "first", "number": 3, **failure})
    expect(state).to_have_attribute("data-offline-state", "error")
    page.evaluate(FROM_WORKER, {"sender": "first", "number": 2, **progress})  # made before the failure
    expect(state).to_have_attribute("data-offline-state", "error")
    expect(state).to_contain_text("a file did not download")
    expect(page.locator("[data-offline-save]")).to_have_text("Try again")

    # Another run of the worker (another tab's retry) is its own count, and is followed.
    page.evaluate(FROM_WORKER, {"sender": "second", "number": 1, **progress})
    expect(state).to_have_attribute("data-offline-state", "saving")


def test_a_failed_update_keeps_the_earlier_copy(own_site, own_context):
    a = own_site.build("a")

    def break_after_listing(folder: Path) -> None:
        with_a_new_sentence("procedures/compare/index.html", "Build B was here.")(folder)

    b = own_site.build("b", source=a["folder"], change=break_after_listing)
    (b["folder"] / "procedures" / "compare" / "index.html").write_text("half deployed", encoding="utf-8")
    refresh_precompressed(b["folder"])  # the host's .br/.gz copies are half deployed too
    own_site.serve(a)
    page = own_context.new_page()
    save_copy(page, a)

    own_site.serve(b)
    page.goto(OFFLINE_PAGE)
    state = page.locator("[data-offline-state]")
    expect(state).to_contain_text("could not be saved", timeout=SAVE_TIMEOUT_MS)
    expect(state).to_contain_text("procedures/compare/index.html")
    expect(state).to_have_attribute("data-offline-state", "ready")
    expect(page.locator("[data-offline-updated]")).to_have_count(0)
    copies = offline_caches(page)
    assert hook.CACHE_PREFIX + a["version"] in copies

    go_offline(own_context, own_site)
    page.goto("procedures/compare/")
    expect(page).to_have_title(title_of(a, "/procedures/compare/"))
    expect(page.locator("[data-new-build]")).to_have_count(0)


def test_a_site_under_a_sub_path_keeps_its_copy_in_its_own_scope(own_site, own_context):
    build = own_site.build("root", under="navigator")
    own_site.serve(build)
    page = own_context.new_page()
    save_copy(page, build, under="navigator/")
    assert page.evaluate(REGISTRATIONS) == [own_site.served.url("navigator/")]
    copies = offline_caches(page)
    (urls,) = copies.values()
    assert all(url.startswith(own_site.served.url("navigator/")) for url in urls), list(urls)[:3]

    go_offline(own_context, own_site)
    for path in ("navigator/", "navigator/procedures/compare/"):
        page.goto(path)
        expect(page).to_have_title(title_of(build, path.removeprefix("navigator")))
    case = case_named("prebirth", "york", "Baby born: within one month of the birth")
    page.goto("navigator/" + CALCULATOR_PAGES["prebirth"] + query(case_params(case)))
    expect_deadlines(calculator_root(page, "prebirth"), case["expect"])


# ------------------------------------------------------------------ the hook's list, no browser


def test_the_built_worker_lists_every_page_and_the_calculators():
    worker = (SITE / "sw.js").read_text(encoding="utf-8")
    build = json.loads(re.search(r"^const BUILD = (\{.*\});$", worker, re.M)[1])
    paths = {path for path, _, _ in build["files"]}
    pages = {p.relative_to(SITE).as_posix() for p in SITE.rglob("index.html")} | {"404.html"}
    assert pages <= paths
    assert {"sitemap.xml", "search/search_index.json", "assets/js/calc-worker.mjs", "assets/py/app.zip",
            "assets/pyodide/pyodide.asm.wasm", "assets/pyodide/pyodide.asm.mjs", "assets/pyodide/pyodide.mjs",
            "assets/pyodide/python_stdlib.zip", "assets/pyodide/runtime.json"} <= paths
    assert not [p for p in paths if p.endswith((".map", ".gz", ".br")) or p == "sw.js"]
    assert "assets/js/offline-sw.js" not in paths and not (SITE / "assets" / "js" / "offline-sw.js").exists()


def _tiny_site(root: Path, languages=("en",)) -> Path:
    (root / "search").mkdir(parents=True)
    (root / "search" / "search_index.json").write_text(json.dumps({"config": {"lang": list(languages)}, "docs": []}))
    (root / "index.html").write_text("<p>Keeps <span data-offline-size></span>.</p>")
    (root / "a.js").write_text("a")
    (root / "a.js.gz").write_bytes(b"gz")
    (root / "a.js.br").write_bytes(b"br")
    (root / "a.js.map").write_text("{}")
    (root / "data.gz").write_bytes(b"a file of its own")
    lunr = root / "assets" / "javascripts" / "lunr"
    (lunr / "min").mkdir(parents=True)
    for name in ("wordcut.js", "tinyseg.js", "min/lunr.stemmer.support.min.js", "min/lunr.multi.min.js",
                 "min/lunr.fr.min.js", "min/lunr.ja.min.js"):
        (lunr / name).write_text(name)
    return root


def test_the_hook_keeps_what_pages_load_and_leaves_out_copies_and_maps(tmp_path):
    site = _tiny_site(tmp_path / "site")
    assert hook.kept_files(site) == ["a.js", "data.gz", "index.html", "search/search_index.json"]
    site_fr = _tiny_site(tmp_path / "fr", languages=("en", "fr"))
    lunr = [p for p in hook.kept_files(site_fr) if "lunr" in p]
    assert lunr == ["assets/javascripts/lunr/min/lunr.fr.min.js", "assets/javascripts/lunr/min/lunr.multi.min.js",
                    "assets/javascripts/lunr/min/lunr.stemmer.support.min.js"]


def test_the_hook_writes_the_size_and_a_version_that_follows_the_content(tmp_path):
    site = _tiny_site(tmp_path / "site")
    first = hook.build_offline_copy(site)
    worker = (site / "sw.js").read_text(encoding="utf-8")
    assert hook.BUILD_PLACEHOLDER not in worker and f'"version":"{first["version"]}"' in worker
    total = sum(size for _, _, size in first["files"])
    assert f"<span data-offline-size>{hook.megabytes(total)}</span>" in (site / "index.html").read_text()
    assert hook.build_offline_copy(site) == first  # the same files, the same version
    (site / "a.js").write_text("b")
    second = hook.build_offline_copy(site)
    assert second["version"] != first["version"]
    assert [f for f in second["files"] if f[0] == "a.js"] != [f for f in first["files"] if f[0] == "a.js"]


def test_a_site_without_the_size_on_a_page_fails_the_build(tmp_path):
    site = _tiny_site(tmp_path / "site")
    (site / "index.html").write_text("<p>No size here.</p>")
    with pytest.raises(Exception, match="data-offline-size"):
        hook.build_offline_copy(site)
