"""Data page: the load function on real files and a real DuckDB file, and the page itself (AppTest).

Uploading through a browser is covered by tests/test_browser.py; here the
page's `load_uploads` gets the bytes an upload would give.

`write_fixture_exports` / `write_extra_export` also serve test_report.py and
test_browser.py: a small campaign (roster + Instagram content export +
comments) big enough for the format and profile comparisons.
"""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from etl.base import LoadOptions
from etl.readers.roster import CAMPAIGN_COLUMNS, ROSTER_COLUMNS
from warehouse import uploads as page
from warehouse.db import connect

ROOT = Path(__file__).resolve().parents[1]

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


# --------------------------------------------------------------------------- load function


@pytest.fixture
def env_db(tmp_path, monkeypatch) -> Path:
    db = tmp_path / "wh" / "relais.duckdb"
    monkeypatch.setenv("RELAIS_DB", str(db))
    monkeypatch.delenv(page.MAX_UPLOAD_ENV, raising=False)
    return db


def _counts(db: Path) -> tuple[int, int, int, int]:
    with connect(db, read_only=True) as con:
        return con.execute(
            "SELECT (SELECT count(*) FROM posts), (SELECT count(*) FROM campaigns),"
            " (SELECT count(*) FROM load_files), (SELECT count(*) FROM rejects)"
        ).fetchone()


def _uploads(paths: list[Path]) -> list[page.Upload]:
    return [page.Upload(p.name, p.read_bytes()) for p in paths]


def test_load_uploads_loads_real_files_with_progress(env_db, tmp_path):
    files = write_fixture_exports(tmp_path / "in")
    progress: list[tuple[int, int, str]] = []
    processed: set[str] = set()
    out = page.load_uploads(
        _uploads(files), LoadOptions(), on_progress=lambda *a: progress.append(a), processed=processed
    )
    assert not out.refused and not out.skipped
    by_file = {s.file: s for s in out.summaries}
    assert set(by_file) == {f.name for f in files}  # original names, not temp paths
    assert all(s.status == "loaded" for s in out.summaries), [s.message for s in out.summaries]
    assert by_file["roster.csv"].kind == "roster"
    assert by_file["Oct-01-2026_Oct-31-2026_1784146358.csv"].loaded == 48
    # the roster loads first, so the posts find their campaign on this very load
    assert progress[0][2] in ("campaigns.csv", "roster.csv") and progress[-1] == (4, 4, "")
    with connect(env_db, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM posts WHERE campaign_id = 'OR26'").fetchone()[0] == 48
    assert len(processed) == 4

    # pressing Load again with the same files in the session: nothing reaches the loader
    before = _counts(env_db)
    again = page.load_uploads(_uploads(files), LoadOptions(), processed=processed)
    assert sorted(again.skipped) == sorted(f.name for f in files) and not again.summaries
    assert _counts(env_db) == before
    # a new session: the loader's own idempotence answers
    fresh = page.load_uploads(_uploads(files[:1]), LoadOptions(), processed=set())
    assert [s.status for s in fresh.summaries] == ["already_loaded"]
    assert _counts(env_db) == before


def test_rejected_rows_and_history_are_read_back(env_db, tmp_path):
    rows = instagram_rows(1, 19000000000000000, seed=3)
    rows[1][6] = "not a date"  # publish time
    rows[2][12] = "12abc"  # reach
    f = instagram_file(tmp_path / "bad.csv", rows)
    out = page.load_uploads(_uploads([f]))
    (s,) = out.summaries
    assert s.status == "loaded" and s.rejected == 2 and s.loaded == 6
    frame = page.summaries_frame(out.summaries)
    assert list(frame.columns) == [
        "file", "kind", "rows_read", "loaded", "rejected", "duplicates", "status", "notes"
    ]  # fmt: skip
    with connect(env_db, read_only=True) as con:
        rej = page.rejected_rows(con)
        hist = page.load_history(con)
        files = page.rejected_files(con)
    assert len(rej) == 2 and set(rej["row_number"]) == {3, 4}
    assert rej["reason"].str.len().min() > 0 and rej["raw_row"].notna().all()
    assert hist.loc[0, "file_name"] == "bad.csv" and hist.loc[0, "rows_rejected"] == 2
    assert files.loc[0, "rows"] == 2


def test_oversize_upload_never_reaches_the_loader(env_db, tmp_path, monkeypatch):
    monkeypatch.setenv(page.MAX_UPLOAD_ENV, "0.001")  # ~1 KB
    f = write_fixture_exports(tmp_path / "in")[2]  # the 48-post export, several KB
    before = _counts(env_db)
    out = page.load_uploads(_uploads([f]))
    assert [r.reason for r in out.refused] == ["too_large"] and not out.summaries
    assert _counts(env_db) == before  # not even a 'failed' ledger row
    monkeypatch.setenv(page.MAX_UPLOAD_ENV, "nonsense")
    assert page.max_upload_bytes() == 50 * 1024 * 1024


def test_unknown_kind_gives_a_message_and_changes_nothing(env_db, tmp_path):
    before = _counts(env_db)
    out = page.load_uploads([page.Upload("notes.txt", b"hello"), page.Upload("../../etc/passwd", b"x")])
    assert [r.reason for r in out.refused] == ["unknown_kind", "unknown_kind"]
    assert out.refused[1].name == "passwd"  # never a path
    assert _counts(env_db) == before
    # a CSV that is no known export: the loader records a failed load, data untouched
    out = page.load_uploads([page.Upload("random.csv", b"foo,bar\n1,2\n")])
    (s,) = out.summaries
    assert s.status == "failed" and "not a recognised export" in (s.message or "")
    posts, campaigns, ledger, rejects = _counts(env_db)
    assert (posts, campaigns, rejects) == before[:2] + before[3:] and ledger == before[2] + 1


def test_roster_template_has_the_roster_columns():
    files = {name: data for name, data, _ in page.roster_template_files()}
    csvs = [d.decode("utf-8") for n, d in files.items() if n.endswith(".csv")]
    assert any("campaign_id,platform,handle" in c for c in csvs)
    assert any(n.endswith(".xlsx") for n in files)


# --------------------------------------------------------------------------- the page (AppTest)


def _app(lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(ROOT / "ui" / "pages" / "data.py"), default_timeout=30)
    at.query_params["lang"] = lang
    return at


def test_page_on_empty_warehouse(env_db):
    at = _app().run()
    assert not at.exception, at.exception
    assert at.title[0].value.startswith("Data")
    assert [t.label for t in at.tabs][:2] == ["Rejected rows", "Load history"]
    text = " ".join(c.value for c in at.caption)
    assert "No rejected row." in text and "No file loaded yet." in text
    assert at.button(key="FormSubmitter:data_upload-Load") is not None


def test_page_shows_ledger_and_rejects_after_a_load(env_db, tmp_path):
    rows = instagram_rows(1, 19100000000000000, seed=4)
    rows[0][6] = "31/31/2026"
    page.load_uploads(_uploads([instagram_file(tmp_path / "export_oct.csv", rows)]))
    at = _app("fr").run()
    assert not at.exception, at.exception
    assert at.title[0].value.startswith("Données")
    frames = [df.value for df in at.dataframe]
    rejects = next(f for f in frames if "Raison" in f.columns)
    assert rejects["Fichier"].tolist() == ["export_oct.csv"] and rejects["Ligne"].tolist() == [2]
    history = next(f for f in frames if "Chargement n°" in f.columns)
    assert history["Fichier"].tolist() == ["export_oct.csv"] and history["Rejetées"].tolist() == [1]
    catalogue = next(f for f in frames if "Indicateur" in f.columns)
    assert "Taux d'engagement" in " ".join(catalogue["Indicateur"])


def test_new_data_shows_without_restart(env_db, tmp_path):
    """The cached read of the page drops when a load goes through write_call."""
    at = _app().run()
    assert "0 post(s)" in " ".join(c.value for c in at.caption)
    page.load_uploads(_uploads(write_fixture_exports(tmp_path / "in")))
    at.run()
    assert "48 post(s)" in " ".join(c.value for c in at.caption)


def test_processed_hashes_survive_reruns(env_db, tmp_path):
    """The page's load runs from the form only; a rerun re-shows the last result without loading."""
    at = _app().run()
    at.session_state["data_last"] = {
        "summaries": [
            {
                "file": "a.csv",
                "status": "failed",
                "kind": None,
                "platform": None,
                "rows_read": 0,
                "loaded": 0,
                "rejected": 0,
                "duplicates": 0,
                "file_id": None,
                "snapshot_date": None,
                "message": "not a recognised export",
                "notes": [],
            }
        ],  # fmt: skip
        "refused": [("big.csv", "too_large", "60.0/50")],
        "skipped": [],
    }
    at.run()
    errors = " ".join(e.value for e in at.error)
    assert "big.csv: too large" in errors and "a.csv: not loaded" in errors
    with duckdb.connect(str(env_db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM load_files").fetchone()[0] == 0


def test_client_report_tab_prepares_a_download(env_db, tmp_path):
    page.load_uploads(_uploads(write_fixture_exports(tmp_path / "in")))
    at = _app().run()
    at.radio(key="data_report_kind").set_value("html")
    at.button(key="data_report_prepare").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    kind, lang, data = at.session_state["data_report"]
    assert (kind, lang) == ("html", "en") and data.startswith(b"<!DOCTYPE html>")
    assert b'class="plotly-graph-div"' in data
