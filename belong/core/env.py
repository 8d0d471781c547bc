"""Typed readers for environment variables that fail loudly on a bad value.

Every setting Belong reads from the environment goes through one of these, so a
typo such as ``BELONG_DEBUG=ture`` stops the process with a message naming the
variable instead of silently meaning "off".
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class EnvironmentValueError(ValueError):
    """A variable is set to a value its reader cannot accept."""


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise EnvironmentValueError(f"{name}={raw!r} is not a boolean; use true or false.")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise EnvironmentValueError(f"{name}={raw!r} is not a whole number.") from None
    if minimum is not None and value < minimum:
        raise EnvironmentValueError(f"{name}={value} is below the minimum of {minimum}.")
    return value


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    value = os.environ.get(name, default).strip().lower()
    if value not in choices:
        raise EnvironmentValueError(f"{name}={value!r} must be one of: {', '.join(choices)}.")
    return value


def env_secret(name: str, default: str = "") -> str:
    """Read a secret from ``NAME`` or from the file named by ``NAME_FILE``.

    Reading from a file lets container and systemd deployments keep secrets out
    of the process environment.
    """
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise EnvironmentValueError(f"{name}_FILE={path!r} cannot be read: {exc}") from None
    return os.environ.get(name, default)


def local_secret_key(data_dir: Path) -> str:
    """Return a secret key kept in ``data_dir``, generating it on first use.

    For a single-machine install with no configured key; the file is readable
    by its owner only.
    """
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(64)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it first
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key
