"""An uploaded file kept between the steps of a web import (map, check, apply).

Each importer keeps its own waiting file per session (:class:`UploadStore`,
keyed by the importer's kind). A background run reads the file by its token.

The file holds the very data an import protects, so:

* it lives under ``BELONG_IMPORT_UPLOAD_DIR`` (default ``DATA_DIR/import-uploads``),
  never under a served directory, in a folder only the server's user may
  read (0700), as a file only it may read (0600);
* its name is a random token known only to the uploader's session (the
  session store is server-side), and the session also records the user, so
  nobody else can reach it;
* it is deleted when applied or discarded, when the same session uploads
  another file, and by any later upload once it is older than a session may
  live (``SESSION_COOKIE_AGE``).
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import time
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpRequest

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")
_SUFFIX = ".upload"


def upload_dir() -> Path:
    path = Path(settings.BELONG_IMPORT_UPLOAD_DIR)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def max_age_seconds() -> int:
    return int(settings.SESSION_COOKIE_AGE)


def max_bytes() -> int:
    return int(settings.BELONG_IMPORT_MAX_BYTES)


@dataclass
class Pending:
    """What the session knows about its uploaded file."""

    token: str
    filename: str
    sha256: str
    size: int
    user_id: int
    stored_at: float
    # {header: field} chosen on the mapping screen, once chosen.
    mapping: dict[str, str] | None = None
    # The dry run made from this file and mapping, once made.
    run_id: int | None = None
    # The file's header row, read once at upload (the mapping screen reuses it).
    headers: list[str] | None = None
    # The import's options (belong.importing.options.ImportOptions.as_dict()).
    options: dict[str, Any] | None = None
    # The name the mapping was saved under on the mapping screen, if any.
    mapping_name: str = ""

    @property
    def path(self) -> Path:
        return upload_dir() / f"{self.token}{_SUFFIX}"


def clean_filename(name: str) -> str:
    """The uploaded file's own name, for showing: no folders, no control characters."""
    base = os.path.basename(name.replace("\\", "/"))
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    return base[:255] or "upload"


def path_for(token: str) -> Path | None:
    """The waiting file of a token (None for anything that is not a token)."""
    if not isinstance(token, str) or not _TOKEN.match(token):
        return None
    return upload_dir() / f"{token}{_SUFFIX}"


class UploadStore:
    """The waiting file of one importer, per session (``<kind>_import`` in the session)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.session_key = f"{kind}_import"

    def store(self, request: HttpRequest, uploaded: Any) -> Pending:
        """Keep ``uploaded`` for this session, replacing any file it had."""
        self.discard(request)
        purge_expired()
        token = secrets.token_urlsafe(24)
        path = upload_dir() / f"{token}{_SUFFIX}"
        digest = hashlib.sha256()
        size = 0
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            for chunk in uploaded.chunks():
                digest.update(chunk)
                size += len(chunk)
                out.write(chunk)
        pending = Pending(
            token=token,
            filename=clean_filename(getattr(uploaded, "name", "") or ""),
            sha256=digest.hexdigest(),
            size=size,
            user_id=int(request.user.pk or 0),
            stored_at=time.time(),
        )
        self.save(request, pending)
        return pending

    def save(self, request: HttpRequest, pending: Pending) -> None:
        request.session[self.session_key] = asdict(pending)

    def current(self, request: HttpRequest) -> Pending | None:
        """The session's file, if it has one that is still there, its own, and not expired."""
        data = request.session.get(self.session_key)
        if not isinstance(data, dict):
            return None
        try:
            pending = Pending(**data)
        except TypeError:
            request.session.pop(self.session_key, None)
            return None
        fresh = time.time() - pending.stored_at < max_age_seconds()
        if (
            not _TOKEN.match(pending.token)
            or pending.user_id != request.user.pk
            or not fresh
            or not pending.path.is_file()
        ):
            self.discard(request)
            return None
        return pending

    def discard(self, request: HttpRequest) -> None:
        """Delete the session's file (if any) and forget it."""
        data = request.session.pop(self.session_key, None)
        token = data.get("token") if isinstance(data, dict) else None
        path = path_for(token) if isinstance(token, str) else None
        if path is not None:
            path.unlink(missing_ok=True)


def purge_expired(now: float | None = None) -> int:
    """Delete every kept file (and progress file) older than a session may live;
    return how many uploads were deleted."""
    limit = (now or time.time()) - max_age_seconds()
    removed = 0
    for path in upload_dir().glob("run-*.progress"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
        except FileNotFoundError:
            continue
    for path in upload_dir().glob(f"*{_SUFFIX}"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
                removed += 1
        except FileNotFoundError:
            continue
    return removed
