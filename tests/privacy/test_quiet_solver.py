"""The solver prints nothing on standard output, not even its banner."""

from __future__ import annotations

import subprocess
import sys


def test_a_process_that_solves_prints_only_what_it_prints() -> None:
    code = (
        "from highspy import Highs\n"
        "from belong.privacy._highs import quiet_highs\n"
        "print('before')\n"
        "quiet_highs(Highs)\n"
        "quiet_highs(Highs).run()\n"
        "print('after')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.split() == ["before", "after"]
    assert "HiGHS" not in done.stderr
