"""The head of a self-contained, inert HTML page, shared by the exports that write one.

The page may run nothing and load nothing from anywhere: a Content-Security-Policy allows
only the page's one inline <style> block, pinned by the hash of its exact text, and whatever
images the caller names (none, or ``data:`` URIs); no base URL, no form target, no referrer.
"""

from __future__ import annotations

import base64
import hashlib
from html import escape


def style_hash(style: str) -> str:
    """The CSP source for an inline <style> block: 'sha256-<base64 of its exact text>'."""
    digest = hashlib.sha256(style.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_policy(style: str, images: str = "'none'") -> str:
    """A policy that allows the one style block and the ``images`` sources, nothing else."""
    return (
        f"default-src 'none'; style-src {style_hash(style)}; img-src {images}; "
        "base-uri 'none'; form-action 'none'"
    )


def page_head(title: str, style: str, images: str = "'none'") -> list[str]:
    """The lines from the doctype to the opening <body>; ``title`` is escaped here."""
    return [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{content_policy(style, images)}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="Trend Explorer">',
        f"<title>{escape(title)}</title>",
        f"<style>{style}</style>",
        "</head>",
        "<body>",
    ]
