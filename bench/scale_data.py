"""An agency-sized history for bench/scale.py: every platform, real layouts, real-looking text.

`generate(out, posts, comments)` writes, under `out/`:

* `roster/campaigns.csv`, `roster/roster.csv`: a few hundred campaigns (one per
  ~3,000 posts) over 2024-2026, each with a hashtag, a window and ~25 influencers
  on its roster (fees in EUR), health professionals, patient experts, caregivers,
  institutions and generalists of every tier;
* `exports/<platform>/...`: post exports in each platform's own layout, as the
  readers expect them: Meta Business Suite (Instagram, Facebook), TikTok Studio
  business `video_performance.csv`, YouTube Studio `Table data.csv` (a folder per
  channel), LinkedIn company-page `.xlsx` (a workbook per page), X
  `tweet_activity_metrics_*.csv` (a file per account). Share of posts: Instagram
  35 %, TikTok 20 %, Facebook 15 %, X 12 %, LinkedIn 10 %, YouTube 8 %; files of
  ~20,000 posts (one per account for YouTube, LinkedIn and X);
* `comments/comments_NN.csv`: the generic comments layout, files of at most
  1,000,000 comments, linked to the posts by platform id (or by permalink for a
  fifth of the YouTube, X and TikTok comments, as scrapers write them).

Text is what people write: captions are a campaign hook, one or two body
paragraphs, a call to action, hashtags and (for paid posts) a disclosure of
varying quality, 150–700 characters (X: under 280); comments recombine the
French/English comment templates of bench/comment_pool.py, 65 % one short
sentence, 25 % two or three sentences, 10 % forum-length posts (300–900
characters; 15 % on YouTube, Facebook and LinkedIn, 3 % on X). Engagement is
simulated as reach x platform rate x format x profile x influencer effect x
noise, so comparisons have something to find.

Everything is generated in DuckDB from a seed (`hash()` of the row number), so
a million posts take seconds; only the text pools are built in Python.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from typing import Any

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.comment_pool import generate as comment_pool  # noqa: E402
from domain import roster_profile_types  # noqa: E402
from sample_data.generate import BODIES, CTAS, HOOKS, ORGANIC, ORGANIC_TAGS  # noqa: E402

SHARES = {"instagram": 0.35, "tiktok": 0.20, "facebook": 0.15, "x": 0.12, "linkedin": 0.10, "youtube": 0.08}
POSTS_PER_FILE = 20_000
COMMENTS_PER_FILE = 1_000_000
POSTS_PER_ACCOUNT = 250  # multi-account exports (Instagram, Facebook, TikTok)
POSTS_PER_CAMPAIGN = 3_000
PROFILES = roster_profile_types()
PROFILE_RR = {"generalist": 1.0, "health_professional": 1.3, "patient_expert": 1.5, "caregiver": 1.25,
              "institution": 0.7}  # fmt: skip
BASE_RATE = {
    "instagram": 0.05,
    "tiktok": 0.055,
    "facebook": 0.035,
    "linkedin": 0.03,
    "youtube": 0.02,
    "x": 0.02,
}
FORMATS = {  # platform -> ((format label in the export, relais format, rate ratio, share), ...)
    "instagram": (("IG reel", "ig_reel", 1.6, 0.4), ("IG image", "ig_image", 1.0, 0.35),
                  ("IG carousel", "ig_carousel", 1.3, 0.25)),
    "facebook": (("Reels", "fb_reel", 1.6, 0.2), ("Photos", "fb_photo", 1.0, 0.4), ("Videos", "fb_video", 1.2, 0.15),
                 ("Links", "fb_link", 0.6, 0.15), ("Text", "fb_text", 0.8, 0.1)),
    "tiktok": (("video", "tiktok_video", 1.0, 1.0),),
    "youtube": (("short", "yt_short", 1.4, 0.5), ("video", "yt_video", 1.0, 0.5)),
    "linkedin": (("Text", "li_post", 1.0, 0.4), ("Image", "li_image", 1.2, 0.3), ("Video", "li_video", 1.1, 0.15),
                 ("Document", "li_document", 1.5, 0.15)),
    "x": (("text", "x_post", 1.0, 0.6), ("image", "x_image", 1.2, 0.3), ("video", "x_video", 1.3, 0.1)),
}  # fmt: skip
DISCLOSURES = ("Publicité", "#Publicité", "Collaboration commerciale avec @{client}", "Partenariat rémunéré avec {client}",
               "#sponsorisé", "#partenariat", "#collab", "En partenariat ✨", "Merci à @{client} 💕", "")  # fmt: skip
CLIENTS = ("laboratoires.helora", "mutuelle.previa", "spondyl.avenir", "nutri.plus", "pharma.santis", "vaccilab",
           "cardio.vie", "derma.soin", "glucosense", "oncolia")  # fmt: skip
AREAS = (
    "oncologie",
    "diabétologie",
    "rhumatologie",
    "nutrition",
    "vaccination",
    "cardiologie",
    "dermatologie",
)
START = "2024-01-01"
END_DAYS = 1064  # 2024-01-01 .. 2026-11-30
SEED = 20261202


def _fragments() -> dict[str, list[str]]:
    hooks = [h for v in HOOKS.values() for h in v] + [h for v in ORGANIC.values() for h in v]
    bodies = [b for v in BODIES.values() for b in v]
    ctas = [c for v in CTAS.values() for c in v]
    return {"hooks": hooks, "bodies": bodies, "ctas": ctas, "tags": list(ORGANIC_TAGS)}


def _comment_texts(n: int, seed: int) -> list[str]:
    """Distinct-ish short comments from the classifier bench's templates."""
    random.seed(seed)
    return comment_pool(n, seed=seed)


def _counts(posts: int) -> dict[str, int]:
    out, left = {}, posts
    for i, (p, share) in enumerate(SHARES.items()):
        out[p] = left if i == len(SHARES) - 1 else int(round(posts * share))
        left -= out[p]
    return out


MIN_FILES = 3  # per platform (tests use 1)


def _files(n: int) -> int:
    return max(MIN_FILES, -(-n // POSTS_PER_FILE))


def generate(
    out: str | Path, posts: int, comments: int, seed: int = SEED, min_files: int = 3
) -> dict[str, Any]:
    """Write the data set under `out` (reused when a manifest with the same sizes is there).

    `min_files`: post files per platform at least (1 keeps test data sets to six files).
    """
    global MIN_FILES
    MIN_FILES = min_files
    out = Path(out)
    manifest_path = out / "manifest.json"
    if manifest_path.exists():
        m = json.loads(manifest_path.read_text())
        if (m["posts"], m["comments"], m["seed"], m.get("min_files", 3)) == (
            posts,
            comments,
            seed,
            min_files,
        ):
            return m
    for sub in ("roster", "exports", "comments"):
        d = out / sub
        if d.exists():
            for f in sorted(d.rglob("*"), reverse=True):
                f.unlink() if f.is_file() else f.rmdir()
        d.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = true")
    con.execute(f"CREATE MACRO u(i, s) AS ((hash(i, s + {int(seed)}) % 1000000007) + 0.5) / 1000000007.0")
    con.execute("CREATE MACRO nrm(i, s) AS sqrt(-2 * ln(u(i, s))) * cos(2 * pi() * u(i, s + 1))")
    frag = _fragments()
    counts = _counts(posts)
    _accounts(con, counts)
    _campaigns(con, posts)
    _posts(con, counts, frag)
    files = {"roster": _write_roster(con, out), "posts": {}, "comments": []}
    for platform in SHARES:
        files["posts"][platform] = WRITERS[platform](con, out / "exports" / platform, platform)
    files["comments"] = _write_comments(con, out / "comments", comments, seed)
    stats = con.execute(
        "SELECT count(*), avg(length(caption)), (SELECT count(*) FROM acct), (SELECT count(*) FROM camp), "
        "(SELECT count(*) FROM roster) FROM post"
    ).fetchone()
    manifest = {
        "posts": posts, "comments": comments, "seed": seed, "min_files": min_files, "files": files,
        "per_platform": counts, "accounts": stats[2], "campaigns": stats[3], "roster_rows": stats[4],
        "caption_mean_chars": round(stats[1] or 0, 1),
    }  # fmt: skip
    manifest["comment_mean_chars"] = _comment_stats(out / "comments")
    con.close()
    manifest_path.write_text(json.dumps(manifest, indent=1, default=str))
    return manifest


def _comment_stats(folder: Path) -> float | None:
    files = sorted(folder.glob("*.csv"))
    if not files:
        return None
    c = duckdb.connect()
    v = c.execute(
        "SELECT avg(length(text)) FROM read_csv(?, all_varchar=true, header=true)", [str(files[0])]
    ).fetchone()[0]
    c.close()
    return round(v or 0, 1)


# --------------------------------------------------------------------------- model tables


def _accounts(con, counts: dict[str, int]) -> None:
    rows = []
    for platform, n in counts.items():
        if platform in ("instagram", "facebook", "tiktok"):
            k = max(20, n // POSTS_PER_ACCOUNT)
        else:
            k = _files(n)  # one account per file
        rows.append((platform, k))
    con.execute("CREATE TABLE nacct (platform VARCHAR, k BIGINT)")
    con.executemany("INSERT INTO nacct VALUES (?, ?)", rows)
    con.execute(
        f"""CREATE TABLE acct AS
        SELECT platform, a,
               CASE platform WHEN 'instagram' THEN 'ig' WHEN 'facebook' THEN 'fb' WHEN 'tiktok' THEN 'tt'
                    WHEN 'youtube' THEN 'yt' WHEN 'linkedin' THEN 'li' ELSE 'x' END || '.' ||
               (['dr', 'sante', 'infirmiere', 'pharma', 'kine', 'aidante', 'patient', 'vivre', 'maman', 'coach'])
                   [1 + (a % 10)] || '.' ||
               (['claire', 'karim', 'lea', 'jules', 'ines', 'marc', 'sarah', 'hugo', 'nora', 'paul', 'emma'])
                   [1 + (a // 10 % 11)] || a AS handle,
               ({list(PROFILES)})[1 + CAST(floor(u(a * 7 + length(platform), 11) * 5) AS INT)] AS profile_type,
               CAST(least(3e6, greatest(300, exp(ln(15000) + 1.6 * nrm(a * 13 + length(platform), 21))))
                    AS BIGINT) AS followers,
               exp(0.25 * nrm(a * 17 + length(platform), 31)) AS effect,
               17841400000000000 + a * 10 + length(platform) AS account_id
        FROM nacct, range(k) t(a)"""
    )
    con.execute(
        """ALTER TABLE acct ADD COLUMN display_name VARCHAR;
           UPDATE acct SET display_name = upper(substr(split_part(handle, '.', 3), 1, 1))
               || substr(split_part(handle, '.', 3), 2) || ' — ' || split_part(handle, '.', 2) || ' ' || a"""
    )


def _campaigns(con, posts: int) -> None:
    n = max(8, posts // POSTS_PER_CAMPAIGN)
    con.execute(
        f"""CREATE TABLE camp AS
        SELECT 'C' || lpad(CAST(c AS VARCHAR), 4, '0') AS campaign_id,
               'Campagne ' || c || ' — ' || ({list(AREAS)})[1 + c % {len(AREAS)}] AS name,
               ({list(CLIENTS)})[1 + c % {len(CLIENTS)}] AS client,
               ({list(AREAS)})[1 + c % {len(AREAS)}] AS area,
               DATE '{START}' + CAST(floor(u(c, 41) * {END_DAYS - 100}) AS INT) AS start_date,
               30 + CAST(floor(u(c, 43) * 60) AS INT) AS days,
               'Camp' || c || (['Sante', 'Prevention', 'Depistage', 'Vivre', 'Soin'])[1 + c % 5] AS tag,
               (50000 + CAST(floor(u(c, 47) * 40) AS INT) * 5000) AS budget
        FROM range({n}) t(c)"""
    )
    # each account is on the roster of ~3 campaigns
    con.execute(
        """CREATE TABLE roster AS
        SELECT DISTINCT ON (c.campaign_id, a.platform, a.handle)
               c.campaign_id, a.platform, a.handle, a.display_name, a.profile_type, a.followers, a.effect,
               CAST(round(100 + a.followers * 0.01 * (0.5 + u(a.a * 3 + k, 51)), -1) AS DOUBLE) AS fee,
               c.start_date, c.start_date + c.days AS end_date, c.tag, c.client
        FROM acct a, range(3) t(k),
             (SELECT *, row_number() OVER (ORDER BY campaign_id) - 1 AS ci FROM camp) c
        WHERE c.ci = CAST(floor(u(a.a * 31 + length(a.platform) * 7 + k, 53) * (SELECT count(*) FROM camp)) AS BIGINT)"""
    )


def _posts(con, counts: dict[str, int], frag: dict[str, list[str]]) -> None:
    parts = []
    offset = 0
    for platform, n in counts.items():
        fmts = FORMATS[platform]
        cum, case = 0.0, []
        for label, code, rr, share in fmts:
            cum += share
            case.append((cum, label, code, rr))
        fmt_label = "CASE " + " ".join(f"WHEN fu <= {c:.4f} THEN '{lbl}'" for c, lbl, _, _ in case[:-1])
        fmt_label += f" WHEN true THEN '{case[-1][1]}' END"
        fmt_code = "CASE " + " ".join(f"WHEN fu <= {c:.4f} THEN '{code}'" for c, _, code, _ in case[:-1])
        fmt_code += f" WHEN true THEN '{case[-1][2]}' END"
        fmt_rr = "CASE " + " ".join(f"WHEN fu <= {c:.4f} THEN {rr}" for c, _, _, rr in case[:-1])
        fmt_rr += f" WHEN true THEN {case[-1][3]} END"
        per_file = platform in ("youtube", "linkedin", "x")
        nfiles = _files(n)
        acct_expr = (
            f"CAST(i * {nfiles} // {n} AS BIGINT)"
            if per_file
            else f"CAST(floor(pow(u(i, 61), 1.6) * (SELECT k FROM nacct WHERE platform = '{platform}')) AS BIGINT)"
        )
        parts.append(
            f"""SELECT '{platform}' AS platform, i, {offset} + i AS g,
                   CAST(i * {nfiles} // {n} AS INT) AS file_no, {acct_expr} AS a,
                   {fmt_label} AS fmt_label, {fmt_code} AS format, {fmt_rr} AS fmt_rr,
                   TIMESTAMP '{START}' + to_seconds(CAST(floor(u(i, 71 + {offset}) * {END_DAYS} * 86400) AS BIGINT))
                       AS published_at
                FROM (SELECT i, u(i, 67 + {offset}) AS fu FROM range({n}) t(i))"""
        )
        offset += n
    con.execute("CREATE TABLE p0 AS " + " UNION ALL ".join(parts))
    # a campaign post: the account is on the campaign's roster and posts inside its window (70 % of the time)
    con.execute(
        """CREATE TABLE p1 AS
        SELECT p.*, a.handle, a.display_name, a.profile_type, a.followers, a.effect, a.account_id,
               (SELECT r.campaign_id FROM roster r WHERE r.platform = p.platform AND r.handle = a.handle
                  AND CAST(p.published_at AS DATE) BETWEEN r.start_date AND r.end_date LIMIT 1) AS campaign_id
        FROM p0 p JOIN acct a ON a.platform = p.platform AND a.a = p.a"""
    )
    f = {k: v for k, v in frag.items()}
    disc = list(DISCLOSURES)
    con.execute(
        f"""CREATE TABLE post AS
        SELECT p.*, c.tag, c.client,
               CASE WHEN c.tag IS NOT NULL AND u(g, 81) < 0.7 THEN true ELSE false END AS paid,
               ? [1 + CAST(floor(u(g, 83) * {len(f["hooks"])}) AS INT)] AS hook,
               ? [1 + CAST(floor(u(g, 85) * {len(f["bodies"])}) AS INT)] AS body1,
               ? [1 + CAST(floor(u(g, 87) * {len(f["bodies"])}) AS INT)] AS body2,
               ? [1 + CAST(floor(u(g, 89) * {len(f["ctas"])}) AS INT)] AS cta,
               ? [1 + CAST(floor(u(g, 91) * {len(f["tags"])}) AS INT)] AS tag1,
               ? [1 + CAST(floor(u(g, 93) * {len(disc)}) AS INT)] AS disclosure,
               greatest(10, round(p.followers * exp(-1.2 + 0.8 * nrm(g, 101)))) AS reach
        FROM p1 p LEFT JOIN camp c USING (campaign_id)""",
        [f["hooks"], f["bodies"], f["bodies"], f["ctas"], f["tags"], disc],
    )
    con.execute(
        f"""ALTER TABLE post ADD COLUMN caption VARCHAR;
        UPDATE post SET caption =
            CASE WHEN platform = 'x' THEN left(hook || ' ' || coalesce('#' || tag, tag1)
                     || CASE WHEN paid THEN ' ' || replace(disclosure, '{{client}}', client) ELSE '' END, 275)
                 ELSE concat_ws(E'\\n\\n',
                     CASE WHEN paid AND u(g, 95) < 0.3 THEN replace(disclosure, '{{client}}', client) END,
                     hook, body1, CASE WHEN u(g, 97) < 0.5 THEN body2 END, cta,
                     concat_ws(' ', '#' || tag, tag1, CASE WHEN u(g, 99) < 0.5 THEN '#santé' END),
                     CASE WHEN paid AND u(g, 95) >= 0.3 THEN replace(disclosure, '{{client}}', client) END)
            END;
        ALTER TABLE post ADD COLUMN engagements DOUBLE;
        UPDATE post SET engagements = round(reach * {_rate_case()} * fmt_rr * {_profile_case()} * effect
                                            * exp(0.5 * nrm(g, 103) - 0.125));"""
    )


def _rate_case() -> str:
    return "(CASE platform " + " ".join(f"WHEN '{p}' THEN {r}" for p, r in BASE_RATE.items()) + " END)"


def _profile_case() -> str:
    return "(CASE profile_type " + " ".join(f"WHEN '{p}' THEN {r}" for p, r in PROFILE_RR.items()) + " END)"


# --------------------------------------------------------------------------- writers


def _copy(con, sql: str, path: Path, params: list | None = None, quote_all: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    opts = "HEADER, DELIMITER ','" + (", FORCE_QUOTE *" if quote_all else "")
    con.execute(f"COPY ({sql}) TO '{path}' ({opts})", params or [])


def _write_roster(con, out: Path) -> list[str]:
    camp = out / "roster" / "campaigns.csv"
    _copy(
        con,
        """SELECT campaign_id, name, client, area AS therapeutic_area, strftime(start_date, '%Y-%m-%d') AS start_date,
                  strftime(start_date + days, '%Y-%m-%d') AS end_date, '#' || tag AS hashtags, budget,
                  'EUR' AS currency FROM camp ORDER BY campaign_id""",
        camp,
    )
    ros = out / "roster" / "roster.csv"
    _copy(
        con,
        """SELECT campaign_id, platform, '@' || handle AS handle, display_name, profile_type,
                  CASE WHEN profile_type = 'health_professional' THEN
                      ['médecin généraliste', 'infirmière', 'pharmacien', 'kinésithérapeute'][1 + length(handle) % 4]
                  END AS specialty, followers, fee, 'EUR' AS currency,
                  CASE WHEN profile_type = 'health_professional' AND u(length(handle), 7) < 0.8
                       THEN 'TS-' || campaign_id || '-' || length(handle) END AS hcp_agreement_ref
           FROM roster ORDER BY campaign_id, platform, handle""",
        ros,
    )
    return [str(camp), str(ros)]


def _files_of(con, platform: str) -> list[int]:
    return [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT file_no FROM post WHERE platform = ? ORDER BY 1", [platform]
        ).fetchall()
    ]


def _instagram(con, folder: Path, platform: str) -> list[str]:
    out = []
    for k in _files_of(con, platform):
        path = folder / f"Jan-01-2024_Nov-30-2026_{1000000000000000 + k}.csv"
        _copy(
            con,
            """SELECT 18000000000000000 + i AS "Post ID", account_id AS "Account ID", handle AS "Account username",
                      display_name AS "Account name", caption AS "Description",
                      CASE WHEN format = 'ig_reel' THEN 15 + i % 75 ELSE 0 END AS "Duration (sec)",
                      strftime(published_at, '%m/%d/%Y %H:%M') AS "Publish time",
                      'https://www.instagram.com/' || CASE WHEN format = 'ig_reel' THEN 'reel' ELSE 'p' END
                          || '/B' || i || '/' AS "Permalink",
                      fmt_label AS "Post type", '' AS "Data comment", 'Lifetime' AS "Date",
                      CAST(round(reach * 1.7) AS BIGINT) AS "Views", CAST(reach AS BIGINT) AS "Reach",
                      CAST(round(engagements * 0.82) AS BIGINT) AS "Likes",
                      CAST(round(engagements * 0.05) AS BIGINT) AS "Shares",
                      CAST(round(engagements * 0.01) AS BIGINT) AS "Follows",
                      CAST(round(engagements * 0.06) AS BIGINT) AS "Comments",
                      CAST(round(engagements * 0.07) AS BIGINT) AS "Saves"
               FROM post WHERE platform = 'instagram' AND file_no = ? ORDER BY i""",
            path,
            [k],
        )
        out.append(str(path))
    return out


def _facebook(con, folder: Path, platform: str) -> list[str]:
    out = []
    for k in _files_of(con, platform):
        path = folder / f"Jan-01-2024_Nov-30-2026_{2000000000000000 + k}.csv"
        _copy(
            con,
            """SELECT 1400000000000000 + i AS "Post ID", 100000000000000 + account_id % 1000000 AS "Page ID",
                      display_name AS "Page name", hook AS "Title", caption AS "Description",
                      CASE WHEN format IN ('fb_reel', 'fb_video') THEN 20 + i % 400 END AS "Duration (sec)",
                      strftime(published_at, '%m/%d/%Y %H:%M') AS "Publish time", 'N/A' AS "Caption type",
                      'https://www.facebook.com/' || handle || '/posts/' || (1400000000000000 + i) || '/' AS "Permalink",
                      '0' AS "Is crosspost", '0' AS "Is share", fmt_label AS "Post type", '' AS "Languages",
                      '' AS "Custom labels", '' AS "Funded content status", '' AS "Data comment", 'Lifetime' AS "Date",
                      CASE WHEN format IN ('fb_reel', 'fb_video') THEN CAST(round(reach * 1.5) AS BIGINT) END AS "Views",
                      CAST(reach AS BIGINT) AS "Reach", CAST(engagements AS BIGINT) AS "Reactions, comments and shares",
                      CAST(round(engagements * 0.8) AS BIGINT) AS "Reactions",
                      CAST(round(engagements * 0.1) AS BIGINT) AS "Comments",
                      CAST(round(engagements * 0.1) AS BIGINT) AS "Shares",
                      CAST(round(reach * 0.02) AS BIGINT) AS "Total clicks", 0 AS "Link clicks",
                      CAST(round(reach * 0.02) AS BIGINT) AS "Other clicks",
                      0 AS "Matched audience targeting consumption (Photo click)",
                      i % 7 AS "Negative feedback from users: Hide", i % 3 AS "Negative feedback from users: Hide all"
               FROM post WHERE platform = 'facebook' AND file_no = ? ORDER BY i""",
            path,
            [k],
        )
        out.append(str(path))
    return out


def _tiktok(con, folder: Path, platform: str) -> list[str]:
    out = []
    for k in _files_of(con, platform):
        path = folder / f"export_{k:03d}" / "video_performance.csv"
        _copy(
            con,
            """SELECT caption AS "Video title",
                      'https://www.tiktok.com/@' || handle || '/video/' || (7500000000000000000 + i) AS "Video link",
                      strftime(published_at, '%Y/%m/%d %H:%M:%S') AS "Post time",
                      CAST(reach AS BIGINT) AS "Video views", CAST(round(engagements * 0.85) AS BIGINT) AS "Likes",
                      CAST(round(engagements * 0.05) AS BIGINT) AS "Comments",
                      CAST(round(engagements * 0.06) AS BIGINT) AS "Shares",
                      CAST(round(engagements * 0.04) AS BIGINT) AS "Add to Favorites"
               FROM post WHERE platform = 'tiktok' AND file_no = ? ORDER BY i""",
            path,
            [k],
            quote_all=True,
        )
        out.append(str(path))
    return out


def _youtube(con, folder: Path, platform: str) -> list[str]:
    out = []
    for k in _files_of(con, platform):
        name = con.execute(
            "SELECT any_value(display_name) FROM post WHERE platform = 'youtube' AND file_no = ?", [k]
        ).fetchone()[0]
        path = folder / f"Content 2024-01-01_2026-11-30 {name}" / "Table data.csv"
        _copy(
            con,
            """SELECT 'Total' AS "Content", NULL AS "Video title", NULL AS "Video publish time", NULL AS "Duration",
                      CAST(sum(round(reach * 1.4)) AS BIGINT) AS "Views",
                      round(sum(reach * 1.4 * 0.6 / 3600), 3) AS "Watch time (hours)",
                      CAST(sum(round(engagements * 0.05)) AS BIGINT) AS "Subscribers",
                      '0:00:40' AS "Average view duration",
                      CAST(sum(round(reach * 6)) AS BIGINT) AS "Impressions",
                      2.5 AS "Impressions click-through rate (%)"
               FROM post WHERE platform = 'youtube' AND file_no = ?
               UNION ALL
               SELECT * FROM (
               SELECT 'Y' || lpad(CAST(i AS VARCHAR), 10, '0'), left(hook, 90)
                          || CASE WHEN format = 'yt_short' THEN ' #shorts' ELSE '' END,
                      strftime(published_at, '%b %-d, %Y'),
                      CAST(CASE WHEN format = 'yt_short' THEN 15 + i % 45 ELSE 240 + i % 900 END AS VARCHAR),
                      CAST(round(reach * 1.4) AS BIGINT), round(reach * 1.4 * 0.6 / 3600, 3),
                      CAST(round(engagements * 0.05) AS BIGINT), '0:00:40', CAST(round(reach * 6) AS BIGINT), 2.5
               FROM post WHERE platform = 'youtube' AND file_no = ? ORDER BY i)""",
            path,
            [k, k],
        )
        out.append(str(path))
    return out


def _x(con, folder: Path, platform: str) -> list[str]:
    out = []
    promoted = [
        "promoted impressions", "promoted engagements", "promoted engagement rate", "promoted retweets",
        "promoted replies", "promoted likes", "promoted user profile clicks", "promoted url clicks",
        "promoted hashtag clicks", "promoted detail expands", "promoted permalink clicks", "promoted app opens",
        "promoted app installs", "promoted follows", "promoted email tweet", "promoted dial phone",
        "promoted media views", "promoted media engagements",
    ]  # fmt: skip
    promo = ", ".join(f"'-' AS \"{c}\"" for c in promoted)
    for k in _files_of(con, platform):
        handle = con.execute(
            "SELECT any_value(handle) FROM post WHERE platform = 'x' AND file_no = ?", [k]
        ).fetchone()[0]
        path = folder / f"tweet_activity_metrics_{handle}_20240101_20261130_en.csv"
        _copy(
            con,
            f"""SELECT CAST(2100000000000000000 + i AS VARCHAR) AS "Tweet id",
                      'https://twitter.com/' || handle || '/status/' || (2100000000000000000 + i) AS "Tweet permalink",
                      caption AS "Tweet text", strftime(published_at, '%Y-%m-%d %H:%M +0000') AS "time",
                      CAST(CAST(round(reach * 1.3) AS BIGINT) AS VARCHAR) || '.0' AS "impressions",
                      CAST(engagements AS VARCHAR) AS "engagements",
                      CAST(engagements / (reach * 1.3) AS VARCHAR) AS "engagement rate",
                      CAST(round(engagements * 0.15) AS VARCHAR) AS "retweets",
                      CAST(round(engagements * 0.1) AS VARCHAR) AS "replies",
                      CAST(round(engagements * 0.6) AS VARCHAR) AS "likes",
                      CAST(round(engagements * 0.05) AS VARCHAR) AS "user profile clicks",
                      CAST(round(engagements * 0.05) AS VARCHAR) AS "url clicks",
                      '0' AS "hashtag clicks", CAST(round(engagements * 0.05) AS VARCHAR) AS "detail expands",
                      '0' AS "permalink clicks", '0' AS "app opens", '0' AS "app installs", '0' AS "follows",
                      '0' AS "email tweet", '0' AS "dial phone",
                      CASE WHEN format = 'x_video' THEN CAST(round(reach * 0.4) AS VARCHAR) ELSE '0' END AS "media views",
                      '0' AS "media engagements", {promo}
               FROM post WHERE platform = 'x' AND file_no = ? ORDER BY i""",
            path,
            [k],
            quote_all=True,
        )
        out.append(str(path))
    return out


def _linkedin(con, folder: Path, platform: str) -> list[str]:
    import openpyxl

    folder.mkdir(parents=True, exist_ok=True)
    out = []
    header = [
        "Post title", "Post link", "Post type", "Campaign name", "Posted by", "Created date", "Campaign start date",
        "Campaign end date", "Audience", "Impressions", "Views (excluding off-site video views)", "Off-site views",
        "Clicks", "Click through rate (CTR)", "Likes", "Comments", "Reposts", "Follows", "Engagement rate",
        "Content Type",
    ]  # fmt: skip
    for k in _files_of(con, platform):
        rows = con.execute(
            """SELECT caption, 'https://www.linkedin.com/feed/update/urn:li:activity:' || (7400000000000000000 + i),
                      'Organic', NULL, display_name, strftime(published_at, '%m/%d/%Y'), NULL, NULL, 'All followers',
                      CAST(round(reach * 1.3) AS BIGINT),
                      CASE WHEN format = 'li_video' THEN CAST(round(reach * 0.5) AS BIGINT) END, NULL,
                      CAST(round(reach * 0.02) AS BIGINT), 0.02, CAST(round(engagements * 0.8) AS BIGINT),
                      CAST(round(engagements * 0.1) AS BIGINT), CAST(round(engagements * 0.1) AS BIGINT), 0,
                      round(engagements / (reach * 1.3), 4), fmt_label, handle
               FROM post WHERE platform = 'linkedin' AND file_no = ? ORDER BY i""",
            [k],
        ).fetchall()
        handle = rows[0][-1]
        wb = openpyxl.Workbook(write_only=True)
        ws = wb.create_sheet("All posts")
        ws.append(
            [f"Organic and sponsored posts published by {rows[0][4]} from 01/01/2024 to 11/30/2026. "
             "Metrics are lifetime totals as of the export date."]
            + [None] * (len(header) - 1)
        )  # fmt: skip
        ws.append(header)
        for r in rows:
            ws.append(list(r[:-1]))
        path = folder / f"{handle}_content_1796083200000.xlsx"
        wb.save(path)
        out.append(str(path))
    return out


WRITERS = {
    "instagram": _instagram,
    "facebook": _facebook,
    "tiktok": _tiktok,
    "youtube": _youtube,
    "linkedin": _linkedin,
    "x": _x,
}


def _write_comments(con, folder: Path, n: int, seed: int) -> list[str]:
    if n <= 0:
        return []
    pool = _comment_texts(min(300_000, max(20_000, n // 20)), seed)
    con.execute("CREATE OR REPLACE TABLE pool AS SELECT unnest(?::VARCHAR[]) AS t", [pool])
    con.execute(
        "CREATE OR REPLACE TABLE pool2 AS SELECT row_number() OVER () AS k, t FROM pool"
    )  # 1-based index
    npool = len(pool)
    # forum-length posts: 6 to 14 sentences of the pool
    nlong = max(1000, npool // 10)
    con.execute(
        f"""CREATE OR REPLACE TABLE plong AS
            SELECT s.k, string_agg(p.t, '. ' ORDER BY p.k) AS t
            FROM (SELECT k, 1 + (k * 7919) % ({npool} - 20) AS lo, 5 + k % 9 AS len FROM range(1, {nlong} + 1) r(k)) s
            JOIN pool2 p ON p.k BETWEEN s.lo AND s.lo + s.len
            GROUP BY s.k"""
    )
    con.execute(
        """CREATE OR REPLACE TABLE ptarget AS
           SELECT row_number() OVER (ORDER BY g) - 1 AS j, platform, i, handle, published_at, format FROM post"""
    )
    nposts = con.execute("SELECT count(*) FROM ptarget").fetchone()[0]
    files = []
    nfiles = -(-n // COMMENTS_PER_FILE)
    for f in range(nfiles):
        lo, hi = f * n // nfiles, (f + 1) * n // nfiles
        path = folder / f"comments_{f:02d}.csv"
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE cbase AS
                SELECT c, CAST(floor(pow(u(c, 201), 1.7) * {nposts}) AS BIGINT) AS j,
                       u(c, 203) AS lu, CAST(floor(u(c, 205) * {npool}) AS BIGINT) AS t1,
                       CAST(floor(u(c, 207) * {npool}) AS BIGINT) AS t2
                FROM range({lo}, {hi}) r(c)"""
        )
        con.execute(
            """CREATE OR REPLACE TEMP TABLE ctext AS
                SELECT b.*, p.platform, p.i, p.handle, p.published_at, p.format,
                       CASE WHEN lu < (CASE p.platform WHEN 'x' THEN 0.03
                                        WHEN 'youtube' THEN 0.15 WHEN 'facebook' THEN 0.15
                                        WHEN 'linkedin' THEN 0.15 ELSE 0.10 END) THEN 3
                            WHEN lu < 0.35 THEN 2 ELSE 1 END AS shape
                FROM cbase b JOIN ptarget p USING (j)"""
        )
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE ctexts AS
                SELECT c.*, CASE shape
                    WHEN 1 THEN a.t
                    WHEN 2 THEN a.t || '. ' || b.t
                    ELSE a.t || '. ' || l.t
                    END AS text
                FROM ctext c JOIN pool2 a ON a.k = 1 + c.t1 JOIN pool2 b ON b.k = 1 + c.t2
                JOIN plong l ON l.k = 1 + c.t2 % {nlong}"""
        )
        _copy(
            con,
            """SELECT platform,
                      CASE WHEN platform IN ('youtube', 'x', 'tiktok') AND c % 5 = 0 THEN
                          CASE platform
                              WHEN 'youtube' THEN 'https://www.youtube.com/watch?v=Y' || lpad(CAST(i AS VARCHAR), 10, '0')
                              WHEN 'x' THEN 'https://x.com/' || handle || '/status/' || (2100000000000000000 + i)
                              ELSE 'https://www.tiktok.com/@' || handle || '/video/' || (7500000000000000000 + i)
                          END
                      END AS post_permalink,
                      CASE WHEN platform IN ('youtube', 'x', 'tiktok') AND c % 5 = 0 THEN NULL
                           ELSE CASE platform
                              WHEN 'instagram' THEN CAST(18000000000000000 + i AS VARCHAR)
                              WHEN 'facebook' THEN CAST(1400000000000000 + i AS VARCHAR)
                              WHEN 'tiktok' THEN CAST(7500000000000000000 + i AS VARCHAR)
                              WHEN 'youtube' THEN 'Y' || lpad(CAST(i AS VARCHAR), 10, '0')
                              WHEN 'linkedin' THEN 'urn:li:activity:' || (7400000000000000000 + i)
                              ELSE CAST(2100000000000000000 + i AS VARCHAR) END
                      END AS post_id,
                      CAST(17000000000000000 + c AS VARCHAR) AS comment_id,
                      CASE WHEN c % 10 = 3 AND c > 0 THEN CAST(17000000000000000 + c - 1 AS VARCHAR) END AS parent_id,
                      (['julie', 'marc', 'sophie_dlr', 'emma.b', 'lea_m', 'thomas_lb', 'karine.d', 'sarah_j',
                        'mike_t', 'nina_p'])[1 + c % 10] || '_' || CAST(hash(c, 211) % 2000003 AS VARCHAR) AS author,
                      strftime(published_at + to_seconds(CAST(floor(-ln(u(c, 213)) * 86400 * 2) AS BIGINT)),
                               '%Y-%m-%dT%H:%M:%S') AS published_at,
                      text, CAST(floor(pow(u(c, 215), 6) * 400) AS BIGINT) AS likes
               FROM ctexts ORDER BY c""",
            path,
        )
        files.append(str(path))
    return files


if __name__ == "__main__":
    import argparse
    import time

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=10_000)
    ap.add_argument("--comments", type=int, default=100_000)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    t = time.perf_counter()
    m = generate(a.out, a.posts, a.comments)
    print(json.dumps({k: v for k, v in m.items() if k != "files"}, indent=1))
    print(f"{time.perf_counter() - t:.1f} s")
