"""The bundle's smoke test: run its programs as a user's machine would, with no Python, no
.venv and no PYTHONPATH around them, and print the figures (size, start-up against source).

    python packaging/smoke.py dist/trend-explorer

Each check is one line, OK or FAILED; the exit code is 1 if any failed.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def clean_env(home: Path) -> dict[str, str]:
    """What a desktop session gives a program: no Python, no virtualenv, no PYTHONPATH."""
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
        "EXPLORER_DATA_DIR": str(home / "data"),
    }


def timed(
    command: list[str], env: dict[str, str]
) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.perf_counter()
    done = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL
    )
    return done, time.perf_counter() - started


def python_installs() -> list[Path]:
    """Every Python on this machine that the bundle could lean on: the interpreter running
    this script, its virtualenv, the system's, and the source tree (none inside another:
    a folder hidden first has no mount point left for what is inside it)."""
    found = {Path(sys.base_prefix), Path(sys.prefix), ROOT / "explorer", Path.home() / ".pyenv"}
    for pattern in (
        "/usr/lib/python3*",
        "/usr/local/lib/python3*",
        "/usr/bin/python3*",
        "/usr/local/bin/python3*",
    ):
        found.update(Path("/").glob(pattern.lstrip("/")))
    kept = sorted(p for p in found if p.exists() and not p.is_symlink())
    return [p for p in kept if not any(p != q and p.is_relative_to(q) for q in kept)]


def without_python(command: list[str]) -> list[str] | None:
    """The command run where every Python install is hidden (emptied folders, emptied
    programs) in a mount namespace of its own; None where that cannot be made (not root,
    no unshare, not Linux)."""
    if not sys.platform.startswith("linux") or os.geteuid() != 0 or not shutil.which("unshare"):
        return None
    hide = []
    for path in python_installs():
        how = "-t tmpfs tmpfs" if path.is_dir() else "--bind /dev/null"
        hide.append(f"mount {how} {shlex.quote(str(path))}")
    script = " && ".join([*hide, "! python3 -c pass 2>/dev/null", f"exec {shlex.join(command)}"])
    return ["unshare", "--mount", "--propagation", "private", "sh", "-c", script]


def non_blank(png: Path, size: tuple[int, int]) -> bool:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QImage

    image = QImage(str(png))
    if image.isNull() or (image.width(), image.height()) != size:
        return False
    colours = {image.pixel(x, y) for x in range(0, size[0], 20) for y in range(0, size[1], 20)}
    return len(colours) > 20


LIMIT = 200e6
"""The bundle's size at most, in bytes (files, not counting links)."""

ICU_PROBE = """
import functools, sys
from PySide6.QtCore import QBuffer, QByteArray, QCollator, QIODevice, QLocale, QTimeZone
from PySide6.QtCore import QXmlStreamReader
words = ["zebra", "Äpfel", "apple", "ähnlich", "öl", "ob", "ch", "cz", "ñu", "nz", "å", "aa",
         "İstanbul", "ışık", "item10", "item9", "日本", "中文", "한국"]
for name in ["de_DE", "sv_SE", "es_ES", "tr_TR", "cs_CZ", "ja_JP", "zh_CN", "ar_EG"]:
    locale = QLocale(name)
    collator = QCollator(locale)
    collator.setNumericMode(True)
    print(name, sorted(words, key=functools.cmp_to_key(collator.compare)))
    berlin, tokyo = QTimeZone(b"Europe/Berlin"), QTimeZone(b"Asia/Tokyo")
    print(name, berlin.displayName(QTimeZone.TimeType.StandardTime,
                                   QTimeZone.NameType.LongName, locale),
          tokyo.displayName(QTimeZone.TimeType.StandardTime, QTimeZone.NameType.ShortName, locale))
    print(name, locale.toUpper("istanbul straße"), locale.toLower("İSTANBUL ΣΟΦΟΣ"))
text = "日本語 中文 한국어 Ελληνικά русский عربي"
for encoding in ["Shift_JIS", "GBK", "Big5", "EUC-KR", "KOI8-R", "windows-1256", "GB18030"]:
    data = QBuffer()
    data.setData(QByteArray(f'<?xml version="1.0" encoding="{encoding}"?><a>'.encode()
                            + text.encode(encoding, errors="ignore") + b"</a>"))
    data.open(QIODevice.OpenModeFlag.ReadOnly)
    reader, read = QXmlStreamReader(data), ""
    while not reader.atEnd():
        if reader.readNext() == QXmlStreamReader.TokenType.Characters:
            read += reader.text()
    print(encoding, read, reader.errorString())
with open("/proc/self/maps") as maps:
    print(*sorted({line.split()[-1] for line in maps if "libicudata" in line}), file=sys.stderr)
"""
"""What Qt asks ICU for (collation, time-zone names, case mapping, legacy encodings), asked
in several locales: the bundle's smaller ICU data must give the answers the full data gives."""


def icu_answers(library: Path | None) -> tuple[str, str]:
    """The ICU probe's answers with PySide6 here, its ICU data taken from `library` (if
    given) rather than PySide6's own; and the ICU data libraries the probe had loaded."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    if library is not None:
        env["LD_PRELOAD"] = str(library)
    done = subprocess.run(
        [sys.executable, "-c", ICU_PROBE], env=env, capture_output=True, text=True, timeout=120
    )
    return done.stdout, done.stderr


MANUAL = Path(__file__).resolve().parents[2] / "shared/corpora/docs-mix/docs/libtasn1.pdf"
"""A real PDF (the libtasn1 manual), read in the bundle's own child process."""


def other_formats(folder: Path) -> list[Path]:
    """A web page, a Word file and a PDF, whose readers the bundle imports by name."""
    import docx

    page, memo = folder / "page.html", folder / "memo.docx"
    page.write_text("<title>Page</title><nav>Menu</nav><p>Kelp shelters otters.</p>", "utf-8")
    document = docx.Document()
    document.add_heading("Findings", level=1)
    document.add_paragraph("Otters float in kelp.")
    document.save(str(memo))
    return [page, memo, MANUAL]


def main(folder: Path) -> int:
    cli = folder / "explorer"
    failures = 0
    home = Path(tempfile.mkdtemp(prefix="bundle-smoke-"))
    env = clean_env(home)

    def check(what: str, ok: bool, detail: str = "") -> None:
        nonlocal failures
        failures += not ok
        print(f"{'OK    ' if ok else 'FAILED'} {what}{': ' + detail if detail and not ok else ''}")

    from explorer import __version__

    done, version_s = timed([str(cli), "--version"], env)
    check("--version", done.stdout.strip() == f"explorer {__version__}", done.stdout + done.stderr)
    done, search_s = timed([str(cli), "search", "LoRA", "--json"], env)
    try:
        first = json.loads(done.stdout)["hits"][0]["section_id"]
    except (ValueError, KeyError, IndexError):
        first = done.stdout + done.stderr
    check(
        "search LoRA ranks the efficiency section first",
        first == "ai-llm-advancements-2024#2",
        first,
    )
    shot = home / "shot.png"
    done, snap_s = timed([str(cli), "snapshot", "-o", str(shot), "--size", "1200x800"], env)
    check("snapshot is a non-blank 1200×800 PNG", non_blank(shot, (1200, 800)), done.stderr)
    done, _ = timed(
        [str(cli), "notes", "add", "--target", "ai-llm-advancements-2024#2", "--text", "Bundled"],
        env,
    )
    check("notes add", done.returncode == 0, done.stderr)
    pdf = home / "notes.pdf"
    done, _ = timed([str(cli), "notes", "export", "--format", "pdf", "-o", str(pdf)], env)
    good = pdf.is_file() and pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 2000
    check("notes export --format pdf", good, done.stderr)
    done, _ = timed([str(cli), "search", "nothing-like-this", "--report", "nope"], env)
    check("a bad request is one sentence and exit code 2", done.returncode == 2, done.stderr)
    done, _ = timed([str(cli), "concept", "LoRA", "--json"], env)  # read from its card
    try:
        label = json.loads(done.stdout)["label"]
    except (ValueError, KeyError, TypeError):
        label = done.stdout + done.stderr
    check("concept LoRA is read from the concept cards", label == "LoRA", label)

    formats_env = {**env, "EXPLORER_DATA_DIR": str(home / "formats-data")}
    done, _ = timed([str(cli), "add", *map(str, other_formats(home))], formats_env)
    check(
        "add a web page, a Word file and a PDF",
        done.returncode == 0 and "Added 3 reports" in done.stdout,
        done.stdout + done.stderr,
    )
    done, _ = timed([str(cli), "search", "asn1_create_element", "--json"], formats_env)
    try:
        page = json.loads(done.stdout)["hits"][0]["page"]
    except (ValueError, KeyError, IndexError):
        page = None
    check("a PDF's hit carries its printed page", bool(page), done.stdout + done.stderr)

    done, _ = timed([str(folder / "trend-explorer"), "--version"], env)
    check("the window's program starts", done.stdout.strip() == f"explorer {__version__}")

    icu = sorted(folder.glob("_internal/**/libicudata.so.*"))
    icu = [p.resolve() for p in icu if not p.is_symlink()]
    if not sys.platform.startswith("linux") or len(icu) != 1:
        print("SKIPPED the ICU data's check: Linux only, with one libicudata in the bundle")
    else:
        full, _ = icu_answers(None)
        answers, loaded = icu_answers(icu[0])
        check(
            "Qt's collation, time zones, case and encodings, with the bundle's ICU data",
            answers == full and "Mitteleuropäische" in full and loaded.split() == [str(icu[0])],
            f"{loaded}\n{full}\n{answers}",
        )

    hidden = without_python([str(cli), "search", "quantization", "--json"])
    if hidden is None:
        print("SKIPPED with every Python install hidden: that needs root, Linux and unshare")
    else:
        done, _ = timed(hidden, env)
        check(
            "search with every Python install on this machine hidden",
            '"hits"' in done.stdout,
            done.stderr,
        )
        hidden = without_python(
            [str(cli), "snapshot", "-o", str(home / "np.png"), "--size", "1200x800"]
        )
        assert hidden is not None
        done, _ = timed(hidden, env)
        check(
            "snapshot with every Python install hidden",
            non_blank(home / "np.png", (1200, 800)),
            done.stdout + done.stderr,
        )

    source_env = {**os.environ, "EXPLORER_DATA_DIR": str(home / "source-data")}
    source = [sys.executable, "-m", "explorer"]
    timed([*source, "search", "LoRA"], source_env)  # its index built first, as the bundle's was
    _, source_version = timed([*source, "--version"], source_env)
    _, source_search = timed([*source, "search", "LoRA", "--json"], source_env)
    timed([str(cli), "search", "LoRA", "--json"], env)
    _, bundle_search = timed([str(cli), "search", "LoRA", "--json"], env)
    _, source_snap = timed(
        [*source, "snapshot", "-o", str(home / "src.png"), "--size", "1200x800"], source_env
    )
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    check(f"the bundle takes at most {LIMIT / 1e6:.0f} MB", size <= LIMIT, f"{size / 1e6:.1f} MB")
    rows = [
        ("--version", version_s, source_version),
        ("search LoRA, index ready", bundle_search, source_search),
        ("snapshot: window built, drawn, saved", snap_s, source_snap),
    ]
    print(f"\nbundle: {size / 1e6:.0f} MB in {folder}")
    for what, bundled, from_source in rows:
        print(f"{what}: {bundled:.2f} s bundled, {from_source:.2f} s from source")
    print(f"first search (index built in a spawned child): {search_s:.2f} s bundled")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
