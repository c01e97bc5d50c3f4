"""The call scripts and flowcharts page of the web app (web/scripts.py through
web/serve.py): the index lists every area, each area's call script names every
route, pages link a stylesheet (the page policy allows no inline styles), the
flowchart pages are SVG and PNG, the PDF is a PDF."""
import functools
import html
import re
import shutil
import threading
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from http.server import ThreadingHTTPServer

import pytest

from web import scripts, serve

AREAS = ["wirral", "herefordshire", "stockport", "halton"]
needs_dot = pytest.mark.skipif(not shutil.which("dot"), reason="needs Debian's graphviz (./stepwise test installs it as root)")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("scripts")
    old, scripts.OUT = scripts.OUT, out
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(serve.Handler, directory=str(serve.STATIC)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    scripts.OUT = old


def get(url):
    with urllib.request.urlopen(url, timeout=300) as r:
        return r.headers, r.read()


@needs_dot
def test_the_index_lists_every_area_with_its_script_pdf_and_flowchart(site, eng):
    headers, body = get(site + "/scripts/")
    page = body.decode()
    assert "style-src 'self'" in headers["Content-Security-Policy"]
    assert '<link rel="stylesheet" href="/scripts/scripts-page.css">' in page
    for area in AREAS:
        name = eng.reg.areas[area].name
        assert f'<th scope="row">{name}</th>' in page
        for href in (f"/scripts/{area}.html", f"/scripts/{area}.pdf", f"/scripts/{area}-flowchart.html",
                     f"/scripts/{area}-flowchart-1.svg"):
            assert f'href="{href}"' in page, href
    assert len(re.findall(r'<th scope="row">', page)) == len(eng.reg.areas)


@needs_dot
@pytest.mark.parametrize("area", AREAS)
def test_each_script_names_every_route_and_links_its_stylesheet(site, eng, area):
    headers, body = get(f"{site}/scripts/{area}.html")
    page = body.decode()
    assert headers["Content-Type"].startswith("text/html")
    assert "<style" not in page and " style=" not in page  # the page policy would block them
    assert '<link rel="stylesheet" href="script.css">' in page
    for r in eng.reg.areas[area].routes:
        assert f"({r.id})" in page and html.escape(r.title) in page, r.id
    _, css = get(f"{site}/scripts/script.css")
    assert b"@media print" in css and b"@page" in css
    # the flowchart: every page is an SVG and a PNG, listed on its page
    _, chart = get(f"{site}/scripts/{area}-flowchart.html")
    pages = re.findall(rf'<img src="/scripts/{area}-flowchart-(\d+)\.svg"', chart.decode())
    assert len(pages) >= 2
    for n in pages:
        h, svg = get(f"{site}/scripts/{area}-flowchart-{n}.svg")
        assert h["Content-Type"] == "image/svg+xml"
        ET.fromstring(svg)
        h, png = get(f"{site}/scripts/{area}-flowchart-{n}.png")
        assert h["Content-Type"] == "image/png" and png[:8] == b"\x89PNG\r\n\x1a\n"


def test_unknown_paths_are_not_found(site):
    for path in ("/scripts/nowhere.html", "/scripts/halton-flowchart-99.svg", "/scripts/../serve.py",
                 "/scripts/halton.exe", "/scripts/halton-flowchart.pdf"):
        with pytest.raises(urllib.error.HTTPError) as e:
            get(site + path)
        assert e.value.code == 404, path


@pytest.mark.skipif(not (shutil.which("dot") and shutil.which("pdftoppm")), reason="needs graphviz and poppler-utils")
def test_the_pdf_is_a_pdf(site):
    headers, body = get(f"{site}/scripts/halton.pdf")
    assert headers["Content-Type"] == "application/pdf" and body[:5] == b"%PDF-" and len(body) > 20_000
