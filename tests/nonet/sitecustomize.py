"""Loaded by subprocesses the tests start: any network connection attempt fails loudly."""

import socket


def _refuse(*args: object, **kwargs: object) -> None:
    raise OSError("network access is not allowed in Trend Explorer tests")


socket.socket.connect = _refuse  # type: ignore[method-assign]
socket.socket.connect_ex = _refuse  # type: ignore[method-assign, assignment]
socket.create_connection = _refuse  # type: ignore[assignment]
