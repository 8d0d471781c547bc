"""Make sure the browser for the browser tests is present: ``python -m belong.core.browser_setup``.

Chromium comes from Debian (``apt-get install -y chromium``), never from
Playwright's downloader. As root with apt available it is installed; otherwise
this prints what to install and the browser tests skip (or, when
``BELONG_REQUIRE_BROWSER=true`` as in CI, fail). The system libraries that
WeasyPrint draws PDF reports with (Pango) and their fonts (DejaVu) come from
Debian the same way, and so does ``xmlsec1``, which checks SAML signatures
(the SAML tests need it; a server with SAML single sign-on needs it too, see
``docs/operators.md``).
"""

from __future__ import annotations

import ctypes.util
import os
import shutil
import subprocess
import sys

CHROMIUM = os.environ.get("BELONG_CHROMIUM", "/usr/bin/chromium")
# What WeasyPrint needs from the system to draw the PDF reports.
PDF_PACKAGES = ("libpango-1.0-0", "libpangoft2-1.0-0", "fonts-dejavu-core")
DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
# What pysaml2 checks SAML signatures with.
XMLSEC_PACKAGES = ("xmlsec1",)
XMLSEC1 = os.environ.get("BELONG_SAML_XMLSEC_BINARY", "/usr/bin/xmlsec1")


def chromium_present() -> bool:
    return os.path.exists(CHROMIUM)


def pdf_libraries_present() -> bool:
    return bool(ctypes.util.find_library("pango-1.0")) and os.path.exists(DEJAVU)


def xmlsec1_present() -> bool:
    return shutil.which(XMLSEC1) is not None


def main() -> int:
    missing = [] if chromium_present() else ["chromium"]
    if not pdf_libraries_present():
        missing += PDF_PACKAGES
    if not xmlsec1_present():
        missing += XMLSEC_PACKAGES
    if not missing:
        return 0
    apt = shutil.which("apt-get")
    if apt and hasattr(os, "geteuid") and os.geteuid() == 0:
        print(f"Installing {', '.join(missing)} from Debian for the tests (about 30 s)...")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        # Fixed arguments, no user input: the S603 warning does not apply.
        subprocess.run([apt, "update", "-qq"], check=True, env=env)  # noqa: S603
        subprocess.run([apt, "install", "-y", "-qq", *missing], check=True, env=env)  # noqa: S603
        return 0 if chromium_present() and pdf_libraries_present() and xmlsec1_present() else 1
    if not pdf_libraries_present():
        print(
            "Pango or the DejaVu fonts are missing: the PDF report tests will be skipped.\n"
            f"Install them with: sudo apt-get install -y {' '.join(PDF_PACKAGES)}"
        )
    if not xmlsec1_present():
        print(
            f"xmlsec1 is not at {XMLSEC1}: the SAML single sign-on tests will be skipped.\n"
            f"Install it with: sudo apt-get install -y {' '.join(XMLSEC_PACKAGES)}"
        )
    if chromium_present():
        return 0
    print(
        f"Chromium is not at {CHROMIUM}: the browser tests will be skipped.\n"
        "Install it with: sudo apt-get install -y chromium "
        "(or set BELONG_CHROMIUM to its path)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
