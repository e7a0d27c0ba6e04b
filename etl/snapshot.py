"""The export date of a file: which snapshot of a post's numbers it holds.

The same post appears in several exports over time; the warehouse keeps each
export's figures as a snapshot dated by the export date. Order of evidence:
--export-date given by the person; a date in the file (readers pass it); the end
of the period in the platform's own file name (Meta `Mar-01-2026_Mar-31-2026_…`,
X `tweet_activity_metrics_<user>_20260301_20260331_en.csv`); else the load date.
The basis is written to the ledger so the choice is never silent.
"""

from __future__ import annotations

import datetime as dt
import re

from etl.base import LoadOptions

_META = re.compile(r"([A-Z][a-z]{2})-(\d{2})-(\d{4})_([A-Z][a-z]{2})-(\d{2})-(\d{4})_")
_X = re.compile(r"_(\d{8})_(\d{8})_[a-z]{2}")


def export_date_from_name(name: str, options: LoadOptions) -> tuple[dt.date, str]:
    if options.export_date:
        return options.export_date, "export date given"
    m = _META.search(name)
    if m:
        try:
            d = dt.datetime.strptime(f"{m.group(4)}-{m.group(5)}-{m.group(6)}", "%b-%d-%Y").date()
            return d, "end of the period in Meta's file name"
        except ValueError:
            pass
    m = _X.search(name)
    if m:
        try:
            return dt.datetime.strptime(m.group(2), "%Y%m%d").date(), "end of the period in the file name"
        except ValueError:
            pass
    return options.today, "load date (the file states no export date; pass --export-date)"
