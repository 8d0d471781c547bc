"""Opening an anonymous report with its receipt: the lookup part and one Argon2 check,
against the design that stores only a hash and must verify against every report's."""

from __future__ import annotations

import os

from bench.timing import best_time


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "belong.settings")
    import django

    django.setup()
    from argon2.exceptions import VerificationError

    from belong.concerns import receipts

    hasher = receipts._hasher
    for stored in (10, 40):  # reports stored; the cost of checking every one grows with it
        issued = [receipts.new_receipt() for _ in range(stored)]
        by_lookup = {r.lookup: hasher.hash(r.secret) for r in issued}
        hashes = [hasher.hash(r.lookup + r.secret) for r in issued]
        wanted = issued[-1]

        def with_lookup(
            wanted: receipts.Receipt = wanted, by_lookup: dict[str, str] = by_lookup
        ) -> bool:
            return hasher.verify(by_lookup[wanted.lookup], wanted.secret)

        def every_row(wanted: receipts.Receipt = wanted, hashes: list[str] = hashes) -> bool:
            for stored_hash in hashes:  # the worst case: the right one is last
                try:
                    if hasher.verify(stored_hash, wanted.lookup + wanted.secret):
                        return True
                except VerificationError:
                    continue
            return False

        fast, _, ok_fast = best_time(with_lookup)
        slow, _, ok_slow = best_time(every_row, repeats=1)
        assert ok_fast and ok_slow
        print(
            f"{stored:>3} reports: lookup + one Argon2 check {fast * 1000:7.1f} ms; "
            f"checking every report {slow * 1000:8.1f} ms; ratio {slow / fast:5.1f}×"
        )
    return 0
