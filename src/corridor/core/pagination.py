"""One way to page a list in the API: django-ninja's pagination with `limit` and `offset`, bounded.

`@paginate(LimitOffset)` on an endpoint whose 200 response is `list[Item]` turns it into
`{"count", "limit", "offset", "results": [Item]}`. `limit` is 1..MAX_LIMIT (default DEFAULT_LIMIT), `offset`
0..MAX_OFFSET: a value outside is refused with 422 and the stable error body, never a database error.
"""

from typing import Any

from ninja import Field, Schema
from ninja.pagination import PaginationBase

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_OFFSET = 1_000_000_000  # far below the 64-bit OFFSET that SQLite and PostgreSQL accept


class LimitOffset(PaginationBase):
    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"How many results (at most {MAX_LIMIT})")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many results to skip")

    class Output(Schema):
        count: int
        limit: int
        offset: int
        results: list[Any]

    items_attribute = "results"

    def paginate_queryset(self, queryset, pagination: Input, **params) -> dict:
        start, end = pagination.offset, pagination.offset + pagination.limit
        count = queryset.count() if hasattr(queryset, "count") and not isinstance(queryset, list) else len(queryset)
        return {"count": count, "limit": pagination.limit, "offset": pagination.offset, "results": list(queryset[start:end])}


class Mapped:
    """A queryset whose page is turned into rows by `row` (for endpoints that build each row by hand)."""

    def __init__(self, queryset, row):
        self.queryset, self.row = queryset, row

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, window: slice) -> list:
        return [self.row(item) for item in self.queryset[window]]
