"""What the user selected, as one value the UI, the CLI and reports share.

`Filters` is frozen and made of tuples so it can be a cache key, and it
round-trips through a plain dict (`to_dict`/`from_dict`) so the UI can keep it
in the URL. `where_sql` turns it into a parameterised WHERE fragment over the
post base view of `warehouse.metrics` (columns campaign_id, platform, format,
format_family, profile_type, tier, influencer_id, published_at, post_id): values
are always `?` parameters, column names only come from the table below.

`hashtags` selects the posts carrying at least one of the hashtags (normalised
as `warehouse.hashtags.normalize_hashtag` does: lower case, without '#'),
through the `post_hashtags` table filled at load time.

`scope` says which posts count by their campaign: "all" (the default here, so
the CLI and every function keep their meaning), "campaigns" (the dashboard's
default view and the client report: posts assigned to a campaign) or
"unassigned" (posts that match no campaign, to find and assign them: the client's own pages'
posts are not among them, they belong to no campaign on purpose - warehouse.campaigns - and are
shown on the Owned pages page; "all" includes them).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any

# filter field -> column of the post base view (the only identifiers ever emitted)
LIST_COLUMNS: dict[str, str] = {
    "campaigns": "campaign_id",
    "platforms": "platform",
    "formats": "format",
    "format_families": "format_family",
    "profile_types": "profile_type",
    "tiers": "tier",
    "influencers": "influencer_id",
}
DATE_COLUMN = "published_at"
# which posts a selection covers, by their campaign: every post, the posts assigned to a
# campaign (the dashboard's default view: exports that match no campaign must not move the
# figures), or only the posts that match no campaign (to find and assign them).
SCOPES: tuple[str, ...] = ("all", "campaigns", "unassigned")
# (an owned page's posts are never "to assign": warehouse.campaigns leaves them out on purpose)
_SCOPE_SQL = {
    "campaigns": "{p}campaign_id IS NOT NULL",
    "unassigned": "{p}campaign_id IS NULL AND ({p}influencer_id IS NULL OR "
    "{p}influencer_id NOT IN (SELECT influencer_id FROM owned_pages))",
}
# filter fields that select posts through a side table (post_id IN (...)), not a column
SET_FIELDS: tuple[str, ...] = ("hashtags",)
_ALIAS = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _as_tuple(value: Any) -> tuple[str, ...]:
    """Lists, tuples or a comma-separated string (as found in a URL) -> tuple of non-empty strings."""
    if value is None:
        return ()
    if isinstance(value, str):
        items: Iterable[Any] = value.split(",")
    elif isinstance(value, Iterable):
        items = value
    else:
        items = [value]
    out: list[str] = []
    for v in items:
        s = str(v).strip()
        if s and s not in out:
            out.append(s)
    return tuple(out)


def _as_date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, list | tuple):  # st.query_params may hand back lists
        return _as_date(value[0]) if value else None
    return dt.date.fromisoformat(str(value).strip()[:10])


@dataclass(frozen=True)
class Filters:
    campaigns: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    format_families: tuple[str, ...] = ()
    profile_types: tuple[str, ...] = ()
    tiers: tuple[str, ...] = ()
    influencers: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    scope: str = "all"

    def __post_init__(self) -> None:
        # normalise so that Filters(campaigns=["a"]) and Filters(campaigns=("a",)) are equal and hashable
        for name in LIST_COLUMNS:
            object.__setattr__(self, name, _as_tuple(getattr(self, name)))
        tags = [
            unicodedata.normalize("NFC", h).lstrip("#\uff03").strip().lower()
            for h in _as_tuple(self.hashtags)
        ]
        object.__setattr__(self, "hashtags", _as_tuple([h for h in tags if h]))
        object.__setattr__(self, "date_from", _as_date(self.date_from))
        object.__setattr__(self, "date_to", _as_date(self.date_to))
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError(f"date_from {self.date_from} is after date_to {self.date_to}")
        scope = str(self.scope or "all").strip().lower()
        if scope not in SCOPES:
            raise ValueError(f"unknown scope {self.scope!r}; valid: {', '.join(SCOPES)}")
        object.__setattr__(self, "scope", scope)

    def is_empty(self) -> bool:
        """Nothing restricts the posts (the default scope 'all' is no restriction)."""
        return self.scope == "all" and not any(
            getattr(self, f.name) for f in fields(self) if f.name != "scope"
        )

    def only_scope(self) -> bool:
        """Nothing but the campaign scope is set (e.g. the dashboard's default view)."""
        return not any(getattr(self, f.name) for f in fields(self) if f.name != "scope")

    def where_sql(self, alias: str | None = None) -> tuple[str, list[Any]]:
        """(`sql_fragment`, params); 'TRUE' when nothing is selected.

        Dates are inclusive days on published_at; a post without a publication
        date is excluded as soon as a date bound is set (it cannot be placed).
        """
        if alias is not None and not _ALIAS.match(alias):
            raise ValueError(f"invalid alias {alias!r}")
        prefix = f"{alias}." if alias else ""
        parts: list[str] = []
        params: list[Any] = []
        if self.scope in _SCOPE_SQL:
            parts.append(_SCOPE_SQL[self.scope].format(p=prefix))
        for name, column in LIST_COLUMNS.items():
            values = getattr(self, name)
            if values:
                parts.append(f"{prefix}{column} IN ({', '.join('?' for _ in values)})")
                params.extend(values)
        if self.hashtags:
            parts.append(
                f"{prefix}post_id IN (SELECT post_id FROM post_hashtags WHERE hashtag IN "
                f"({', '.join('?' for _ in self.hashtags)}))"
            )
            params.extend(self.hashtags)
        if self.date_from is not None:
            parts.append(f"CAST({prefix}{DATE_COLUMN} AS DATE) >= ?")
            params.append(self.date_from)
        if self.date_to is not None:
            parts.append(f"CAST({prefix}{DATE_COLUMN} AS DATE) <= ?")
            params.append(self.date_to)
        return (" AND ".join(parts) if parts else "TRUE"), params

    def to_dict(self) -> dict[str, Any]:
        """Only what is set: lists of strings and ISO dates (JSON- and URL-friendly)."""
        out: dict[str, Any] = {}
        for name in LIST_COLUMNS:
            values = getattr(self, name)
            if values:
                out[name] = list(values)
        if self.hashtags:
            out["hashtags"] = list(self.hashtags)
        if self.date_from is not None:
            out["date_from"] = self.date_from.isoformat()
        if self.date_to is not None:
            out["date_to"] = self.date_to.isoformat()
        if self.scope != "all":
            out["scope"] = self.scope
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Filters:
        """Inverse of `to_dict`; tolerant of URL shapes (comma strings) and of unknown keys (old links)."""
        if not data:
            return cls()
        kwargs: dict[str, Any] = {}
        for name in LIST_COLUMNS:
            if name in data:
                kwargs[name] = _as_tuple(data[name])
        for name in SET_FIELDS:
            if name in data:
                kwargs[name] = _as_tuple(data[name])
        for name in ("date_from", "date_to"):
            if name in data:
                kwargs[name] = _as_date(data[name])
        if data.get("scope"):
            scope = data["scope"]
            kwargs["scope"] = scope[-1] if isinstance(scope, list | tuple) else scope
        return cls(**kwargs)
