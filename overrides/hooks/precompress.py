"""Precompressed copies beside the site's large files: `<file>.br` (brotli) and `<file>.gz` (gzip).

Static hosts serve such copies when the browser accepts them (nginx `brotli_static` and
`gzip_static`, Caddy `precompressed`, Apache `MultiViews`/rewrite rules, GitHub Pages and
most CDNs compress on the fly instead), and scripts/serve.py negotiates them the same way.
Compressing once at the highest settings, rather than on the fly at a host's usual fast
ones, is what makes the calculators' Python small enough for a phone: Pyodide's wasm is
3.6 MB gzipped by a host on the fly, 2.7 MB as brotli at quality 11.

Runs LAST in mkdocs.yml's hooks (on_post_build), after every other hook has written its
files, so each is compressed as it ships. Only files worth it get copies: at least
MIN_BYTES, and only if the copy is at most MAX_RATIO of the original. The original always
stays: a browser that accepts neither gets it, and a copy is never the only version.

Compressing the Pyodide bundle takes about a minute; the results are kept in
build/precompress/ by content hash, so a rebuild redoes only what changed.

The offline copy (overrides/hooks/offline.py) must not keep the .br/.gz files: a browser
asks for the original URL and decodes what the host sends.
"""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import brotli

# Types a host compresses; .zip included because the site's zips are stored (uncompressed).
SUFFIXES = {".html", ".css", ".js", ".mjs", ".json", ".wasm", ".zip", ".svg", ".xml", ".txt", ".map", ".ico"}
MIN_BYTES = 1024
MAX_RATIO = 0.9
ENCODINGS = {".br": "br", ".gz": "gzip"}


def compress(data: bytes, encoding: str) -> bytes:
    if encoding == "br":
        # Quality 11, window 2^24: the best brotli there is; browsers decode any window.
        return brotli.compress(data, quality=11, lgwin=24)
    # mtime 0: the same input gives the same bytes, build after build.
    return gzip.compress(data, compresslevel=9, mtime=0)


def worth_compressing(path: Path) -> bool:
    return path.suffix in SUFFIXES and path.stat().st_size >= MIN_BYTES


def precompress(site: Path, cache: Path | None = None) -> dict[str, int]:
    """Write <file>.br and <file>.gz beside each file worth it; returns byte totals."""
    totals = {"files": 0, "bytes": 0, "br": 0, "gzip": 0}
    used = set()
    for path in sorted(p for p in site.rglob("*") if p.is_file() and worth_compressing(p)):
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        totals["files"] += 1
        totals["bytes"] += len(data)
        for suffix, encoding in ENCODINGS.items():
            kept = cache / f"{digest}.{encoding}" if cache else None
            used.add(kept)
            if kept and kept.is_file():
                packed = kept.read_bytes()
            else:
                packed = compress(data, encoding)
                if kept:
                    kept.parent.mkdir(parents=True, exist_ok=True)
                    kept.write_bytes(packed)
            target = path.with_name(path.name + suffix)
            if len(packed) <= MAX_RATIO * len(data):
                target.write_bytes(packed)
                totals[encoding] += len(packed)
            else:
                target.unlink(missing_ok=True)
                totals[encoding] += len(data)
    if cache and cache.is_dir():  # forget what this build no longer has
        for old in cache.iterdir():
            if old not in used:
                old.unlink()
    return totals


def on_post_build(config, **kwargs):
    root = Path(config.config_file_path).resolve().parent
    precompress(Path(config.site_dir), root / "build" / "precompress")
