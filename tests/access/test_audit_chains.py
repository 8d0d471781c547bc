"""Several hash chains: no global lock for ordinary events, still tamper-evident."""

from __future__ import annotations

import hashlib
import json
import threading
from datetime import UTC

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError, connection, connections, transaction

from belong.access import audit
from belong.access.audit import chain as chains
from belong.access.guards import remove_audit_guards
from belong.access.models import AuditEvent
from tests.factories.access import UserFactory


def _users_on_different_chains(n: int) -> list:  # type: ignore[type-arg]
    users, seen = [], set()
    while len(users) < n:
        user = UserFactory()
        if chains.chain_for(user.pk) not in seen:
            seen.add(chains.chain_for(user.pk))
            users.append(user)
    return users


def _legacy_hash(event: AuditEvent) -> str:
    """The hash exactly as the single-chain log computed it (before chains existed)."""
    payload = json.dumps(
        [
            event.seq,
            event.at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            event.actor_id,
            event.actor_label,
            event.verb,
            event.target_type,
            event.target_id,
            event.detail,
            event.prev_hash,
        ],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=True,
    )
    return hashlib.sha256(payload.encode("ascii")).hexdigest()


def test_chain_for_spreads_actors_and_keeps_each_on_one_chain() -> None:
    assert chains.chain_for(None) == chains.SYSTEM_CHAIN
    picked = [chains.chain_for(i) for i in range(1, 2001)]
    assert picked == [chains.chain_for(i) for i in range(1, 2001)]
    assert set(picked) == set(range(1, chains.CHAINS))  # every actor chain used, never 0
    assert max(picked.count(c) for c in set(picked)) < 2 * 2000 / (chains.CHAINS - 1)
    assert {chains.chain_for(i, chains=1) for i in range(1, 50)} == {chains.SYSTEM_CHAIN}


def test_every_chain_has_its_own_lock_key() -> None:
    import zlib

    keys = {zlib.crc32(f"access.audit.chain.{c}".encode()) for c in range(chains.CHAINS)}
    assert len(keys) == chains.CHAINS


@pytest.mark.django_db
def test_events_of_the_system_chain_hash_as_they_always_did() -> None:
    event = audit.record(audit.AccessEvent.SIGN_IN_FAILED, by=None, detail={"username": "x"})
    assert event.chain == chains.SYSTEM_CHAIN
    assert event.hash == _legacy_hash(event)


@pytest.mark.django_db(transaction=True)
def test_each_actor_appends_to_their_own_chain_in_separate_transactions() -> None:
    alice, bob = _users_on_different_chains(2)
    a1 = audit.record(audit.AccessEvent.SIGNED_IN, by=alice, target=alice)
    b1 = audit.record(audit.AccessEvent.SIGNED_IN, by=bob, target=bob)
    a2 = audit.record(audit.AccessEvent.SIGNED_OUT, by=alice, target=alice)
    assert (a1.chain, a2.chain) == (chains.chain_for(alice.pk),) * 2
    assert b1.chain == chains.chain_for(bob.pk) != a1.chain
    assert (a1.seq, a2.seq, b1.seq) == (1, 2, 1)
    assert a2.prev_hash == a1.hash and b1.prev_hash == audit.GENESIS
    assert a1.hash != _legacy_hash(a1)  # an actor chain's hash also covers its chain
    assert audit.verify_chain().ok


@pytest.mark.django_db(transaction=True)
def test_one_transaction_keeps_to_the_first_chain_it_locked() -> None:
    """Two locks in one transaction could deadlock against another transaction."""
    alice, bob = _users_on_different_chains(2)
    with transaction.atomic():
        first = audit.record(audit.AccessEvent.SIGNED_IN, by=alice, target=alice)
        second = audit.record(audit.AccessEvent.SIGNED_IN, by=bob, target=bob)
        system = audit.record(audit.AccessEvent.SIGN_IN_FAILED, by=None)
    assert first.chain == second.chain == system.chain == chains.chain_for(alice.pk)
    after = audit.record(audit.AccessEvent.SIGNED_OUT, by=bob, target=bob)
    assert after.chain == chains.chain_for(bob.pk)


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_savepoint_lets_go_of_its_chain() -> None:
    alice, bob = _users_on_different_chains(2)
    with transaction.atomic():
        try:
            with transaction.atomic():
                audit.record(audit.AccessEvent.SIGNED_IN, by=alice, target=alice)
                raise RuntimeError("the change failed")
        except RuntimeError:
            pass
        kept = audit.record(audit.AccessEvent.SIGNED_IN, by=bob, target=bob)
    assert kept.chain == chains.chain_for(bob.pk)
    assert list(AuditEvent.objects.values_list("chain", flat=True)) == [kept.chain]


def _spread_events(world) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    """Two events on each of three chains, as separate transactions would append them
    (in one test transaction every event keeps to the first chain it locked)."""
    from django.utils import timezone

    made = []
    for user in _users_on_different_chains(3):
        c = chains.chain_for(user.pk)
        for n in range(2):
            made.append(
                chains.append(
                    chain=c,
                    verb="access.signed_in",
                    at=timezone.now(),
                    actor_id=user.pk,
                    actor_label=user.get_username(),
                    detail={"n": n},
                )
            )
    return made


@pytest.mark.django_db
def test_verify_finds_an_edit_a_deletion_and_a_forged_row_on_any_chain(world) -> None:  # type: ignore[no-untyped-def]
    events = _spread_events(world)
    report = audit.verify_chain()
    assert report.ok and len({e.chain for e in events}) == 3
    remove_audit_guards(connection)
    edited, deleted = events[1], events[2]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE access_auditevent SET actor_label = 'someone-else' WHERE id = %s", [edited.pk]
        )
        cursor.execute("DELETE FROM access_auditevent WHERE id = %s", [deleted.pk])
    # A forged row slipped into the middle of the third chain, its own hash recomputed.
    victim = events[4]
    forged = AuditEvent(
        chain=victim.chain,
        seq=victim.seq,
        at=victim.at,
        actor_label="forged",
        verb="access.signed_in",
        prev_hash=victim.prev_hash,
    )
    forged.hash = chains.hash_of(forged)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM access_auditevent WHERE id = %s", [victim.pk])
    forged.save(force_insert=True)
    problems = {(p.chain, p.seq, p.message.split(" (")[0]) for p in audit.verify_chain().problems}
    assert (edited.chain, edited.seq, "contents do not match the event's hash") in problems
    assert (deleted.chain, events[3].seq, "events 1 to 1 are missing") in problems
    assert (victim.chain, events[5].seq, "link to the previous event is broken") in problems


@pytest.mark.django_db
def test_verify_finds_a_chain_that_should_not_exist(world) -> None:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    chains.append(chain=chains.CHAINS, verb="access.signed_in", at=timezone.now())
    (problem,) = audit.verify_chain().problems
    assert problem.chain == chains.CHAINS and "should not exist" in problem.message


@pytest.mark.django_db
def test_an_anchor_catches_a_truncated_chain_of_several(world, capsys) -> None:  # type: ignore[no-untyped-def]
    events = _spread_events(world)
    call_command("verify_audit")
    anchor = capsys.readouterr().out.split("Anchor (keep it elsewhere): ")[1].strip()
    assert audit.check_anchor(anchor) == []
    remove_audit_guards(connection)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM access_auditevent WHERE id = %s", [events[3].pk])
    assert audit.verify_chain().ok  # every chain still links...
    with pytest.raises(CommandError, match="NOT intact"):
        call_command("verify_audit", expect_head=anchor)  # ...but one is shorter
    assert f"chain {events[3].chain}: event 2 of the anchor is missing" in capsys.readouterr().err


@pytest.mark.django_db
def test_an_anchor_catches_a_rewritten_head(world) -> None:  # type: ignore[no-untyped-def]
    events = _spread_events(world)
    anchor = str(audit.verify_chain().anchor)
    remove_audit_guards(connection)
    head = events[-1]
    rewritten = AuditEvent.objects.get(pk=head.pk)
    rewritten.actor_label = "forged"
    new_hash = chains.hash_of(rewritten)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE access_auditevent SET actor_label = 'forged', hash = %s WHERE id = %s",
            [new_hash, head.pk],
        )
    assert audit.verify_chain().ok  # a rewritten head links (nothing follows it)...
    assert audit.check_anchor(anchor) == [  # ...but no longer matches the anchor
        "the events the anchor names do not match its digest (rewritten?)"
    ]


@pytest.mark.django_db
def test_an_anchor_from_the_single_chain_log_is_still_accepted(outsider) -> None:  # type: ignore[no-untyped-def]
    event = audit.record(audit.AccessEvent.SIGN_IN_FAILED, by=None, detail={"username": "x"})
    assert audit.check_anchor(f"{event.seq}:{event.hash}") == []
    assert audit.check_anchor(f"{event.seq}:{'0' * 64}") == [
        "the events the anchor names do not match its digest (rewritten?)"
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["", "12", "0:1/xyz", "a:b/" + "0" * 64, "1:" + "0" * 63])
def test_a_malformed_anchor_is_refused_with_the_form_it_takes(text) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="an anchor is CHAIN:SEQ"):
        call_command("verify_audit", expect_head=text)


@pytest.mark.django_db(transaction=True)
def test_readers_on_different_chains_do_not_wait_for_each_other() -> None:
    """On PostgreSQL: while one transaction holds its chain's lock, another actor's
    event commits at once; with one chain (the old single lock) it has to wait."""
    if connection.vendor != "postgresql":
        pytest.skip("advisory locks are PostgreSQL's; SQLite serialises every writer")
    alice, bob = _users_on_different_chains(2)
    holding, release = threading.Event(), threading.Event()

    def alice_holds_her_chain() -> None:
        try:
            with transaction.atomic():
                audit.record(audit.AccessEvent.SIGNED_IN, by=alice, target=alice)
                holding.set()
                release.wait(10)
        finally:
            connections.close_all()

    def bob_records(timeout_ms: int) -> bool:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL lock_timeout = '{timeout_ms}ms'")
            try:
                with transaction.atomic():
                    audit.record(audit.AccessEvent.SIGNED_IN, by=bob, target=bob)
            except OperationalError:  # the lock timeout
                return False
        return True

    for chain_count, expect_immediate in ((chains.CHAINS, True), (1, False)):
        original = chains.CHAINS
        chains.CHAINS = chain_count
        try:
            holding.clear()
            release.clear()
            thread = threading.Thread(target=alice_holds_her_chain)
            thread.start()
            assert holding.wait(10)
            try:
                assert bob_records(500) is expect_immediate, f"{chain_count} chain(s)"
            finally:
                release.set()
                thread.join(10)
        finally:
            chains.CHAINS = original
