"""Accounts, role assignments, single sign-on identities and the audit log."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models

from belong.access.roles import ASSIGNABLE_ROLE_CHOICES


class User(AbstractUser):
    """A sign-in account. The person behind it is ``user.person`` (people app)."""

    class Meta:
        db_table = "access_user"


class RoleAssignment(models.Model):
    """An administrator's grant of a role, optionally for one unit (an office)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=40, choices=ASSIGNABLE_ROLE_CHOICES)
    unit = models.ForeignKey(
        "people.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        help_text="The unit or office this role acts for, where the role is scoped.",
    )
    granted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "unit"], name="one_assignment_per_role_and_unit"
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(unit__isnull=True),
                name="one_unscoped_assignment_per_role",
            ),
        ]
        ordering = ["user__username", "role"]

    def __str__(self) -> str:
        scope = f" for {self.unit}" if self.unit_id else ""
        return f"{self.user} as {self.get_role_display()}{scope}"

    @classmethod
    def unit_model(cls) -> type[models.Model]:
        """The model of the units a role can be scoped to (the people app's ``Unit``).

        Taken from the foreign key, so access names that model in one place (by
        label) and never imports the people app.
        """
        model = cls._meta.get_field("unit").related_model
        assert isinstance(model, type)
        return model


class ExternalIdentity(models.Model):
    """An identity provider's subject, linked to one account (OpenID Connect)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="external_identities")
    issuer = models.CharField(max_length=300)
    subject = models.CharField(max_length=300)
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="one_user_per_subject")
        ]

    def __str__(self) -> str:
        return f"{self.issuer} {self.subject}"


class AppendOnlyQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("The audit log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit log is append-only.")


class AuditEvent(models.Model):
    """One thing that happened: a write, or a read of a sensitive record.

    Rows are chained: ``hash`` covers the row's own fields and the previous
    row's hash in the same ``chain``, so editing or deleting any row breaks every
    later link of its chain (``manage.py verify_audit``). Events are spread over
    several chains, each with its own lock, so that people reading their own
    pages do not queue behind one another (decision record 0008). The database
    refuses UPDATE and DELETE on this table (triggers installed by migration);
    the application has no code path that changes a row once written.

    An anonymous event (decision record 0009) has no actor, no ``at`` and only
    the ``day`` it happened; it joins a chain in a batch, in random order, once
    its day has closed.
    """

    chain = models.PositiveSmallIntegerField(default=0, editable=False)
    seq = models.BigIntegerField(editable=False)
    at = models.DateTimeField(null=True, editable=False, db_index=True)
    day = models.DateField(null=True, editable=False)
    # No foreign-key constraint: deleting an account must not touch the log.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
        editable=False,
    )
    actor_label = models.CharField(max_length=150, editable=False)
    verb = models.CharField(max_length=100, db_index=True, editable=False)
    target_type = models.CharField(max_length=100, blank=True, editable=False)
    target_id = models.CharField(max_length=64, blank=True, editable=False)
    detail = models.JSONField(default=dict, editable=False)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="one_event_per_chain_position")
        ]

    def __str__(self) -> str:
        return f"{self.chain}/{self.seq} {self.verb} by {self.actor_label or 'nobody'}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit log is append-only.")

    @property
    def anonymous(self) -> bool:
        return self.day is not None


class PendingAnonymousEvents(models.Model):
    """One of the shards holding the anonymous events of a day that has not closed.

    Each day has ``SHARDS`` rows, created together (one transaction, in shard
    order) before its first event; an event goes to a shard drawn at random
    and is counted there with the events identical to it, so a shard holds a
    multiset (content and count, sorted by content), never a sequence. Neither
    the order of rows, nor an id, nor anything inside a shard says which event
    came first, and writers rarely wait for one another. No timestamp column,
    by design. Sealed into the audit chain and deleted once the day has closed
    (``manage.py seal_audit``). Decision records 0009 and 0027.
    """

    day = models.DateField()
    shard = models.PositiveSmallIntegerField(default=0)
    events = models.JSONField(default=list)

    class Meta:
        verbose_name_plural = "pending anonymous events"
        constraints = [
            models.UniqueConstraint(fields=["day", "shard"], name="pending_anonymous_day_shard"),
        ]

    def __str__(self) -> str:
        return f"Anonymous events of {self.day:%Y-%m-%d}, shard {self.shard}"


class AccessToken(models.Model):
    """A personal access token for the read-only API (decision record 0032).

    Only the SHA-256 of the token is stored: the token itself is shown once, to
    its owner, when it is made. ``prefix`` is public (it starts the token and is
    how a call finds its row); the 256-bit secret after it is never kept.
    A token carries the roles its owner chose from those they held when making
    it, and a call acts only with those of them the owner still holds.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="access_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for, to recognise it.")
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    roles = models.JSONField(default=list)
    created_at = models.DateTimeField(editable=False)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
