"""The call scripts and flowcharts in the web app (issue 12), served by web/serve.py:

    /scripts/                         every area, with its call script, PDF and flowchart pages
    /scripts/<area>.html              the call script (the stylesheet /scripts/script.css: print rules included)
    /scripts/<area>.pdf               the same, as a PDF (WeasyPrint)
    /scripts/<area>-flowchart.html    the flowchart's A4 landscape pages, one per printed sheet
    /scripts/<area>-flowchart-<n>.svg|.png   one page of the flowchart

Files are generated into build/scripts on first request (or ahead of time with
``python -m web.scripts``), and again when the protocols or the generators
change (a stamp of their contents). The page policy allows no inline styles,
so every page links a stylesheet. Standard library, plus guidance/ (Graphviz
and WeasyPrint only for the flowcharts and the PDF).
"""
from __future__ import annotations

import hashlib
import html
import json
import re
import sys
import threading
from pathlib import Path
from typing import Dict, List, Optional, Tuple

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "scripts"
PAGE_CSS = Path(__file__).resolve().parent / "static" / "scripts-page.css"
#: what the generated files are made from
INPUTS = ["guidance/protocols", "guidance/fields.yml", "guidance/script.py", "guidance/flowchart.py",
          "guidance/spoken.py", "guidance/engine.py", "guidance/render.py", "guidance/decision.py", "web/scripts.py"]
TYPES = {"html": "text/html; charset=utf-8", "pdf": "application/pdf", "svg": "image/svg+xml", "png": "image/png",
         "css": "text/css; charset=utf-8"}
PATH = re.compile(r"^/scripts/([a-z_]+)(-flowchart(?:-(\d{1,2}))?)?\.(html|pdf|svg|png)$")

_lock = threading.Lock()


def stamp() -> str:
    h = hashlib.sha256()
    for rel in INPUTS:
        p = ROOT / rel
        for f in sorted([p] if p.is_file() else p.rglob("*")):
            if f.is_file() and "__pycache__" not in f.parts:
                h.update(str(f.relative_to(ROOT)).encode())
                h.update(f.read_bytes())
    return h.hexdigest()[:16]


def _areas() -> Dict[str, str]:
    from guidance.loader import load

    return {a.id: a.name for a in load().areas.values()}


def _fresh(out: Path) -> Path:
    """The output folder, emptied when what the files are made from has changed."""
    out.mkdir(parents=True, exist_ok=True)
    want = stamp()
    s = out / ".stamp"
    if not s.exists() or s.read_text() != want:
        for f in out.iterdir():
            if f.is_file():
                f.unlink()
        s.write_text(want)
    return out


def flowchart_pages(area: str, out: Path = OUT) -> List[dict]:
    """The flowchart's pages ({"n", "title", "scale"}), drawing them if needed."""
    manifest = out / f"{area}-flowchart.json"
    if not manifest.exists():
        from guidance import flowchart, script

        s = script.build(area, max_unknown=0)
        pages = []
        for i, (title, g, sc) in enumerate(flowchart.pages(s), 1):
            (out / f"{area}-flowchart-{i}.svg").write_bytes(g.pipe(format="svg"))
            g.attr(dpi="200")
            (out / f"{area}-flowchart-{i}.png").write_bytes(g.pipe(format="png"))
            pages.append({"n": i, "title": title, "scale": round(sc, 2)})
        manifest.write_text(json.dumps(pages, indent=1))
    return json.loads(manifest.read_text())


def script_html(area: str, out: Path = OUT, for_pdf: bool = False) -> Path:
    from guidance import script

    f = out / f"{area}{'-print' if for_pdf else ''}.html"
    if not f.exists():
        s = script.build(area)
        if for_pdf:  # WeasyPrint reads the stylesheet inline; the page is never served
            text = script.to_html(s)
        else:
            text = script.to_html(s, css_href="script.css", flowchart_href=f"{area}-flowchart.html")
        f.write_text(text, encoding="utf-8")
    return f


def script_pdf(area: str, out: Path = OUT) -> Path:
    from guidance import script

    f = out / f"{area}.pdf"
    if not f.exists():
        script.to_pdf(script_html(area, out, for_pdf=True).read_text(encoding="utf-8"), f)
    return f


def _page(title: str, body: str) -> str:
    return (f'<!doctype html><html lang="en-GB"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{html.escape(title)}</title>'
            f'<link rel="stylesheet" href="/scripts/scripts-page.css"></head><body>{body}</body></html>')


def flowchart_html(area: str, name: str, out: Path = OUT) -> str:
    e = html.escape
    pages = flowchart_pages(area, out)
    parts = [f'<header class="sp-head"><p><a href="/scripts/">All call scripts</a></p>'
             f"<h1>{e(name)}: flowchart</h1><p>{len(pages)} pages, each fitted to A4 landscape: print this page "
             f'(one page to a sheet) or open a page on its own. &ldquo;I don\'t know&rdquo; (0) is followed in the '
             f'<a href="/scripts/{area}.html">call script</a>.</p></header>']
    for p in pages:
        base = f"/scripts/{area}-flowchart-{p['n']}"
        parts.append(f'<section class="sp-sheet"><h2>Page {p["n"]}: {e(p["title"])}</h2>'
                     f'<img src="{base}.svg" alt="Flowchart page {p["n"]}: {e(p["title"])}">'
                     f'<p class="sp-links"><a href="{base}.svg">SVG</a> <a href="{base}.png">PNG</a></p></section>')
    return _page(f"{name} flowchart \u2014 Stepwise", "".join(parts))


def index_html(out: Path = OUT) -> str:
    from guidance import render

    e = html.escape
    rows = []
    for area, name in _areas().items():
        pages = flowchart_pages(area, out)
        chart = ", ".join(f'<a href="/scripts/{area}-flowchart-{p["n"]}.svg" title="{e(p["title"])}">{p["n"]}</a>'
                          for p in pages)
        rows.append(f'<tr><th scope="row">{e(name)}</th>'
                    f'<td><a href="/scripts/{area}.html">Call script</a> (<a href="/scripts/{area}.pdf">PDF</a>)</td>'
                    f'<td><a href="/scripts/{area}-flowchart.html">Flowchart</a> (pages {chart})</td></tr>')
    body = ('<header class="sp-head"><p><a href="/">Back to the step up / step down page</a></p>'
            "<h1>Call scripts and flowcharts</h1>"
            "<p>For advice-line call-handlers: each area's questions with the words to say, numbered answers "
            "(0 when the caller does not know) and what to tell the caller at each answer, generated from the same "
            "encoded procedure as Stepwise. In the assistant, switch on <b>Call script mode</b> for the same "
            "questions one at a time.</p></header>"
            '<table class="sp-table"><thead><tr><th scope="col">Area</th><th scope="col">Call script</th>'
            '<th scope="col">Flowchart (A4 landscape pages)</th></tr></thead><tbody>' + "".join(rows) +
            f"</tbody></table><p>{e(render.CALL_999)}</p>")
    return _page("Call scripts and flowcharts \u2014 Stepwise", body)


def respond(path: str, out: Optional[Path] = None) -> Optional[Tuple[str, bytes]]:
    """(content type, body) for a /scripts/ path, or None (not found)."""
    from guidance import script

    with _lock:  # one generation at a time; later requests find the files
        out = _fresh(out or OUT)
        if path in ("/scripts", "/scripts/", "/scripts/index.html"):
            return TYPES["html"], index_html(out).encode()
        if path == "/scripts/script.css":
            return TYPES["css"], script.CSS.encode()
        if path == "/scripts/scripts-page.css":
            return TYPES["css"], PAGE_CSS.read_bytes()
        m = PATH.match(path)
        areas = _areas()
        if not m or m.group(1) not in areas:
            return None
        area, chart, n, ext = m.group(1), m.group(2), m.group(3), m.group(4)
        if chart and n is None:
            return (TYPES["html"], flowchart_html(area, areas[area], out).encode()) if ext == "html" else None
        if chart:
            if ext not in ("svg", "png") or not any(p["n"] == int(n) for p in flowchart_pages(area, out)):
                return None
            return TYPES[ext], (out / f"{area}-flowchart-{int(n)}.{ext}").read_bytes()
        if ext == "html":
            return TYPES["html"], script_html(area, out).read_bytes()
        if ext == "pdf":
            return TYPES["pdf"], script_pdf(area, out).read_bytes()
        return None


def main(argv=None) -> int:
    """Generate every area's files ahead of the first request."""
    argv = sys.argv[1:] if argv is None else argv
    out = _fresh(OUT)
    for area in _areas():
        script_html(area, out)
        flowchart_pages(area, out)
        if "--no-pdf" not in argv:
            script_pdf(area, out)
        print(f"{area}: {out.relative_to(ROOT)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
