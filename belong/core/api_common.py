"""What every app's ``api.py`` shares: the error body, paging and the statuses documented.

Every operation documents the statuses it can answer besides 200, so that the
schema tells the whole truth (schemathesis checks it): 401 without a usable
token, 404 for what the token's roles may not see (as the pages do), 422 for
a parameter that is not valid.
"""

from __future__ import annotations

import math
from typing import Any

from django.db.models import QuerySet
from ninja import Field, Schema

MAX_PER_PAGE = 100
# Far beyond any school; bounded so that an offset always fits the database's integers.
MAX_PAGE = 100_000


class Message(Schema):
    detail: Any


ERRORS: dict[int, Any] = {401: Message, 404: Message, 422: Message}


class Paging(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
    per_page: int = Field(50, ge=1, le=MAX_PER_PAGE, description="Items per page.")


def page_of(qs: QuerySet[Any], paging: Paging) -> tuple[list[Any], dict[str, int]]:
    """One page of ``qs`` and the counts that describe it."""
    total = qs.count()
    rows = list(qs[(paging.page - 1) * paging.per_page : paging.page * paging.per_page])
    return rows, {
        "total": total,
        "page": paging.page,
        "pages": max(1, math.ceil(total / paging.per_page)),
        "per_page": paging.per_page,
    }
