"""Make sure the browser for the browser tests is present: ``python -m belong.core.browser_setup``.

Chromium comes from Debian (``apt-get install -y chromium``), never from
Playwright's downloader. As root with apt available it is installed; otherwise
this prints what to install and the browser tests skip (or, when
``BELONG_REQUIRE_BROWSER=true`` as in CI, fail).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

CHROMIUM = os.environ.get("BELONG_CHROMIUM", "/usr/bin/chromium")


def chromium_present() -> bool:
    return os.path.exists(CHROMIUM)


def main() -> int:
    if chromium_present():
        return 0
    apt = shutil.which("apt-get")
    if apt and hasattr(os, "geteuid") and os.geteuid() == 0:
        print("Installing Chromium from Debian for the browser tests (about 30 s)...")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        # Fixed arguments, no user input: the S603 warning does not apply.
        subprocess.run([apt, "update", "-qq"], check=True, env=env)  # noqa: S603
        subprocess.run([apt, "install", "-y", "-qq", "chromium"], check=True, env=env)  # noqa: S603
        return 0 if chromium_present() else 1
    print(
        f"Chromium is not at {CHROMIUM}: the browser tests will be skipped.\n"
        "Install it with: sudo apt-get install -y chromium "
        "(or set BELONG_CHROMIUM to its path)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
