"""The Content-Security-Policy in the browser: the site works under it, with no violation
on any page, and it refuses what the site must never do.

A page's violations are caught from the start: an init script listens for
`securitypolicyviolation` before any of the page's own scripts run. The browser's console
is watched too, since a worker reports its refusals only there.

The policy "bites" tests inject what a careless change might add (a script, a stylesheet,
an image or a fetch from another origin, an inline script, eval) and check the browser
refuses each one. Every other-origin address is routed to a local answer, so nothing could
leave even if it were allowed, and the same injection in a context that bypasses the
policy loads, which proves the refusal is the policy's doing.

The meta policy does not reach a worker's own requests or say who may frame the site; the
`_headers` file does, where the host reads it. The last tests serve the site with those
headers, as Netlify or Cloudflare Pages would, and check the calculators still work (their
worker is under the header's policy) and that another site cannot frame a page.
"""

from __future__ import annotations

import functools
import re
import threading
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from .conftest import Served, SiteHandler, SiteServer, Traffic, open_context
from .support import CALCULATOR_PAGES, NO_SITE, SITE, case_named, case_params, follow_link, open_built_page, query

WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push({
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    where: `${event.sourceFile}:${event.lineNumber}`,
    sample: event.sample,
  });
}, true);
"""

#: A case per calculator that shows a full result (dates, working, timeline; a verdict).
RESULTS = {
    "timescales": case_named("timescales", "york", "Strategy discussion just before Christmas"),
    "quorum": case_named("quorum", "warrington", "Sibling group: one child has had no contact with a second agency"),
    "prebirth": case_named("prebirth", "york", "Only the due date: an estimate"),
}
RESULT = "[data-deadline] time, [data-quorate]"


def sitemap_pages() -> list[str]:
    """Every page in sitemap.xml, as a path from the site root, and the 404 page."""
    if not (SITE / "sitemap.xml").is_file():
        return [NO_SITE]
    locs = [loc.text for loc in ET.parse(SITE / "sitemap.xml").iter() if loc.tag.endswith("loc")]
    return [urlsplit(loc).path.lstrip("/") for loc in locs] + ["404.html"]


def watch(context, console: list[str]) -> None:
    """Record the violations of every page of `context`, and every CSP message on a console."""
    context.add_init_script(WATCH)

    def on_console(message):
        if re.search(r"Content[ -]Security[ -]Policy", message.text, re.I):
            console.append(message.text)

    context.on("console", on_console)


def search(page, words: str) -> None:
    """Type into Material's search once its index is ready; wait for results."""
    page.locator('[data-md-component="search-query"]').click()
    expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching")
    # Typed key by key: Material reads the query on keyup, which fill() does not send.
    page.locator('[data-md-component="search-query"]').press_sequentially(words)
    expect(page.locator(".md-search-result__item").first).to_be_visible()


def violations(page) -> list[dict]:
    return page.evaluate("window.__cspViolations || []")


def assert_no_violation(page, console: list[str]) -> None:
    found = violations(page)
    assert not found and not console, f"on {page.url}:\n  " + "\n  ".join(map(str, found + console))


@pytest.fixture(scope="module")
def console_log() -> list[str]:
    return []


@pytest.fixture
def watched(tab, console_log):
    """The module's tab, watched: each test starts with an empty console log."""
    if not getattr(tab.page.context, "_csp_watched", False):
        watch(tab.page.context, console_log)
        tab.page.context._csp_watched = True
    console_log.clear()
    yield tab.page


# ------------------------------------------------------------------ the site works under it


@pytest.mark.parametrize("path", sitemap_pages())
def test_no_violation_on_any_page(watched, console_log, path):
    page = watched
    open_built_page(page, path)  # a full load: this page's own policy is the one in force
    page.wait_for_load_state("networkidle")
    assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
    assert page.evaluate("Array.isArray(window.__cspViolations)"), "the watch did not run before the page"
    assert_no_violation(page, console_log)


@pytest.mark.parametrize("calculator", CALCULATOR_PAGES)
def test_no_violation_from_a_calculator_with_its_result(watched, console_log, calculator):
    """A shared link, opened afresh: Python starts from the head (the early-start script),
    the result is drawn (the timeline too), and its working is opened."""
    page = watched
    page.goto(CALCULATOR_PAGES[calculator] + query(case_params(RESULTS[calculator])))
    root = page.locator(f'[data-module="{calculator}"]')
    expect(root.locator(RESULT).first).to_be_visible()
    root.evaluate("(el) => el.querySelectorAll('details').forEach((d) => { d.open = true; })")
    page.wait_for_load_state("networkidle")
    assert_no_violation(page, console_log)


@pytest.mark.parametrize("calculator", CALCULATOR_PAGES)
def test_no_violation_reaching_a_calculator_from_another_page(watched, console_log, calculator):
    """Instant navigation keeps the first page's policy: from the home page, which allows
    no WebAssembly, the calculator must still work (its worker has its own policy)."""
    page = watched
    page.goto("")
    follow_link(page, "/" + CALCULATOR_PAGES[calculator] + query(case_params(RESULTS[calculator])))
    expect(page.locator(f'[data-module="{calculator}"]').locator(RESULT).first).to_be_visible()
    assert_no_violation(page, console_log)


@pytest.mark.parametrize("path", ["", CALCULATOR_PAGES["timescales"]], ids=["home", "calculator"])
def test_no_violation_from_search(watched, console_log, path):
    page = watched
    page.goto(path)
    search(page, "quorum")
    assert_no_violation(page, console_log)


def test_no_violation_from_the_presentation(watched, console_log):
    page = watched
    page.goto("trainers/presentation/")
    page.get_by_role("button", name="Start presentation").click()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Escape")
    assert_no_violation(page, console_log)


# ------------------------------------------------------------------ the policy bites

NEUTRAL = "<!doctype html><html lang='en'><title>Weather</title><h1>Weather</h1></html>"

#: What a careless change might add, from another origin: how to inject it, what the
#: browser would load if allowed (routed to a local answer), and the directive that refuses it.
FOREIGN = {
    "script": ("https://cdn.example/widget.js", "script-src-elem",
               "(url) => { const s = document.createElement('script'); s.src = url; document.head.append(s); }",
               dict(content_type="text/javascript", body="window.__foreignRan = true;")),
    "stylesheet": ("https://fonts.example/css?family=Roboto", "style-src-elem",
                   "(url) => { const l = document.createElement('link'); l.rel = 'stylesheet'; l.href = url; document.head.append(l); }",
                   dict(content_type="text/css", body="body { --foreign: 1; }")),
    "image": ("https://icons.example/logo.png", "img-src",
              "(url) => { const i = document.createElement('img'); i.src = url; i.alt = ''; document.body.append(i); }",
              dict(content_type="image/gif", body=b"GIF89a\x01\x00\x01\x00\x00\x00\x00;")),
    "fetch": ("https://analytics.example/collect?page=safety", "connect-src",
              "(url) => { fetch(url, {mode: 'no-cors'}).catch(() => {}); }",
              dict(content_type="text/plain", body="ok")),
    "frame": ("https://video.example/embed/1", "frame-src",
              "(url) => { const f = document.createElement('iframe'); f.src = url; f.title = 'x'; document.body.append(f); }",
              dict(content_type="text/html", body=NEUTRAL)),
}


def wait_until(page, condition, what: str, timeout_ms: int = 10_000):
    """Poll `condition()` until it is true, or fail saying `what` never happened."""
    for _ in range(timeout_ms // 100):
        if condition():
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"{what}: not within {timeout_ms} ms")


def open_watched(new_context, console: list[str], **options):
    context = new_context(**options)
    watch(context, console)
    return context.new_page()


def same_origin(a: str, b: str) -> bool:
    """A violation may name only the origin of what it refused (a frame's, for one)."""
    return urlsplit(a)[:2] == urlsplit(b)[:2]


@pytest.mark.parametrize("kind", FOREIGN)
def test_other_origin_is_refused(new_context, traffic, kind):
    url, directive, inject, answer = FOREIGN[kind]
    console: list[str] = []
    traffic.allow(url)
    served = []  # what reached the network and was answered (locally, by the route)

    def answer_locally(route):
        served.append(route.request.url)
        route.fulfill(status=200, **answer)

    # Without the policy (the control), the injection does load, from the local answer...
    free = open_watched(new_context, console, bypass_csp=True)
    free.route(url, answer_locally)
    free.goto("safety/")
    free.evaluate(inject, url)
    wait_until(free, lambda: served, f"without the policy, {url} is asked for")
    assert violations(free) == []

    # ...and with it, the browser refuses it before it reaches the network.
    served.clear()
    page = open_watched(new_context, console)
    page.route(url, answer_locally)
    page.goto("safety/")
    page.evaluate(inject, url)
    wait_until(page, lambda: any(same_origin(v["blocked"], url) for v in violations(page)), f"{url} is refused")
    assert [v["directive"] for v in violations(page) if same_origin(v["blocked"], url)] == [directive]
    page.wait_for_load_state("networkidle")
    assert served == [], "the refused address reached the network"
    if kind == "script":
        assert free.evaluate("window.__foreignRan") is True
        assert page.evaluate("window.__foreignRan") is None


#: A same-origin script (routed: the site has no such file) that tries eval, as a library might.
EVAL_SCRIPT = "/csp-test-eval.js"
EVAL_BODY = "try { window.__evalGave = eval('1 + 1'); } catch (error) { window.__evalGave = error.name; }"
INJECT_INLINE = """(src) => {
    const inline = document.createElement("script");
    inline.textContent = "window.__inlineRan = true;";
    document.body.append(inline);
    const button = document.createElement("button");
    button.setAttribute("onclick", "window.__handlerRan = true;");
    document.body.append(button);
    button.click();
    const script = document.createElement("script");
    script.src = src;
    document.body.append(script);
}"""


def test_injected_inline_script_handler_and_eval_are_refused(new_context):
    """Script a page does not ship: an inline script, an inline event handler, and eval
    (which the page's own scripts may not use either)."""
    console: list[str] = []
    results = "() => [window.__inlineRan, window.__handlerRan, window.__evalGave]"
    free = open_watched(new_context, console, bypass_csp=True)
    free.route("**" + EVAL_SCRIPT, lambda route: route.fulfill(status=200, content_type="text/javascript", body=EVAL_BODY))
    free.goto("")
    free.evaluate(INJECT_INLINE, EVAL_SCRIPT)
    wait_until(free, lambda: free.evaluate("window.__evalGave !== undefined"), "the eval script ran")
    assert free.evaluate(results) == [True, True, 2]

    page = open_watched(new_context, console)
    page.route("**" + EVAL_SCRIPT, lambda route: route.fulfill(status=200, content_type="text/javascript", body=EVAL_BODY))
    page.goto("")
    page.evaluate(INJECT_INLINE, EVAL_SCRIPT)
    # (Not page.wait_for_function: Playwright's polling uses eval, which the policy refuses.)
    wait_until(page, lambda: page.evaluate("window.__evalGave !== undefined"), "the eval script ran")
    assert page.evaluate(results) == [None, None, "EvalError"]
    found = sorted((v["directive"], v["blocked"]) for v in violations(page))
    assert found == [("script-src", "eval"), ("script-src-attr", "inline"), ("script-src-elem", "inline")], found


def test_quick_exit_still_leaves_at_once(new_context, traffic):
    """Leaving is a navigation, which the policy does not govern: one click still leaves,
    replacing the page, and nothing is refused on the way."""
    console: list[str] = []
    page = open_watched(new_context, console)
    page.goto("safety/")
    assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
    link = page.locator('[data-module="quick-exit"]')
    href = link.get_attribute("href")
    traffic.allow(href)
    page.route(href, lambda route: route.fulfill(status=200, content_type="text/html", body=NEUTRAL))
    expect(link.locator(".quick-exit__lights")).to_have_count(1)  # its script is running
    history = page.evaluate("history.length")
    assert_no_violation(page, console)

    link.click()
    page.wait_for_url(href)
    expect(page.locator("h1")).to_have_text("Weather")
    assert page.evaluate("history.length") == history  # replaced, as without the policy
    assert not console, console


# ------------------------------------------------------------------ served with _headers


def read_headers() -> dict[str, str]:
    """The headers _headers gives every path ("/*"), as Netlify and Cloudflare Pages send them."""
    path = SITE / "_headers"
    if not path.is_file():
        pytest.fail(f"{path} is missing: the build writes it (overrides/hooks/csp.py).", pytrace=False)
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    assert lines[0] == "/*", lines[0]
    return dict(line.strip().split(": ", 1) for line in lines[1:])


def serve_with(headers: dict[str, str], pages: dict[str, str] | None = None):
    """The built site on a new port, sending `headers` with every file; `pages` adds pages
    by path (a real server's, not a route's: Chromium treats a routed page as public, and
    refuses it a frame from this machine)."""
    class HeadersHandler(SiteHandler):
        def do_GET(self):
            if pages and self.path in pages:
                body = pages[self.path].encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            else:
                super().do_GET()

        def end_headers(self):
            for name, value in headers.items():
                self.send_header(name, value)
            super().end_headers()

    httpd = SiteServer(("127.0.0.1", 0), functools.partial(HeadersHandler, directory=str(SITE)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, Served(f"http://127.0.0.1:{httpd.server_address[1]}")


@pytest.fixture
def host(browser, site_dir):
    """Serves the site with given headers; yields a function giving (page, traffic, console)."""
    started = []

    def start(headers: dict[str, str]):
        httpd, served = serve_with(headers)
        log = Traffic(served.origin)
        context = open_context(browser, served, log)
        console: list[str] = []
        watch(context, console)
        started.append((httpd, context, log))
        return context.new_page(), log, console

    yield start
    for httpd, context, log in started:
        context.close()
        httpd.shutdown()
        httpd.server_close()
        log.check()


def test_calculators_work_under_the_header_policy(host):
    """The header reaches what the meta cannot: the calculators' worker, whose Pyodide needs
    'wasm-unsafe-eval' from it (and nothing more), and Material's search worker."""
    page, traffic, console = host(read_headers())
    for calculator in CALCULATOR_PAGES:
        response = page.goto(CALCULATOR_PAGES[calculator] + query(case_params(RESULTS[calculator])))
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        expect(page.locator(f'[data-module="{calculator}"]').locator(RESULT).first).to_be_visible()
        assert_no_violation(page, console)
    search(page, "quorum")
    assert_no_violation(page, console)


def test_the_header_governs_the_worker(host):
    """Proof the worker answers to the header, not the page: the same header without
    'wasm-unsafe-eval' stops Python loading, though the page's own meta policy allows it."""
    headers = read_headers()
    policy = headers["Content-Security-Policy"].replace(" 'wasm-unsafe-eval'", "")
    page, traffic, console = host({**headers, "Content-Security-Policy": policy})
    page.goto(CALCULATOR_PAGES["timescales"] + query(case_params(RESULTS["timescales"])))
    expect(page.locator('meta[http-equiv="Content-Security-Policy"]')).to_have_attribute(
        "content", re.compile("'wasm-unsafe-eval'"))
    root = page.locator('[data-module="timescales"]')
    expect(root).to_have_attribute("data-state", "unavailable")
    expect(root.locator("time[datetime]")).to_have_count(0)
    assert any("WebAssembly" in line and "Content Security" in line for line in console), console


def test_another_site_cannot_frame_a_page(host):
    """frame-ancestors 'none', which only the header can say: a page of another origin (a
    server on another port) that frames the site gets an error page in its frame. Without
    the header (the control), the same frame shows the site."""
    headers = read_headers()
    without = {name: value for name, value in headers.items() if name != "Content-Security-Policy"}
    for sent, framed in ((without, True), (headers, False)):
        page, log, console = host(sent)
        body = f"<!doctype html><title>Elsewhere</title><iframe src='{log.origin}/safety/' title='framed'></iframe>"
        httpd, elsewhere = serve_with({}, {"/elsewhere.html": body})
        try:
            log.allow(elsewhere.url("elsewhere.html"))
            page.goto(elsewhere.url("elsewhere.html"))
            (child,) = [f for f in page.frames if f != page.main_frame]
            child.wait_for_load_state("load")
            assert child.url.startswith(log.origin) == framed, f"frame at {child.url}: {console}"
            assert any("frame-ancestors" in line for line in console) != framed, console
        finally:
            httpd.shutdown()
            httpd.server_close()
