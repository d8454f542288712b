"""Build the site and serve it on http://localhost:8000/ the way a static host would.

    .venv/bin/python scripts/serve.py [--port 8000] [--no-build]

Why not plain `python -m http.server`: its types come from the machine's mime.types, and
the calculators need `.mjs` served as JavaScript (module workers refuse anything else) and
`.wasm` as application/wasm (streaming compilation). This server sets them itself, gzips
text and wasm, and sends Cache-Control/ETag like a typical static host, so what you see
(and what scripts/benchmark.py measures) is what a reader gets.

`mkdocs serve` (live reload while editing) also works: it serves .mjs as
application/javascript and .wasm as application/wasm, and the pyodide_assets hook copies
the bundle into its build.
"""

from __future__ import annotations

import argparse
import gzip
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
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".ico": "image/x-icon",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".woff2": "font/woff2",
}
# What a static host gzips: text and wasm. Zips are compressed already.
COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".map", ".wasm", ".svg", ".xml", ".txt"}


class SiteServer(http.server.ThreadingHTTPServer):
    """Serves a folder; records each response (path, status, raw, sent and gzip sizes)."""

    daemon_threads = True

    def __init__(self, site: Path, port: int = 0, host: str = "127.0.0.1"):
        super().__init__((host, port), SiteHandler)
        self.site = site.resolve()
        self.log: list[dict] = []
        self.lock = threading.Lock()
        self.gzip_cache: dict[tuple[Path, float], bytes] = {}

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
                self.record(path, 404, 0, 0, 0)
                return self.send_error(404)
        raw = file.read_bytes()
        key = (file, file.stat().st_mtime)
        if key not in self.server.gzip_cache:
            self.server.gzip_cache[key] = gzip.compress(raw, 6, mtime=0)
        zipped = self.server.gzip_cache[key]
        etag = '"%s"' % hashlib.sha1(raw).hexdigest()[:16]
        if status == 200 and self.headers.get("If-None-Match") == etag:
            self.record(path, 304, len(raw), 0, len(zipped))
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        use_gzip = file.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", "")
        payload = zipped if use_gzip else raw
        self.record(path, status, len(raw), len(payload), len(zipped))
        self.send_response(status)
        self.send_header("Content-Type", MIME.get(file.suffix, "application/octet-stream"))
        self.send_header("Content-Length", str(len(payload)))
        if use_gzip:
            self.send_header("Content-Encoding", "gzip")
        if status == 200:
            self.send_header("Cache-Control", "max-age=600")
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", formatdate(file.stat().st_mtime, usegmt=True))
        self.end_headers()
        if body:
            self.wfile.write(payload)

    def record(self, path, status, raw, sent, gzipped):
        with self.server.lock:
            self.server.log.append({"path": path, "status": status, "raw": raw, "sent": sent, "gzip": gzipped})


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
