"""The README's screenshots, made by `explorer snapshot` on a fresh data folder and kept in
docs/. Run with `make screenshots` after a change that users see.

    python packaging/screenshots.py [docs]
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZE = "1400x860"
COURSE = ROOT.parent / "shared" / "corpora" / "llm-course-report" / "docs"
SHOTS: list[tuple[str, list[str]]] = [
    ("window.png", ["--query", "LoRA", "--focus", "LoRA"]),
    ("reader-outline.png", ["--show", "ai-llm-advancements-2024#2", "--focus", "LoRA"]),
    ("trends.png", ["--view", "trends"]),  # one report: its ten trend cards
    ("library.png", ["--tab", "library"]),
    ("notes.png", ["--tab", "notes", "--show", "ai-llm-advancements-2024#8"]),
    ("tours.png", ["--tab", "tours", "--focus", "Data privacy"]),
]


def explorer(*args: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "-m", "explorer", *args], env=env, check=True, cwd=ROOT)


def main(out: Path) -> int:
    out.mkdir(exist_ok=True)
    data = Path(tempfile.mkdtemp(prefix="screenshots-"))
    env = {**os.environ, "EXPLORER_DATA_DIR": str(data), "QT_QPA_PLATFORM": "offscreen"}
    explorer(
        "notes", "add", "--target", "ai-llm-advancements-2024#8",
        "--quote", "federated learning", "--text", "Ask legal about #privacy.", env=env,
    )  # fmt: skip
    for name, args in SHOTS:
        explorer(
            "snapshot", "-o", str(out / name), "--size", SIZE, "--theme", "light", *args, env=env
        )
    slides = data.parent / f"{data.name}-slides"
    explorer("tour", "export", "default", "-o", str(slides), "--size", "1600x900", env=env)
    first = sorted(slides.glob("*.png"))[1]  # the second stop: efficiency, LoRA, quantization
    (out / "presenting.png").write_bytes(first.read_bytes())
    print(f"Wrote {len(SHOTS) + 1} screenshots to {out}.")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"))
