"""A HiGHS solver that prints nothing.

HiGHS prints its banner ("Running HiGHS ...") on the process's standard output
the first time a solver is made, before any option can be set, in C++ where
Python's ``sys.stdout`` does not reach. In a management command that output
mixes with what the command prints (the demo's logins, a CSV), so the first
solver of the process is made with file descriptor 1 pointed at ``/dev/null``
and C's buffer flushed before it is put back; every later one is silent by its
``output_flag`` alone.
"""

from __future__ import annotations

import ctypes
import os
import sys
import threading
from typing import TypeVar

from highspy._core import _Highs

__all__ = ["quiet_highs"]

H = TypeVar("H", bound=_Highs)

_lock = threading.Lock()
_banner_shown = False


def _flush_c_stdout() -> None:
    libc = ctypes.CDLL(None)
    libc.fflush(None)


def _first_solver(kind: type[H]) -> H:
    sys.stdout.flush()
    _flush_c_stdout()
    saved = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        highs = kind()
        _flush_c_stdout()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)
    return highs


def quiet_highs(kind: type[H]) -> H:
    """A new solver of ``kind`` (``_Highs`` or ``highspy.Highs``) with its output off.

    The banner that the process's first solver prints is swallowed.
    """
    global _banner_shown
    if _banner_shown:
        highs = kind()
    else:
        with _lock:
            highs = kind() if _banner_shown else _first_solver(kind)
            _banner_shown = True
    highs.setOptionValue("output_flag", False)
    return highs
