"""The reports wing: files → Report → Section → Passage with offsets; front matter,
dates, markup, pages (a PDF's), sections rendered for reading, the bundled report.

Other wings and the faces use only the names below."""

from __future__ import annotations

from typing import TYPE_CHECKING

from explorer.core._faces import lazy_face

if TYPE_CHECKING:
    from explorer.core.reports.bundled import bundled_dir, seed_paths, seed_reports
    from explorer.core.reports.cuts import drop_cut, load_cut, save_cut
    from explorer.core.reports.formats import source_digest
    from explorer.core.reports.formats.pdf.printed import PrintedPage, PrintedPages
    from explorer.core.reports.frontmatter import date_in_name, year_in_title
    from explorer.core.reports.ingest import parse_file, parse_text
    from explorer.core.reports.markup import (
        fold,
        fold_map,
        unfold_span,
    )
    from explorer.core.reports.models import (
        CUT,
        SEARCHED,
        Passage,
        Report,
        ReportEntry,
        Section,
    )
    from explorer.core.reports.pages import Pages, find_pages, has_pages, on_page, page_label
    from explorer.core.reports.positions import document_positions, source_span
    from explorer.core.reports.printing import printed_page
    from explorer.core.reports.render import (
        Page,
        Span,
        render_section,
        section_words,
        shown_words,
    )
    from explorer.core.reports.textfile import decode_report_bytes, slugify

__all__ = [
    "CUT",
    "SEARCHED",
    "Page",
    "Pages",
    "Passage",
    "PrintedPage",
    "PrintedPages",
    "Report",
    "ReportEntry",
    "Section",
    "Span",
    "bundled_dir",
    "date_in_name",
    "decode_report_bytes",
    "document_positions",
    "drop_cut",
    "find_pages",
    "fold",
    "fold_map",
    "has_pages",
    "load_cut",
    "on_page",
    "page_label",
    "parse_file",
    "parse_text",
    "printed_page",
    "render_section",
    "save_cut",
    "section_words",
    "seed_paths",
    "seed_reports",
    "shown_words",
    "slugify",
    "source_digest",
    "source_span",
    "unfold_span",
    "year_in_title",
]

__getattr__ = lazy_face(
    __name__,
    {
        "seed_paths": "bundled",
        "seed_reports": "bundled",
        "CUT": "models",
        "SEARCHED": "models",
        "Page": "render",
        "Pages": "pages",
        "find_pages": "pages",
        "has_pages": "pages",
        "PrintedPage": "formats.pdf.printed",
        "PrintedPages": "formats.pdf.printed",
        "printed_page": "printing",
        "on_page": "pages",
        "page_label": "pages",
        "Span": "render",
        "render_section": "render",
        "shown_words": "render",
        "section_words": "render",
        "document_positions": "positions",
        "source_span": "positions",
        "Passage": "models",
        "Report": "models",
        "ReportEntry": "models",
        "Section": "models",
        "bundled_dir": "bundled",
        "date_in_name": "frontmatter",
        "year_in_title": "frontmatter",
        "decode_report_bytes": "textfile",
        "fold": "markup",
        "drop_cut": "cuts",
        "load_cut": "cuts",
        "save_cut": "cuts",
        "fold_map": "markup",
        "unfold_span": "markup",
        "parse_file": "ingest",
        "parse_text": "ingest",
        "slugify": "textfile",
        "source_digest": "formats",
    },
)
