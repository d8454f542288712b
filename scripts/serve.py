"""Build the site and serve it on http://localhost:8000/ the way a static host would.

    .venv/bin/python scripts/serve.py [--port 8000] [--no-build]

Why not plain `python -m http.server`: its types come from the machine's mime.types, and
the calculators need `.mjs` served as JavaScript (module workers refuse anything else) and
`.wasm` as application/wasm (streaming compilation). This server sets them itself and
sends Cache-Control/ETag like a typical static host, so what you see (and what
scripts/benchmark.py measures) is what a reader gets.

Compression, as a static host with precompressed files does (nginx `brotli_static` and
`gzip_static`, Caddy `precompressed br gzip`): for /x.wasm it sends x.wasm.br when the
browser's Accept-Encoding allows br, else x.wasm.gz when it allows gzip, else x.wasm; with
Content-Encoding, the original's Content-Type and `Vary: Accept-Encoding`. q-values count
(`br;q=0` refuses brotli; `*` covers what is not named). The copies are written by
overrides/hooks/precompress.py. A text file with no copy (under 1 kB) is sent as it is.

`mkdocs serve` (live reload while editing) also works: it serves .mjs as
application/javascript and .wasm as application/wasm, and the pyodide_assets hook copies
the bundle into its build.
"""

from __future__ import annotations

import argparse
import hashlib
import http.server
import subprocess
import sys
import threading
from email.utils import formatdate
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent

MIME = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".wasm": "application/wasm",
    ".zip": "application/zip",
    ".gz": "application/gzip",
    ".br": "application/octet-stream",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".ico": "image/x-icon",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".woff2": "font/woff2",
}
# Preferred first: brotli is smaller; zstd is not offered (no copies are written: the
# hook's brotli at quality 11 is smaller than zstd's best, and every browser with zstd has br).
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))


def accepted_encodings(header: str | None) -> dict[str, float]:
    """Accept-Encoding parsed: {coding: q}, lower case; "*" stands for any coding not named."""
    found = {}
    for part in (header or "").split(","):
        coding, _, params = part.strip().partition(";")
        coding = coding.strip().lower()
        if not coding:
            continue
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        found[coding] = q
    return found


def choose_encoding(header: str | None, available: set[str]) -> str | None:
    """The encoding to send, of those with a copy on disk (br over gzip at equal q), or None
    for the file as it is. A coding the browser does not name, or names with q=0, is never
    sent (unless "*" with q>0 covers it); identity is always acceptable here (RFC 9110
    12.5.3 lets a server send it unless refused, and every file has its original)."""
    accepted = accepted_encodings(header)
    best, best_q = None, 0.0
    for coding, _suffix in ENCODINGS:
        if coding not in available:
            continue
        q = accepted.get(coding, accepted.get("*", 0.0))
        if q > best_q:
            best, best_q = coding, q
    return best


class SiteServer(http.server.ThreadingHTTPServer):
    """Serves a folder; records each response (path, status, raw, sent, br and gzip sizes)."""

    daemon_threads = True

    def __init__(self, site: Path, port: int = 0, host: str = "127.0.0.1"):
        super().__init__((host, port), SiteHandler)
        self.site = site.resolve()
        self.log: list[dict] = []
        self.lock = threading.Lock()

    def handle_error(self, request, client_address):
        # A browser closing a kept-alive connection is not an error worth a traceback.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    def take_log(self) -> list[dict]:
        with self.lock:
            log, self.log = self.log, []
        return log


class SiteHandler(http.server.BaseHTTPRequestHandler):
    server: SiteServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def do_HEAD(self):
        self.respond(body=False)

    def do_GET(self):
        self.respond(body=True)

    def respond(self, body: bool):
        path = unquote(urlsplit(self.path).path)
        file = (self.server.site / path.lstrip("/")).resolve()
        status = 200
        if file.is_dir() and file.is_relative_to(self.server.site):
            if not path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            file = file / "index.html"
        if not file.is_relative_to(self.server.site) or not file.is_file():
            status, file = 404, self.server.site / "404.html"
            if not file.is_file():
                self.record(path, 404, 0, 0, {})
                return self.send_error(404)
        raw = file.read_bytes()
        # Copies on disk beside the file (overrides/hooks/precompress.py), by encoding.
        copies = {coding: file.with_name(file.name + suffix) for coding, suffix in ENCODINGS}
        copies = {coding: path for coding, path in copies.items() if path.is_file()}
        encoding = choose_encoding(self.headers.get("Accept-Encoding"), set(copies))
        payload = copies[encoding].read_bytes() if encoding else raw
        sizes = {coding: path.stat().st_size for coding, path in copies.items()}
        # The ETag names the representation: each encoding has its own, as hosts do.
        etag = '"%s%s"' % (hashlib.sha1(raw).hexdigest()[:16], f"-{encoding}" if encoding else "")
        if status == 200 and self.headers.get("If-None-Match") == etag:
            self.record(path, 304, len(raw), 0, sizes)
            self.send_response(304)
            self.send_header("ETag", etag)
            if copies:
                self.send_header("Vary", "Accept-Encoding")
            self.end_headers()
            return
        self.record(path, status, len(raw), len(payload), sizes, encoding)
        self.send_response(status)
        self.send_header("Content-Type", MIME.get(file.suffix, "application/octet-stream"))
        self.send_header("Content-Length", str(len(payload)))
        if encoding:
            self.send_header("Content-Encoding", encoding)
        if copies:
            self.send_header("Vary", "Accept-Encoding")
        if status == 200:
            self.send_header("Cache-Control", "max-age=600")
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", formatdate(file.stat().st_mtime, usegmt=True))
        self.end_headers()
        if body:
            self.wfile.write(payload)

    def record(self, path, status, raw, sent, sizes, encoding=None):
        """One response: raw size, bytes sent, what a browser accepting brotli would get (the
        .br copy, else the .gz one, else the file) and one accepting only gzip, and the
        encoding sent."""
        with self.server.lock:
            self.server.log.append({"path": path, "status": status, "raw": raw, "sent": sent, "encoding": encoding,
                                    "br": sizes.get("br", sizes.get("gzip", raw)), "gzip": sizes.get("gzip", raw)})


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="folder to serve (default: site/)")
    parser.add_argument("--no-build", action="store_true", help="serve the folder as it is")
    args = parser.parse_args(argv)
    if not args.no_build:
        built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(args.site)], cwd=ROOT)
        if built.returncode:
            print("serve: the site did not build (see above).", file=sys.stderr)
            return built.returncode
    server = SiteServer(args.site, args.port)
    print(f"Serving {args.site} on http://localhost:{args.port}/ (Ctrl+C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
