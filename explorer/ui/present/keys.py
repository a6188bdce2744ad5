"""What each key does while presenting: everything a clicker sends, and a keyboard's keys."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt


class Act(Enum):
    NEXT = "next"
    PREVIOUS = "previous"
    FIRST = "first"
    LAST = "last"
    BLACK = "black"
    WHITE = "white"
    GO_TO = "go to"  # G: type a stop's number, then Enter
    ENTER = "enter"  # the next stop, or the stop whose number was typed
    PLAY = "play"  # play or pause the years of a trends stop
    LEAVE = "leave"


K = Qt.Key
ACTS: dict[Qt.Key, Act] = {
    **dict.fromkeys((K.Key_PageDown, K.Key_Right, K.Key_Down, K.Key_Space, K.Key_N), Act.NEXT),
    **dict.fromkeys((K.Key_PageUp, K.Key_Left, K.Key_Up, K.Key_Backspace, K.Key_P), Act.PREVIOUS),
    **dict.fromkeys((K.Key_Return, K.Key_Enter), Act.ENTER),
    **dict.fromkeys((K.Key_B, K.Key_Period), Act.BLACK),
    K.Key_W: Act.WHITE,
    K.Key_G: Act.GO_TO,
    K.Key_Home: Act.FIRST,
    K.Key_End: Act.LAST,
    K.Key_T: Act.PLAY,
    K.Key_Escape: Act.LEAVE,
}

HELP = (
    "Next: PageDown, →, ↓, Space, N, Enter, a click on empty space · Previous: PageUp, ←, ↑, "
    "Backspace, P · B or . black, W white · G or a number then Enter: go to a stop · Home, End · "
    "T plays the years · Esc leaves"
)


def act_for(key: int) -> Act | None:
    try:
        return ACTS.get(Qt.Key(key))
    except ValueError:
        return None


def digit_of(key: int) -> int | None:
    """The digit a key types (the top row or the keypad), or None."""
    return key - K.Key_0.value if K.Key_0.value <= key <= K.Key_9.value else None
