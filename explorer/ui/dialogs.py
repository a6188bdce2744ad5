"""Questions the app asks the user, behind a small interface tests can replace."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox, QWidget

from explorer.core.kinds import report_file_filter
from explorer.ui.vocabulary.dialogs import (
    AddConceptDialog,
    ConceptChooser,
    HiddenConceptsDialog,
    NewConcept,
)

REPORT_FILTER = report_file_filter()


class Dialogs:
    """The real dialogs. Tests pass an object with the same methods."""

    def open_files(self, parent: QWidget) -> list[Path]:
        names, _ = QFileDialog.getOpenFileNames(parent, "Open reports", "", REPORT_FILTER)
        return [Path(n) for n in names]

    def open_folder(self, parent: QWidget) -> Path | None:
        name = QFileDialog.getExistingDirectory(parent, "Open a folder of reports")
        return Path(name) if name else None

    def open_file(self, parent: QWidget, title: str, filters: str) -> Path | None:
        """One file to read (not a report: a thesaurus, say)."""
        name, _ = QFileDialog.getOpenFileName(parent, title, "", filters)
        return Path(name) if name else None

    def save_file(self, parent: QWidget, title: str, suggested: str, filters: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
        return Path(name) if name else None

    def error(self, parent: QWidget, title: str, text: str, details: str = "") -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
        if details:
            box.setDetailedText(details)
        box.exec()

    def about(self, parent: QWidget, title: str, text: str) -> None:
        QMessageBox.about(parent, title, text)

    def ask_text(self, parent: QWidget, title: str, label: str, text: str = "") -> str | None:
        """One line of text, or None when cancelled."""
        answer, ok = QInputDialog.getText(parent, title, label, text=text)
        return answer if ok else None

    def choose_concept(
        self, parent: QWidget, title: str, prompt: str, names: Sequence[str]
    ) -> str | None:
        """A concept's name, typed with completion from ``names``; None when cancelled."""
        dialog = ConceptChooser(parent, title, prompt, names)
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def new_concept(
        self, parent: QWidget, kind: str = "technique", label: str = ""
    ) -> NewConcept | None:
        """A concept to add: name, kind and other names; None when cancelled."""
        dialog = AddConceptDialog(parent, kind, label)
        return dialog.concept() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def choose_hidden(self, parent: QWidget, hidden: Sequence[tuple[str, str]]) -> list[str]:
        """Of the hidden concepts (id, label), the ids of those to show again."""
        dialog = HiddenConceptsDialog(parent, hidden)
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else []

    def confirm(self, parent: QWidget, title: str, text: str, detail: str, action: str) -> bool:
        """Ask before doing something that cannot be taken back; ``action`` names the button
        that does it ("Remove"). Cancel is the default."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
        box.setInformativeText(detail)
        yes = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(box.addButton(QMessageBox.StandardButton.Cancel))
        box.exec()
        return box.clickedButton() is yes

    def ask_recover(self, parent: QWidget, text: str, has_backup: bool, what: str = "notes") -> str:
        """After a damaged user file (``what``: "notes", "concept edits"): "backup", "empty"
        or "later"."""
        box = QMessageBox(
            QMessageBox.Icon.Warning, f"Your {what} need attention", text, parent=parent
        )
        backup = box.addButton("Restore Newest Backup", QMessageBox.ButtonRole.AcceptRole)
        backup.setEnabled(has_backup)
        empty = box.addButton(
            f"Start With No {what.title()}", QMessageBox.ButtonRole.DestructiveRole
        )
        later = box.addButton("Decide Later", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(backup if has_backup else later)
        box.exec()
        clicked = box.clickedButton()
        return "backup" if clicked is backup else "empty" if clicked is empty else "later"


class ScriptedDialogs(Dialogs):
    """For windows no one is looking at (snapshots, scripts): every question is answered
    with "not now", so nothing waits for a click that never comes; errors are kept."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def open_files(self, parent: QWidget) -> list[Path]:
        return []

    def open_folder(self, parent: QWidget) -> Path | None:
        return None

    def open_file(self, parent: QWidget, title: str, filters: str) -> Path | None:
        return None

    def save_file(self, parent: QWidget, title: str, suggested: str, filters: str) -> Path | None:
        return None

    def error(self, parent: QWidget, title: str, text: str, details: str = "") -> None:
        self.errors.append(f"{title}: {text}")

    def about(self, parent: QWidget, title: str, text: str) -> None:
        return None

    def ask_text(self, parent: QWidget, title: str, label: str, text: str = "") -> str | None:
        return None

    def choose_concept(
        self, parent: QWidget, title: str, prompt: str, names: Sequence[str]
    ) -> str | None:
        return None

    def new_concept(
        self, parent: QWidget, kind: str = "technique", label: str = ""
    ) -> NewConcept | None:
        return None

    def choose_hidden(self, parent: QWidget, hidden: Sequence[tuple[str, str]]) -> list[str]:
        return []

    def confirm(self, parent: QWidget, title: str, text: str, detail: str, action: str) -> bool:
        return False

    def ask_recover(self, parent: QWidget, text: str, has_backup: bool, what: str = "notes") -> str:
        self.errors.append(text)
        return "later"
