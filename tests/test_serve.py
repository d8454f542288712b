"""scripts/serve.py sends the precompressed copies the way a static host does.

Accept-Encoding (with q-values) picks brotli over gzip over the file as it is; the response
names its encoding, keeps the original's Content-Type and varies on Accept-Encoding.
"""

from __future__ import annotations

import gzip
import http.client
import sys
import threading
from pathlib import Path

import brotli
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from serve import SiteServer, choose_encoding  # noqa: E402

WASM = b"\0asm" + bytes(range(256)) * 64
TEXT = "<!doctype html><title>t</title>" + "<p>a paragraph of text</p>" * 200


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    site = tmp_path_factory.mktemp("site")
    (site / "assets").mkdir()
    (site / "assets" / "python.wasm").write_bytes(WASM)
    (site / "assets" / "python.wasm.br").write_bytes(brotli.compress(WASM))
    (site / "assets" / "python.wasm.gz").write_bytes(gzip.compress(WASM))
    (site / "index.html").write_text(TEXT)
    (site / "index.html.gz").write_bytes(gzip.compress(TEXT.encode()))  # gzip only
    (site / "small.mjs").write_text("export const a = 1;\n")  # too small for copies
    httpd = SiteServer(site, 0)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def get(server, path, accept=None):
    connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1])
    headers = {} if accept is None else {"Accept-Encoding": accept}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


@pytest.mark.parametrize("accept, expected", [
    ("gzip, deflate, br, zstd", "br"),  # Chromium's
    ("gzip, deflate", "gzip"),
    ("br;q=0, gzip", "gzip"),
    ("gzip;q=0.5, br;q=0.4", "gzip"),  # q-values, not the order of preference
    ("br;q=0.5, gzip;q=0.5", "br"),  # equal: brotli
    ("*", "br"),
    ("*;q=0.2, br;q=0", "gzip"),
    ("identity", None),
    ("", None),
    (None, None),
    ("gzip;q=0, br;q=0", None),
    ("deflate", None),
    ("GZIP", "gzip"),  # codings are case-insensitive
])
def test_choose_encoding(accept, expected):
    assert choose_encoding(accept, {"br", "gzip"}) == expected


def test_only_encodings_with_a_copy_are_chosen():
    assert choose_encoding("br, gzip", {"gzip"}) == "gzip"
    assert choose_encoding("br", {"gzip"}) is None
    assert choose_encoding("br, gzip", set()) is None


@pytest.mark.parametrize("accept, encoding", [("gzip, deflate, br", "br"), ("gzip", "gzip"), ("identity", None)])
def test_wasm_is_sent_in_the_encoding_asked_for(server, accept, encoding):
    response, body = get(server, "/assets/python.wasm", accept)
    assert response.status == 200
    assert response.getheader("Content-Type") == "application/wasm"
    assert response.getheader("Content-Encoding") == encoding
    assert response.getheader("Vary") == "Accept-Encoding"
    assert int(response.getheader("Content-Length")) == len(body)
    decoded = {"br": brotli.decompress, "gzip": gzip.decompress, None: lambda b: b}[encoding](body)
    assert decoded == WASM
    if encoding:
        assert len(body) < len(WASM)


def test_each_encoding_has_its_own_etag(server):
    etags = {get(server, "/assets/python.wasm", accept)[0].getheader("ETag") for accept in ("br", "gzip", "")}
    assert len(etags) == 3


def test_a_revalidation_is_answered_for_the_same_encoding(server):
    first, _ = get(server, "/assets/python.wasm", "br")
    connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1])
    connection.request("GET", "/assets/python.wasm", headers={"Accept-Encoding": "br", "If-None-Match": first.getheader("ETag")})
    response = connection.getresponse()
    response.read()
    connection.close()
    assert response.status == 304
    assert response.getheader("Vary") == "Accept-Encoding"


def test_a_page_with_a_gzip_copy_only(server):
    response, body = get(server, "/", "br, gzip")
    assert response.getheader("Content-Encoding") == "gzip"
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert gzip.decompress(body).decode() == TEXT


def test_a_small_file_without_copies_is_sent_as_it_is(server):
    response, body = get(server, "/small.mjs", "br, gzip")
    assert response.getheader("Content-Encoding") is None
    assert response.getheader("Content-Type") == "text/javascript; charset=utf-8"
    assert body == b"export const a = 1;\n"


def test_the_log_records_what_was_sent(server):
    server.take_log()
    get(server, "/assets/python.wasm", "br")
    (entry,) = server.take_log()
    assert entry["encoding"] == "br"
    assert entry["raw"] == len(WASM)
    assert entry["sent"] == entry["br"] == len(brotli.compress(WASM))
    assert entry["gzip"] == len(gzip.compress(WASM))
