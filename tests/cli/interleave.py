"""Two processes on one data folder: one saves notes, the other re-adds an edited report.

The report's edits move the words the notes stand on, so every re-add re-anchors them and
writes the notes file; the other process adds and edits notes all the while. Each process
is a long-lived Workspace, as the window keeps one. Used by the data-safety tests.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

from tests.cli.test_cli import run
from tests.conftest import ROOT, subprocess_env

CHILD = r"""
import json, random, sys
from pathlib import Path
from explorer.core.workspace import Workspace
from explorer.core.annotate import resolve_target

role, folder, report, seed, rounds = sys.argv[1:6]
rng = random.Random(int(seed) * 2 + (role == "notes"))
ws = Workspace(Path(folder))
ws.notes()  # loaded at start, as the window does
original = Path(report).read_text(encoding="utf-8")
mine = []
for n in range(int(rounds)):
    if role == "reports":
        prefix = "Intro. " * rng.randint(0, 5)
        Path(report).write_text(original.replace("The cat sat", prefix + "The cat sat"))
        ws.add([Path(report)])
        print(json.dumps(["readded", n]), flush=True)
        continue
    if mine and rng.random() < 0.4:
        note_id = rng.choice(mine)
        body = f"edit {n}"
        ws.notes().edit(note_id, body=body)
    else:
        quote = rng.choice(["the cat slept", "cats do", "The cat sat"])
        body = f"note {n}"
        note_id = ws.notes().add(resolve_target(ws, "cats#1", quote), body=body).value.id
        mine.append(note_id)
    print(json.dumps(["ok", note_id, body]), flush=True)
"""


def interleave(
    folder: Path, report: Path, seed: int, rounds: int
) -> tuple[dict[str, str], dict[str, str]]:
    """Run both processes to the end; returns (confirmed id → body, on disk id → body)."""
    env = subprocess_env(folder)

    def cli(*args: str) -> str:
        done = run("--data-dir", str(folder), *args, data_dir=folder, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout

    cli("add", str(report))
    made = cli(
        "notes",
        "add",
        "--target",
        "cats#1",
        "--quote",
        "the cat slept",
        "--text",
        "first",
        "--json",
    )
    confirmed = {json.loads(made)["id"]: "first"}
    order = ["notes", "reports"]
    random.Random(seed).shuffle(order)
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, role, str(folder), str(report), str(seed), str(rounds)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for role in order
    ]
    for child in children:
        out, err = child.communicate(timeout=300)
        assert child.returncode == 0, err
        for line in out.splitlines():
            fields = json.loads(line)
            if fields[0] == "ok":
                confirmed[fields[1]] = fields[2]
    on_disk = {n["id"]: n["body"] for n in json.loads(cli("notes", "list", "--json"))}
    return confirmed, on_disk
