"""The questions the vocabulary asks: a concept chosen by name, a new concept, the hidden
concepts to show again. Plain dialogs, asked through explorer.ui.dialogs.Dialogs (which tests
replace); what they return is the user's answer, checked by the core when it is used."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from explorer.core.kinds import CONCEPT_KIND_NAMES, NODE_KINDS

ID_ROLE = Qt.ItemDataRole.UserRole
"""A hidden concept's id, on its row of the hidden concepts' list."""


@dataclass(frozen=True)
class NewConcept:
    """A concept the user adds: its name, its kind and the other names it goes by."""

    label: str
    kind: str
    aliases: tuple[str, ...] = ()


def one_line(text: str) -> str:
    return " ".join(text.split())


class ConceptChooser(QDialog):
    """One concept, named by typing: the names given complete what is typed (any part of a
    name, any case). OK is enabled once something is typed."""

    def __init__(
        self, parent: QWidget | None, title: str, prompt: str, names: Sequence[str]
    ) -> None:
        super().__init__(parent)
        self.setObjectName("conceptChooser")
        self.setWindowTitle(title)
        self.name = QLineEdit()
        self.name.setObjectName("conceptChooserName")
        self.name.setAccessibleName("Concept name")
        self.name.setPlaceholderText("Type a concept's name…")
        completer = QCompleter(QStringListModel(list(names), self), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.name.setCompleter(completer)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setEnabled(False)
        self.name.textChanged.connect(lambda text: self.ok.setEnabled(bool(one_line(text))))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(prompt, textFormat=Qt.TextFormat.PlainText, wordWrap=True))
        layout.addWidget(self.name)
        layout.addWidget(buttons)
        self.resize(420, self.sizeHint().height())

    def chosen(self) -> str:
        """The name typed, on one line."""
        return one_line(self.name.text())


class AddConceptDialog(QDialog):
    """A new concept: its name, its kind, and other names for it (separated by commas)."""

    def __init__(self, parent: QWidget | None, kind: str = "technique", label: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("addConceptDialog")
        self.setWindowTitle("Add Concept")
        self.name = QLineEdit(one_line(label))
        self.name.setPlaceholderText("As the reports write it, e.g. “mixture of experts”")
        self.kind = QComboBox()
        labels = {k.name: k.label for k in NODE_KINDS}
        for name in CONCEPT_KIND_NAMES:
            self.kind.addItem(labels.get(name, name.capitalize()), name)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.aliases = QLineEdit()
        self.aliases.setPlaceholderText("Other names, separated by commas: MoE, sparse experts")
        for widget, name, spoken in (
            (self.name, "newConceptName", "Concept name"),
            (self.kind, "newConceptKind", "Concept kind"),
            (self.aliases, "newConceptAliases", "Other names"),
        ):
            widget.setObjectName(name)
            widget.setAccessibleName(spoken)
        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow("&Kind:", self.kind)
        form.addRow("&Also called:", self.aliases)
        hint = QLabel(
            "Every report is searched for the name and its other names, any case.",
            wordWrap=True,
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Add")
        self.ok.setEnabled(bool(self.name.text()))
        self.name.textChanged.connect(lambda text: self.ok.setEnabled(bool(one_line(text))))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())

    def concept(self) -> NewConcept:
        """What was filled in (the core refuses a name taken or a blank one)."""
        aliases = (one_line(a) for a in self.aliases.text().split(","))
        return NewConcept(
            one_line(self.name.text()),
            str(self.kind.currentData()),
            tuple(a for a in dict.fromkeys(aliases) if a),
        )


class HiddenConceptsDialog(QDialog):
    """The hidden concepts, by the label the user gave them; those selected are shown again
    (Show Again, a double-click or Enter)."""

    def __init__(self, parent: QWidget | None, hidden: Sequence[tuple[str, str]]) -> None:
        super().__init__(parent)
        self.setObjectName("hiddenConceptsDialog")
        self.setWindowTitle("Hidden Concepts")
        self.list = QListWidget()
        self.list.setObjectName("hiddenConceptsList")
        self.list.setAccessibleName("Hidden concepts")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        for node, label in hidden:
            item = QListWidgetItem(label)
            item.setData(ID_ROLE, node)
            item.setToolTip(node)
            self.list.addItem(item)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        self.show_again = QPushButton("Show Again")
        self.show_again.setObjectName("hiddenConceptsShow")
        self.show_again.setEnabled(False)
        buttons.addButton(self.show_again, QDialogButtonBox.ButtonRole.AcceptRole)
        self.show_again.setDefault(True)
        self.list.itemSelectionChanged.connect(
            lambda: self.show_again.setEnabled(bool(self.list.selectedItems()))
        )
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        said = (
            "Hidden concepts are left out of every view and output. Select those to show again:"
            if hidden
            else "No concept is hidden. Right-click a concept in the graph or the Trends "
            "table to hide it."
        )
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(said, wordWrap=True))
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        if hidden:
            self.list.setCurrentRow(0)
        self.resize(380, 360)

    def chosen(self) -> list[str]:
        """The ids of the concepts selected, in the list's order."""
        return [
            str(self.list.item(row).data(ID_ROLE))
            for row in range(self.list.count())
            if self.list.item(row).isSelected()
        ]
