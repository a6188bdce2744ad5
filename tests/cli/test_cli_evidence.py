"""What `explorer concept`, `path` and `trends CONCEPT` print as evidence, on Milvus blog
posts full of links, raw HTML, emphasis and code spans: words as a reader sees them, cut
around the concept's name (issue 23)."""

from __future__ import annotations

import json
import re

import pytest

from explorer.cli import main
from tests.conftest import corpus
from tests.core.test_evidence import MARKUP, POSTS


@pytest.fixture
def library(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["add", *(str(corpus("milvus-blog-en") / name) for name in POSTS)]) == 0
    capsys.readouterr()


def names(name: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert main(["concept", name, "--json"]) == 0
    card = json.loads(capsys.readouterr().out)
    return [n.lower() for n in (card["label"], *card["aliases"])]


def printed(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(args) == 0
    return capsys.readouterr().out


def check(line: str, called: list[str]) -> None:
    words = line.replace("«", "").replace("»", "")
    assert not [m for m in MARKUP if m in words], line
    assert any(n in words.lower() for n in called), (called, line)


@pytest.mark.usefixtures("library")
@pytest.mark.parametrize("name", ["Zilliz", "Trend Micro", "GitHub", "Elasticsearch"])
def test_concept_prints_its_evidence_as_text(capsys: pytest.CaptureFixture[str], name: str) -> None:
    called = names(name, capsys)
    out = printed(["concept", name], capsys)
    lines = out.split("\nEvidence:\n")[1].splitlines()
    excerpts = [ln.strip() for ln in lines if ln.startswith("    ")]
    assert excerpts and len(excerpts) == len(lines) // 2
    for line in excerpts:
        check(line, called)
        assert "«" in line  # the concept's own words are marked


@pytest.mark.usefixtures("library")
def test_path_prints_each_hops_evidence_as_text(capsys: pytest.CaptureFixture[str]) -> None:
    out = printed(["path", "Trend Micro", "Zilliz"], capsys)
    hops = re.findall(r"^\d+\. (.+) —[\w-]+→ (.+)  \(weight", out, re.MULTILINE)
    assert hops
    called = {label: names(label, capsys) for hop in hops for label in hop}
    hop, quoted = -1, 0
    for line in out.splitlines():
        if re.match(r"\d+\. ", line):
            hop += 1
        elif line.startswith("       "):
            check(line.strip(), [n for label in hops[hop] for n in called[label]])
            quoted += 1
    assert quoted


@pytest.mark.usefixtures("library")
@pytest.mark.parametrize("name", ["Zilliz", "GitHub"])
def test_trends_of_a_concept_quote_it_as_text(
    capsys: pytest.CaptureFixture[str], name: str
) -> None:
    called = names(name, capsys)
    out = printed(["trends", name], capsys)
    excerpts = [ln.split(": ", 1)[1] for ln in out.splitlines() if ln.startswith("    ")]
    assert excerpts
    for line in excerpts:
        check(line, called)


@pytest.mark.usefixtures("library")
def test_search_prints_hits_as_text(capsys: pytest.CaptureFixture[str]) -> None:
    """`configure <a href='https://goproxy.cn/'>Goproxy</a>` in a post prints as words."""
    out = printed(["search", "goproxy"], capsys)
    assert "You might need to configure «Goproxy» to install" in out
    for query in ("milvus", "github", "zilliz", "install"):
        lines = printed(["search", query, "--limit", "50"], capsys).splitlines()
        snippets = [ln.strip() for ln in lines if ln.startswith("     ")]
        assert snippets, query
        for line in snippets:
            words = line.replace("«", "").replace("»", "")
            syntax = [m for m in MARKUP if m != "`"]  # code blocks print as written
            assert not [m for m in (*syntax, "href=", "&lt;") if m in words], line
