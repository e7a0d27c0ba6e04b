"""Which account an account-level export belongs to, when the file does not say.

Meta and TikTok daily series, YouTube tables and LinkedIn page sheets carry no
account name. The person loading can pass --account; otherwise the folder the
export sits in often names it (`insights_<handle>`, `Followers_<handle>`, as
TikTok Studio names its own folder). One rule, shared by every reader.
"""

from __future__ import annotations

import re

from etl.source import Source

_FOLDER_RE = re.compile(r"(?i)^(?:insights|followers|tiktok|instagram|account)[_\- ](.+)$")


def account_from_folder(source: Source) -> str | None:
    """The handle named by one of the file's three nearest folders, lower-cased, without '@'."""
    for part in reversed(source.path.parent.parts[-3:]):
        mt = _FOLDER_RE.match(part)
        if mt:
            return mt.group(1).lstrip("@").lower()
    return None
