"""The vocabulary's questions as the user answers them: a concept chosen by typing part of
its name, a new concept's name, kind and other names, the hidden concepts to show again."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from explorer.ui.vocabulary.dialogs import (
    AddConceptDialog,
    ConceptChooser,
    HiddenConceptsDialog,
    NewConcept,
)


def test_the_merge_target_is_typed_with_completion(qtbot: QtBot) -> None:
    names = ["Fine-tuning", "RAG", "Retrieval"]
    chooser = ConceptChooser(None, "Merge Concepts", "Merge “LoRA” into:", names)
    qtbot.addWidget(chooser)
    chooser.show()
    qtbot.waitExposed(chooser)
    assert not chooser.ok.isEnabled()
    qtbot.keyClicks(chooser.name, "TUN")  # any part of a name, any case
    popup = chooser.name.completer().popup()
    assert popup is not None
    qtbot.waitUntil(popup.isVisible, timeout=2_000)
    offered = [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]
    assert offered == ["Fine-tuning"]
    assert chooser.ok.isEnabled()
    QTest.keyClick(chooser.name, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(chooser.name, "  retrieval  augmented ")
    assert chooser.chosen() == "retrieval augmented"  # on one line; the core finds it or says


def test_the_add_concept_dialog_gives_name_kind_and_other_names(qtbot: QtBot) -> None:
    dialog = AddConceptDialog(None, "model")
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.ok.isEnabled()
    qtbot.keyClicks(dialog.name, "  Mixture of   experts ")
    qtbot.keyClicks(dialog.aliases, "MoE, sparse experts,, MoE")
    assert dialog.ok.isEnabled()
    assert dialog.concept() == NewConcept("Mixture of experts", "model", ("MoE", "sparse experts"))


def test_the_hidden_concepts_dialog_returns_those_selected(qtbot: QtBot) -> None:
    dialog = HiddenConceptsDialog(None, [("concept:lora", "LoRA"), ("concept:rag", "RAG")])
    qtbot.addWidget(dialog)
    dialog.show()
    listing = dialog.list
    second = listing.visualItemRect(listing.item(1)).center()
    QTest.mouseClick(
        listing.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, second
    )
    assert dialog.chosen() == ["concept:lora", "concept:rag"]
    with qtbot.waitSignal(dialog.accepted, timeout=2_000):
        qtbot.mouseClick(dialog.show_again, Qt.MouseButton.LeftButton)
