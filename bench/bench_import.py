"""Benchmark: refusing an .xlsx decompression bomb, and reading a large workbook's headers.

1. **Bomb.** A real workbook whose sheet is padded with repeated rows: under
   1 MB that unpacks to about 300 MB (beyond the default limit of 256 MB).
   Belong (``open_table``, which measures the archive before opening it) is
   timed against the baseline of what happened before: openpyxl opening the
   same file and reading its rows, in a subprocess stopped after
   ``BASELINE_CAP_S`` (its time, or "more than", and its peak memory).
   Target: Belong refuses it in at most ``BOMB_TARGET_S``.
2. **Headers.** A 60,000-row, 12-column workbook: the header row read straight
   from the sheet's XML (``read_headers``, what the mapping screen does) against
   openpyxl loading the workbook for its first row. Target: at most
   ``HEADER_TARGET_RATIO`` of openpyxl's time.

Times are the best of three wall-clock runs; the machine is shared, so the
load average is printed beside them.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
import time
import warnings
import zipfile
from pathlib import Path

BOMB_TARGET_S = 2.0
HEADER_TARGET_RATIO = 0.1
BASELINE_CAP_S = 20
ROWS = 60_000

_BASELINE = """
import resource, sys, time, warnings
from openpyxl import load_workbook
warnings.simplefilter("ignore")
started = time.perf_counter()
book = load_workbook(sys.argv[1], read_only=True)
count = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{time.perf_counter() - started:.1f} {peak:.0f} {count}")
"""


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "belong.settings")
    import django

    django.setup()


def _workbook(rows: int) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append([f"Column {i}" for i in range(12)])
    for r in range(rows):
        person = [f"S{r:07d}", f"Ada{r}", f"Okafor{r}", f"a{r}@example.edu"]
        rest = ["student", "md", "pasadena", "2024-07-01", 2028, "female", "black", r * 1.5]
        sheet.append([*person, *rest])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _bomb() -> bytes:
    source = zipfile.ZipFile(io.BytesIO(_workbook(1)))
    out = io.BytesIO()
    row = b'<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c></row>' * 16384
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if not info.filename.startswith("xl/worksheets/"):
                archive.writestr(info.filename, data)
                continue
            head, tail = data.split(b"</sheetData>")
            with archive.open(info.filename, "w", force_zip64=True) as part:
                part.write(head)
                for _ in range(300 * 1024 * 1024 // len(row)):
                    part.write(row)
                part.write(b"</sheetData>" + tail)
    return out.getvalue()


def _best(action, repeats: int = 3) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def main(argv: list[str]) -> int:
    _setup()
    from openpyxl import load_workbook

    from belong.importing.problems import ProblemLog
    from belong.importing.readers import open_table, read_headers

    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    status = 0

    bomb = _bomb()
    codes: list[str] = []

    def refuse() -> None:
        log = ProblemLog()
        assert open_table(io.BytesIO(bomb), "bomb.xlsx", log) is None
        codes[:] = [p.code for p in log.errors]

    belong_s = _best(refuse)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bomb.xlsx"
        path.write_bytes(bomb)
        try:
            done = subprocess.run(
                [sys.executable, "-c", _BASELINE, str(path)],
                capture_output=True,
                text=True,
                timeout=BASELINE_CAP_S,
                check=True,
            )
            seconds, peak, rows = done.stdout.split()
            baseline = f"{seconds} s, peak {peak} MB, {rows} rows read"
        except subprocess.TimeoutExpired:
            baseline = f"more than {BASELINE_CAP_S} s (stopped)"
    met = belong_s <= BOMB_TARGET_S and codes == ["too_large"]
    status |= not met
    print(
        f"bomb ({len(bomb) / 1e6:.2f} MB packed, ~300 MB unpacked): Belong refuses it in "
        f"{belong_s * 1000:.1f} ms ({codes}); openpyxl before: {baseline}. "
        f"Target <= {BOMB_TARGET_S:.0f} s: {'met' if met else 'MISSED'}"
    )

    content = _workbook(ROWS)

    def fast() -> None:
        headers, log = read_headers(io.BytesIO(content), "big.xlsx")
        assert log.ok and len(headers) == 12

    def slow() -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(content), read_only=True)
            next(book.worksheets[0].iter_rows(values_only=True))
            book.close()

    fast_s, slow_s = _best(fast), _best(slow)
    ratio = fast_s / slow_s
    met = ratio <= HEADER_TARGET_RATIO
    status |= not met
    print(
        f"headers of a {ROWS:,}-row workbook ({len(content) / 1e6:.1f} MB): Belong "
        f"{fast_s * 1000:.1f} ms, openpyxl {slow_s * 1000:.0f} ms, ratio {ratio:.3f}. "
        f"Target <= {HEADER_TARGET_RATIO}: {'met' if met else 'MISSED'}"
    )
    return status
