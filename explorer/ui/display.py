"""Whether a window can be opened here at all: Qt aborts the process (exit 134, five lines
of its own) when it cannot, so the window commands ask first and say why in one line."""

from __future__ import annotations

import ctypes.util
import os
import re
import socket
import sys

from explorer.core.errors import ExplorerError

X_SOCKETS = "/tmp/.X11-unix/X{}"


def display_problem() -> str | None:
    """Why Qt could not open a window here, or None when it can (as far as can be told
    without opening one). Only a local X display is tried: nothing goes over a network."""
    if not sys.platform.startswith("linux"):
        return None
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith("xcb"):
        return None  # offscreen, Wayland, …: no X server is needed
    display = os.environ.get("DISPLAY", "")
    if not display:
        if os.environ.get("WAYLAND_DISPLAY") and not platform:
            return None  # Qt picks Wayland
        return "DISPLAY is not set"
    local = re.fullmatch(r"(?:unix)?:(\d+)(?:\.\d+)?", display)
    if local is not None and not _x_server_answers(local.group(1)):
        return f"no X server answers on the display {display[:40]!r}"
    if ctypes.util.find_library("xcb-cursor") is None:
        return (
            "the system library libxcb-cursor0, which Qt needs to draw on X, is missing "
            "(on Debian or Ubuntu: apt install libxcb-cursor0)"
        )
    return None


def require_display(advice: str) -> None:
    """Refuse in one sentence, ending with ``advice``, where no window can be opened."""
    problem = display_problem()
    if problem is not None:
        raise ExplorerError(f"The window cannot be opened here: {problem}. {advice}")


def _x_server_answers(number: str) -> bool:
    """Whether a local X server listens on display ``number`` (its abstract or file socket)."""
    for address in ("\0" + X_SOCKETS.format(number), X_SOCKETS.format(number)):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            probe.settimeout(2.0)
            try:
                probe.connect(address)
            except OSError:
                continue
            return True
    return False
