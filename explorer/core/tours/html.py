"""A tour as one self-contained HTML page of slides: opens offline anywhere, runs nothing.

Each slide is a full-viewport section (``#slide-1``…) with its picture embedded as a
``data:`` URI, and beside it (under it on a tall screen) the title, the caption and the
evidence quote with its source. Moving through the slides needs no script: the page snaps
to one slide at a time (``scroll-snap-type: y mandatory``), so the arrow keys, Page Down
and Space, which scroll the page, land slide by slide; and each slide links to the
previous and next one and to the contents at the top. Printed, each slide takes a page.

Safety: titles, captions, quotes and sources come from reports and users, so every one is
escaped; the Content-Security-Policy (``explorer.core.webpage``) allows the one style
block by its hash and ``data:`` images, nothing else.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from html import escape

from explorer.core.tours.slides import Slide
from explorer.core.webpage import page_head

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

STYLE = """
html { scroll-snap-type: y mandatory; background: #111418; color: #e6edf3; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans",
  "Helvetica Neue", Arial, sans-serif; font-size: 17px; line-height: 1.5; }
a { color: #79b8ff; }
.contents, .slide { box-sizing: border-box; scroll-snap-align: start; scroll-snap-stop: always; }
.contents { min-height: 100vh; padding: 8vh 8vw; }
.contents h1 { font-size: 2.4em; line-height: 1.2; margin: 0 0 0.2em 0; }
.contents .summary { color: #9aa4af; margin: 0 0 1.6em 0; }
.contents ol { font-size: 1.2em; margin: 0; padding-left: 1.8em; max-width: 48em; }
.contents li { margin: 0.3em 0; }
.slide { height: 100vh; height: 100dvh; display: grid; gap: 0 24px; padding: 16px 24px 16px 16px;
  grid-template-columns: minmax(0, 1fr) minmax(16rem, 26rem);
  grid-template-rows: minmax(0, 1fr) auto;
  grid-template-areas: "picture words" "picture steps"; }
.picture { grid-area: picture; margin: 0; min-height: 0; min-width: 0; }
.picture img { display: block; width: 100%; height: 100%; object-fit: contain; }
.words { grid-area: words; align-self: center; max-height: 100%; overflow-y: auto; }
.words h2 { font-size: 1.7em; line-height: 1.2; margin: 0 0 0.5em 0; }
.caption { white-space: pre-line; margin: 0 0 1em 0; }
.evidence { margin: 0; }
.evidence blockquote { margin: 0; padding: 0.6em 1em; white-space: pre-wrap;
  font-style: italic; background: #2b2410; border-left: 4px solid #d4a72c; }
.evidence figcaption { margin: 0.4em 0 0 0; font-size: 0.85em; color: #9aa4af; }
.steps { grid-area: steps; padding: 12px 0 4px 0; color: #9aa4af; }
.steps a { text-decoration: none; padding: 0.2em 0.1em; }
.steps a:hover, .steps a:focus { text-decoration: underline; }
@media (prefers-reduced-motion: no-preference) { html { scroll-behavior: smooth; } }
@media (max-aspect-ratio: 4/3) {
  .slide { grid-template-columns: minmax(0, 1fr);
    grid-template-rows: minmax(0, 1fr) auto auto;
    grid-template-areas: "picture" "words" "steps"; }
  .words { align-self: start; max-height: 45vh; padding-top: 12px; }
}
@media print {
  @page { size: landscape; margin: 12mm; }
  html { scroll-snap-type: none; background: #ffffff; color: #000000; }
  .contents, .slide { height: auto; min-height: 0; padding: 0; overflow: visible;
    break-after: page; page-break-after: always; }
  .slide { display: block; break-inside: avoid; page-break-inside: avoid; }
  .picture img { width: 100%; height: auto; max-height: 130mm; }
  .words { max-height: none; overflow: visible; padding-top: 4mm; }
  .words h2 { font-size: 18pt; }
  .evidence blockquote { background: #fff8e1; }
  .contents .summary, .evidence figcaption { color: #444444; }
  .steps { display: none; }
  a { color: inherit; text-decoration: none; }
}
"""


def tour_html(name: str, slides: Sequence[Slide]) -> str:
    """The tour as one page; slides are numbered and linked by their place in ``slides``."""
    total = len(slides)
    lines = [
        *page_head(name, STYLE, images="data:"),
        *_contents(name, slides),
        *[_slide(slide, n, total) for n, slide in enumerate(slides, start=1)],
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(lines)


def _contents(name: str, slides: Sequence[Slide]) -> list[str]:
    count = f"{len(slides)} slide{'s' if len(slides) != 1 else ''}"
    items = [
        f'<li><a href="#slide-{n}" dir="auto">{escape(slide.title)}</a></li>'
        for n, slide in enumerate(slides, start=1)
    ]
    return [
        '<nav class="contents" id="contents" aria-label="Contents">',
        f'<h1 dir="auto">{escape(name)}</h1>',
        f'<p class="summary">{count} · the arrow keys, Page Down and Space go slide by slide</p>',
        "<ol>",
        *items,
        "</ol>",
        "</nav>",
    ]


def _slide(slide: Slide, n: int, total: int) -> str:
    title = escape(slide.title)
    alt = escape(f"Slide {n} of {total}: {slide.title}")
    size = "".join(f' width="{w}" height="{h}"' for w, h in [png_size(slide.picture)] if w and h)
    picture = base64.b64encode(slide.picture).decode("ascii")
    words = [f'<h2 id="slide-{n}-title">{title}</h2>']
    if slide.caption.strip():
        words.append(f'<p class="caption">{escape(slide.caption.strip())}</p>')
    if slide.quote.strip():
        source = f"<figcaption>{escape(slide.source)}</figcaption>" if slide.source else ""
        words.append(
            f'<figure class="evidence"><blockquote>{escape(slide.quote.strip())}</blockquote>'
            f"{source}</figure>"
        )
    return "\n".join(
        [
            f'<section class="slide" id="slide-{n}" aria-labelledby="slide-{n}-title">',
            f'<figure class="picture"><img src="data:image/png;base64,{picture}"'
            f' alt="{alt}"{size}></figure>',
            f'<div class="words" dir="auto">{"".join(words)}</div>',
            _steps(n, total),
            "</section>",
        ]
    )


def _steps(n: int, total: int) -> str:
    """‹ previous · n / N · next › — without the link that would lead off either end."""
    steps = []
    if n > 1:
        steps.append(f'<a href="#slide-{n - 1}" rel="prev">‹ previous</a>')
    steps.append(f"<span>{n} / {total}</span>")
    if n < total:
        steps.append(f'<a href="#slide-{n + 1}" rel="next">next ›</a>')
    steps.append('<a href="#contents">contents</a>')
    return f'<nav class="steps" aria-label="Slide {n} of {total}">{" · ".join(steps)}</nav>'


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header; (0, 0) for bytes that are not a PNG."""
    if len(png) < 24 or not png.startswith(PNG_SIGNATURE) or png[12:16] != b"IHDR":
        return 0, 0
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
