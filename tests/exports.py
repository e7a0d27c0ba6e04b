"""A small campaign written as real export files, shared by the uploads, report, Data page and browser tests.

`write_fixture_exports` / `write_extra_export`: a roster, an Instagram content export and
comments, big enough for the format and profile comparisons.
"""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

from etl.readers.roster import CAMPAIGN_COLUMNS, ROSTER_COLUMNS
from warehouse import uploads

IG_HEADER = [
    "Post ID", "Account ID", "Account username", "Account name", "Description", "Duration (sec)",
    "Publish time", "Permalink", "Post type", "Data comment", "Date", "Views", "Reach", "Likes",
    "Shares", "Follows", "Comments", "Saves",
]  # fmt: skip
# handle, profile type, followers, fee
INFLUENCERS = [
    ("infirmiere.claire", "health_professional", 8200, 450),
    ("dr.mehdi", "health_professional", 45000, 1200),
    ("pharma.lea", "health_professional", 23000, 800),
    ("sophie.apres.k", "patient_expert", 12000, 500),
    ("marc.diabete", "patient_expert", 6400, 300),
    ("julie.aidante", "caregiver", 15000, 400),
    ("paul.aidant", "caregiver", 9100, 350),
    ("lifestyle.emma", "generalist", 120000, 2500),
]
FORMATS = ["IG reel", "IG carousel", "IG image"]
HOSTILE = "<script>alert(1)</script>"
HOSTILE_NAME = '<img src=x onerror="alert(2)">'


def _csv_bytes(rows: list[list[object]], sep: str = ",", encoding: str = "utf-8") -> bytes:
    buf = io.StringIO()
    csv.writer(buf, delimiter=sep, lineterminator="\n").writerows(rows)
    return buf.getvalue().encode(encoding)


def roster_files(folder: Path, campaign_name: str = "Octobre Rose 2026") -> list[Path]:
    """campaigns.csv + roster.csv for one October 2026 campaign."""
    folder.mkdir(parents=True, exist_ok=True)
    camp = folder / "campaigns.csv"
    camp.write_bytes(
        _csv_bytes(
            [
                list(CAMPAIGN_COLUMNS),
                [
                    "OR26",
                    campaign_name,
                    "Laboratoires Hélora",
                    "oncologie",
                    "2026-10-01",
                    "2026-10-31",
                    "#OctobreRose",
                    "25000",
                    "EUR",
                ],
            ]  # fmt: skip
        )
    )
    roster = folder / "roster.csv"
    rows: list[list[object]] = [list(ROSTER_COLUMNS)]
    for h, ptype, followers, fee in INFLUENCERS:
        rows.append(["OR26", "instagram", h, h.title(), ptype, "", followers, fee, "EUR", ""])
    roster.write_bytes(_csv_bytes(rows))
    return [camp, roster]


def instagram_rows(
    n_per_influencer: int, start_id: int, seed: int, hostile: bool = False
) -> list[list[object]]:
    rng = random.Random(seed)
    rows: list[list[object]] = []
    k = 0
    for i, (h, _ptype, followers, _fee) in enumerate(INFLUENCERS):
        for j in range(n_per_influencer):
            fmt = FORMATS[(i + j) % len(FORMATS)]
            reach = int(followers * rng.uniform(0.2, 0.9)) + 50
            base = {"IG reel": 0.06, "IG carousel": 0.045, "IG image": 0.03}[fmt]
            likes = int(reach * base * rng.uniform(0.5, 1.5))
            caption = f"Octobre Rose : le dépistage, parlons-en #OctobreRose #pub ({h} {j})"
            if hostile and h == "lifestyle.emma" and j == 0:  # among the top posts
                caption = f"{HOSTILE} #OctobreRose #pub"
            day = 1 + (k % 28)
            rows.append(
                [
                    str(start_id + k), "17841463586376007", h, h.title(), caption,
                    "45" if fmt == "IG reel" else "", f"10/{day:02d}/2026 1{k % 10}:05",
                    f"https://www.instagram.com/p/R{start_id + k}/", fmt, "", "Lifetime",
                    reach * 2, reach, likes, int(likes * 0.05), "", int(likes * 0.1) + 1, int(likes * 0.08),
                ]
            )  # fmt: skip
            k += 1
    return rows


def instagram_file(path: Path, rows: list[list[object]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_csv_bytes([IG_HEADER, *rows], encoding="utf-8-sig"))
    return path


def comments_file(path: Path, post_ids: list[str]) -> Path:
    texts = [
        "Merci pour ces infos, je vais prendre rendez-vous pour ma mammographie",
        "Est-ce que c'est remboursé à partir de 40 ans ?",
        "J'ai eu des nausées après le traitement, c'est normal ?",
        "Super vidéo, bravo !",
        "Moi aussi j'ai été dépistée tôt, ça m'a sauvé la vie",
    ]
    rows: list[list[object]] = [
        [
            "platform",
            "post_permalink",
            "post_id",
            "comment_id",
            "parent_id",
            "author",
            "published_at",
            "text",
            "likes",
        ]
    ]
    for i, pid in enumerate(post_ids):
        for j, text in enumerate(texts[: 1 + i % len(texts)]):
            rows.append(
                ["instagram", "", pid, f"c{pid}_{j}", "", f"user{i}_{j}", "2026-10-20 10:00:00", text, j]
            )
    path.write_bytes(_csv_bytes(rows))
    return path


def write_fixture_exports(folder: Path, hostile: bool = False) -> list[Path]:
    """The roster, 48 Instagram posts of 8 influencers (3 formats, 4 profile types) and some comments."""
    files = roster_files(folder, f"Octobre Rose {HOSTILE_NAME}" if hostile else "Octobre Rose 2026")
    rows = instagram_rows(6, 18000000000000000, seed=1, hostile=hostile)
    files.append(instagram_file(folder / "Oct-01-2026_Oct-31-2026_1784146358.csv", rows))
    files.append(comments_file(folder / "comments.csv", [str(r[0]) for r in rows[:10]]))
    return files


def write_extra_export(path: Path) -> Path:
    """A second Instagram export with 16 new posts (the upload in the browser test)."""
    return instagram_file(path, instagram_rows(2, 18100000000000000, seed=2))


def as_uploads(paths: list[Path]) -> list[uploads.Upload]:
    """The bytes a browser upload of these files would give."""
    return [uploads.Upload(p.name, p.read_bytes()) for p in paths]
