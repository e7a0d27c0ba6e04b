"""YouTube Studio exports (Analytics > Advanced mode > Export current view > CSV).

The export is a ZIP of three files, in the language of the Studio interface
(`Table data.csv`, `Chart data.csv`, `Totals.csv`; German `Tabellendaten.csv`,
`Diagrammdaten.csv`, `Gesamtwerte.csv`; French headers `Contenu`, `Titre de la
vidéo`, `Vues`...). Which metric columns appear is the person's choice, so
columns are recognised by name in English, German, French and Spanish, and
whatever is not there is NULL, never 0. German headers and the `Gesamt` label
carry soft hyphens (U+00AD): stripped from headers and values alike.

What each layout becomes:

* **Table data** grouped by video (`Content` column): one post per video.
  The first data row `Total` is a summary, not a record (not counted, noted).
  Video ids starting with `-` arrive with a leading space (trimmed). `Duration`
  is seconds; `Average view duration` is `h:mm:ss`; `Watch time (hours)` becomes
  seconds; percentages are bare numbers (`4.5` = 4.5 %), stored as fractions.
  Mapping: Views -> views, Watch time -> watch_time_sec, Average view duration ->
  avg_watch_time_sec, Average percentage viewed -> completion_rate (Shorts
  replays can exceed 1), Impressions -> impressions, Likes, Comments added ->
  comments, Shares, Unique viewers, Duration -> video_duration_sec; `Subscribers
  gained` -> follows, else `Subscribers` (YouTube's *net* figure, gained minus
  lost, can be negative) -> follows, noted. The impressions click-through rate
  has no post column and is not derived into clicks (it would be invented).
* **Chart data** (`Date` + `Content`): the daily series per video, stored in
  account_metrics with dimension = the video id. Grouped by something else
  (`Subscription status`...), dimension = `subscription_status:Subscribed`.
* **Totals**: daily channel totals in account_metrics (dimension '').
* Other report tabs without dates (`Viewer gender`, `Viewer age`, `Cities`,
  `Subscription status`): account_metrics dated by the export date (the file has
  no period), dimension = `viewer_gender:Female`; `Views (%)` -> `views_share`.

Format rule (documented in the README): the export's content type when it gives
one (live -> yt_live); else duration <= 60 s -> yt_short; 61-180 s with a
`#...short...` hashtag in the title -> yt_short (Shorts may last 3 min since Oct
2024); other known durations -> yt_video; no duration: a `#shorts` title ->
yt_short, else 'unknown'. A horizontal video under a minute is counted as a Short:
the export does not say otherwise.

The channel is not in the files: --account, else the export's folder or ZIP name
(`Content 2024-01-01_2024-03-31 Channel name`, which also gives the export
period), else account '(unspecified)' / posts without an account, with a note.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import duckdb

from etl.base import LoadOptions, ReadResult, RefusedFile, create_stage, init_rejects, reject_where
from etl.parsing import number_decimal, q, sql_is_null, sql_num
from etl.source import Source, hnorm
from etl.tabular import HeaderMatch, rows_of, stage_match
from etl.timestamps import timestamp_sql


def _a(*names: str) -> tuple[str, ...]:
    out: list[str] = []
    for n in names:
        for v in (n, n.replace("'", "\u2019")):
            h = hnorm(v)
            if h not in out:
                out.append(h)
    return tuple(out)


KEYS: dict[str, tuple[str, ...]] = {
    "content": _a("Content", "Video", "Contenu", "Vidéo", "Contenido", "Conteúdo", "Inhalt"),
    "title": _a("Video title", "Videotitel", "Titre de la vidéo", "Título del video", "Título do vídeo"),
    "published": _a(
        "Video publish time", "Veröffentlichungszeitpunkt des Videos", "Heure de publication de la vidéo",
        "Date de publication de la vidéo", "Hora de publicación del video", "Horário de publicação do vídeo",
    ),
    "duration": _a("Duration", "Dauer", "Durée", "Duración", "Duração"),
    "date": _a("Date", "Datum", "Fecha", "Data"),
}  # fmt: skip

# metric key -> (aliases, kind). kind: count | number | hours | duration | percent
METRICS: dict[str, tuple[tuple[str, ...], str]] = {
    "views": (_a("Views", "Aufrufe", "Vues", "Visualizaciones", "Visualizações"), "count"),
    "watch_time": (_a("Watch time (hours)", "Wiedergabezeit (Stunden)", "Durée de visionnage (heures)",
                      "Tiempo de visualización (horas)", "Tempo de exibição (horas)"), "hours"),
    "avg_view_duration": (_a("Average view duration", "Durchschnittliche Wiedergabedauer",
                             "Durée moyenne de visionnage", "Durée moyenne des vues",
                             "Duración media de las visualizaciones", "Duração média da visualização"), "duration"),
    "avg_pct_viewed": (_a("Average percentage viewed (%)", "Durchschnittlich angesehener Prozentsatz (%)",
                          "Pourcentage moyen regardé (%)", "Porcentaje medio visto (%)"), "percent"),
    "impressions": (_a("Impressions", "Impressionen", "Impresiones", "Impressões"), "count"),
    "impressions_ctr": (_a("Impressions click-through rate (%)", "Klickrate der Impressionen (%)",
                           "Taux de clics de l'impression (%)", "Taux de clics des impressions (%)",
                           "Porcentaje de clics de las impresiones (%)"), "percent"),
    "subscribers": (_a("Subscribers", "Abonnenten", "Abonnés", "Suscriptores", "Inscritos"), "count"),
    "subscribers_gained": (_a("Subscribers gained", "Gewonnene Abonnenten", "Abonnés gagnés",
                              "Suscriptores obtenidos"), "count"),
    "subscribers_lost": (_a("Subscribers lost", "Verlorene Abonnenten", "Abonnés perdus",
                            "Suscriptores perdidos"), "count"),
    "likes": (_a("Likes", "Mag ich", "„Mag ich“-Bewertungen", "J'aime", "Me gusta", "Marcações \"Gostei\""), "count"),
    "dislikes": (_a("Dislikes", "Mag ich nicht", "Je n'aime pas", "No me gusta"), "count"),
    "comments": (_a("Comments added", "Comments", "Hinzugefügte Kommentare", "Kommentare", "Commentaires ajoutés",
                    "Commentaires", "Comentarios añadidos"), "count"),
    "shares": (_a("Shares", "Geteilte Inhalte", "Teilen", "Partages", "Veces compartido"), "count"),
    "unique_viewers": (_a("Unique viewers", "Einzelne Zuschauer", "Spectateurs uniques", "Usuarios únicos"), "count"),
    "new_viewers": (_a("New viewers", "Neue Zuschauer", "Nouveaux spectateurs", "Usuarios nuevos"), "count"),
    "returning_viewers": (_a("Returning viewers", "Regular viewers", "Wiederkehrende Zuschauer",
                             "Spectateurs connus", "Usuarios recurrentes"), "count"),
    "casual_viewers": (_a("Casual viewers", "Gelegentliche Zuschauer", "Spectateurs occasionnels"), "count"),
    "engaged_views": (_a("Engaged views", "Interaktionsaufrufe", "Vues engagées"), "count"),
    "stayed_to_watch": (_a("Stayed to watch (%)",), "percent"),
    "views_per_viewer": (_a("Average views per viewer", "Durchschnittliche Aufrufe pro Zuschauer",
                            "Nombre moyen de vues par spectateur"), "number"),
    "estimated_revenue": (_a("Estimated revenue (USD)", "Estimated revenue (EUR)", "Geschätzter Umsatz (EUR)",
                             "Geschätzter Umsatz (USD)", "Revenus estimés (EUR)", "Revenus estimés (USD)"), "number"),
}  # fmt: skip
# columns only YouTube Studio writes: a file with one of them is surely YouTube
DISTINCTIVE = {
    "watch_time", "avg_view_duration", "avg_pct_viewed", "impressions_ctr", "subscribers", "subscribers_gained",
    "subscribers_lost", "stayed_to_watch", "engaged_views", "views_per_viewer", "casual_viewers",
}  # fmt: skip

# known grouping columns of other report tabs -> dimension prefix
DIMENSIONS: dict[str, tuple[str, ...]] = {
    "subscription_status": _a("Subscription status", "Abostatus", "Abonnementstatus", "Statut d'abonnement",
                              "Estado de suscripción"),
    "subscription_source": _a("Subscription source", "Abonnementquelle", "Source d'abonnement"),
    "viewer_gender": _a("Viewer gender", "Geschlecht der Zuschauer", "Sexe des spectateurs",
                        "Género de los usuarios"),
    "viewer_age": _a("Viewer age", "Alter der Zuschauer", "Âge des spectateurs", "Edad de los usuarios"),
    "cities": _a("Cities", "Städte", "Villes", "Ciudades"),
    "city_name": _a("City name", "Name der Stadt", "Nom de la ville", "Nombre de la ciudad"),
    "geography": _a("Geography", "Geografie", "Zone géographique", "Geografía"),
    "traffic_source": _a("Traffic source", "Besucherquelle", "Zugriffsquelle", "Source de trafic",
                         "Fuente de tráfico"),
    "device_type": _a("Device type", "Gerätetyp", "Type d'appareil", "Tipo de dispositivo"),
    "operating_system": _a("Operating system", "Betriebssystem", "Système d'exploitation"),
    "playback_location": _a("Playback location", "Wiedergabeort", "Emplacement de lecture"),
    "content_type": _a("Content type", "Inhaltstyp", "Type de contenu", "Tipo de contenido"),
    "subtitles": _a("Subtitles and CC", "Untertitel", "Sous-titres"),
    "sharing_service": _a("Sharing service", "Dienst zum Teilen", "Service de partage"),
    "youtube_product": _a("YouTube product", "YouTube-Produkt", "Produit YouTube"),
    "new_returning": _a("New and returning viewers", "Neue und wiederkehrende Zuschauer"),
}  # fmt: skip

_TOTAL_LABELS = ("total", "totals", "gesamt", "insgesamt", "totale", "totales", "totaal", "summe")
_ALIAS_TO_METRIC = {a: k for k, (aliases, _kind) in METRICS.items() for a in aliases}
_ALIAS_TO_KEY = {a: k for k, aliases in KEYS.items() for a in aliases}
_ALIAS_TO_DIM = {a: k for k, aliases in DIMENSIONS.items() for a in aliases}

# posts: metric key -> post metric column
POST_MAP = {
    "views": "views",
    "watch_time": "watch_time_sec",
    "avg_view_duration": "avg_watch_time_sec",
    "avg_pct_viewed": "completion_rate",
    "impressions": "impressions",
    "likes": "likes",
    "comments": "comments",
    "shares": "shares",
    "unique_viewers": "unique_viewers",
}
# account_metrics: metric key -> metric name (others keep their key)
ACCOUNT_NAMES = {
    "watch_time": "watch_time_sec",
    "avg_view_duration": "avg_watch_time_sec",
    "avg_pct_viewed": "completion_rate",
    "subscribers": "subscribers_net",
    "subscribers_gained": "follows",
}

_YT_ID_RE = "^[A-Za-z0-9_-]{11}$"
_FOLDER_RE = re.compile(r"(\d{4}-\d{2}-\d{2})_(\d{4}-\d{2}-\d{2})\s+(.+?)(?:\.zip)?$", re.I)
_FOLDER_PREFIX_RE = re.compile(r"(?i)^(?:youtube|yt|channel|chaine|chaîne|kanal|account)[_\- ](.+)$")


@dataclass
class _Col:
    j: int
    header: str
    role: str  # key | metric | dim
    key: str  # key name, metric key or dimension prefix
    kind: str = "count"
    known: bool = True
    col: str = ""  # staged column name


@dataclass
class _Layout:
    kind: str  # table | chart | series | dims
    sheet: str | None
    header_index: int
    header: list[str]
    cols: list[_Col] = field(default_factory=list)
    score: float = 0.0

    def key(self, name: str) -> _Col | None:
        return next((c for c in self.cols if c.role == "key" and c.key == name), None)

    @property
    def metrics(self) -> list[_Col]:
        return [c for c in self.cols if c.role == "metric"]

    @property
    def dims(self) -> list[_Col]:
        return [c for c in self.cols if c.role == "dim"]


def _slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "_", hnorm(text).replace("%", " pct "))
    return s.strip("_") or "value"


def _looks_numeric(values: list[str]) -> bool:
    vals = [v.strip() for v in values if v and v.strip() and v.strip().lower() not in ("-", "--", "n/a")]
    if not vals:
        return True  # an empty column: a metric nobody filled, not a grouping
    ok = sum(bool(re.fullmatch(r"-?[\d.,\s]+%?|\d+:\d{1,2}(:\d{1,2})?(\.\d+)?", v)) for v in vals)
    return ok >= 0.8 * len(vals)


def _classify(header: list[object], body: list[list[object]]) -> _Layout | None:
    cells = [hnorm(c) for c in header]
    if sum(1 for c in cells if c) < 2:
        return None
    cols: list[_Col] = []
    seen: set[str] = set()
    for j, cell in enumerate(cells):
        raw = "" if header[j] is None else str(header[j]).replace("\u00ad", "").strip()
        if not cell:
            continue
        if cell in _ALIAS_TO_KEY and ("k:" + _ALIAS_TO_KEY[cell]) not in seen:
            cols.append(_Col(j, raw, "key", _ALIAS_TO_KEY[cell]))
            seen.add("k:" + _ALIAS_TO_KEY[cell])
        elif cell in _ALIAS_TO_METRIC and ("m:" + _ALIAS_TO_METRIC[cell]) not in seen:
            k = _ALIAS_TO_METRIC[cell]
            cols.append(_Col(j, raw, "metric", k, METRICS[k][1]))
            seen.add("m:" + k)
        elif cell.endswith("(%)") and cell[:-3].strip() in _ALIAS_TO_METRIC:
            k = _ALIAS_TO_METRIC[cell[:-3].strip()] + "_share"
            cols.append(_Col(j, raw, "metric", k, "percent"))
        elif cell in _ALIAS_TO_DIM:
            cols.append(_Col(j, raw, "dim", _ALIAS_TO_DIM[cell]))
        else:
            values = [str(r[j]) if j < len(r) and r[j] is not None else "" for r in body[:30]]
            if _looks_numeric(values):
                kind = "percent" if cell.endswith("(%)") else "number"
                if any(re.fullmatch(r"\d+:\d{1,2}(:\d{1,2})?", v.strip()) for v in values if v):
                    kind = "duration"
                cols.append(_Col(j, raw, "metric", _slug(raw), kind, known=False))
            else:
                cols.append(_Col(j, raw, "dim", _slug(raw), known=False))
    known_metrics = [c for c in cols if c.role == "metric" and c.known]
    if not known_metrics:
        return None
    lay = _Layout("", None, 0, [str(h) if h is not None else "" for h in header], cols)
    has_content = lay.key("content") is not None
    has_date = lay.key("date") is not None
    descriptive = any(lay.key(k) for k in ("title", "published", "duration"))
    distinctive = any(c.key in DISTINCTIVE for c in known_metrics) or any(c.known for c in lay.dims)
    unknown = [c for c in cols if not c.known]
    if has_content:
        lay.kind = "chart" if has_date else "table"
        lay.score = 0.9 if descriptive else (0.6 if distinctive else 0.4)
        # the content dimension of a content table: a content-type column is a key here
        for c in lay.dims:
            if c.key == "content_type" and c.known:
                c.role = "key"
        return lay
    if descriptive:
        return None  # a title or publish time without the video id: not a Studio layout
    if has_date:
        lay.kind = "series"
        if unknown and not distinctive:
            return None
        lay.score = 0.8 if distinctive else 0.35
        return lay
    if not lay.dims or not distinctive:
        return None
    if lay.cols[0].role != "dim":
        return None  # grouping columns come first in every Studio tab
    lay.kind = "dims"
    lay.score = 0.75
    return lay


def _find(source: Source) -> _Layout | None:
    best = None
    for sheet, rows in rows_of(source):
        for i, row in enumerate(rows[:5]):
            lay = _classify(row, rows[i + 1 :])
            if lay and (best is None or lay.score > best.score):
                lay.sheet, lay.header_index = sheet, i
                best = lay
    return best


def _channel_and_period(source: Source) -> tuple[str | None, dt.date | None, str | None]:
    """(channel, end of period, where it came from) from the export's folder or ZIP name."""
    parts = [p for p in source.name.replace("\\", "/").split("/")[:-1] if p]
    parts += list(source.path.parent.parts[-3:])
    for part in reversed(parts):
        m = _FOLDER_RE.search(part)
        if m:
            try:
                end = dt.date.fromisoformat(m.group(2))
            except ValueError:
                end = None
            return m.group(3).strip(), end, part
        m = _FOLDER_PREFIX_RE.match(part)
        if m and not part.lower().startswith("relais_zip_"):
            return m.group(1).strip(), None, part
    return None, None, None


def _value_sql(c: _Col, decimal: str) -> str:
    n = sql_num(c.col, decimal)
    if c.kind == "hours":
        return f"round({n} * 3600, 3)"
    if c.kind == "percent":
        return f"({n} / 100)"
    if c.kind == "duration":
        return _duration_sql(c.col, decimal)
    return n


def _duration_sql(col: str, decimal: str) -> str:
    """Seconds from `h:mm:ss`, `m:ss` or a plain number of seconds."""
    v = f"trim({q(col)})"
    part = "CAST(split_part({v}, ':', {i}) AS DOUBLE)"
    return (
        f"(CASE WHEN {sql_is_null(col)} THEN NULL "
        f"WHEN regexp_full_match({v}, '[0-9]+:[0-9]{{1,2}}:[0-9]{{1,2}}(\\.[0-9]+)?') THEN "
        f"{part.format(v=v, i=1)} * 3600 + {part.format(v=v, i=2)} * 60 + {part.format(v=v, i=3)} "
        f"WHEN regexp_full_match({v}, '[0-9]+:[0-9]{{1,2}}(\\.[0-9]+)?') THEN "
        f"{part.format(v=v, i=1)} * 60 + {part.format(v=v, i=2)} "
        f"ELSE {sql_num(col, decimal)} END)"
    )


class YouTubeStudioReader:
    kind = "youtube_studio"
    platform = "youtube"
    description = "YouTube Studio export (Table data / Chart data / Totals)"

    def detect(self, source: Source) -> float:
        lay = _find(source)
        return lay.score if lay else 0.0

    def read(self, con: duckdb.DuckDBPyConnection, source: Source, options: LoadOptions) -> ReadResult:
        lay = _find(source)
        if lay is None:
            raise RefusedFile("no YouTube Studio metric columns found")
        names = [f"c{j}" for j in range(len(lay.header))]
        for c in lay.cols:
            c.col = names[c.j]
        match = HeaderMatch(lay.header_index, {}, names, lay.header, sheet=lay.sheet)
        rows = stage_match(con, source, match, "stg")
        notes = list(source.notes)
        init_rejects(con)
        staged = [r[0] for r in con.execute("DESCRIBE stg").fetchall() if r[0] != "_row"]
        # soft hyphens inside values (`Ge\u00adsamt`, German titles) are invisible: drop them
        con.execute("UPDATE stg SET " + ", ".join(f"{q(n)} = replace({q(n)}, chr(173), '')" for n in staged))

        # summary rows are not records
        label_col = lay.key("content") or (lay.dims[0] if lay.dims else None) or lay.key("date")
        if label_col is not None:
            lc = q(label_col.col)
            found = con.execute(
                f"SELECT _row, trim({lc}) FROM stg WHERE lower(trim({lc})) IN ({', '.join('?' for _ in _TOTAL_LABELS)})",
                list(_TOTAL_LABELS),
            ).fetchall()
            if found:
                con.execute(f"DELETE FROM stg WHERE _row IN ({', '.join(str(int(r[0])) for r in found)})")
                rows -= len(found)
                notes.append(
                    f"the {found[0][1]!r} row (row {', '.join(str(r[0]) for r in found)}) sums the table: "
                    "a summary, not a record, so it is not counted"
                )

        decimal = number_decimal(
            [
                r[0]
                for c in lay.metrics
                for r in con.execute(f"SELECT {q(c.col)} FROM stg LIMIT 300").fetchall()
            ]
        )
        if decimal == ",":
            notes.append("numbers use a decimal comma")

        channel, period_end, folder = _channel_and_period(source)
        if options.account:
            account = options.account.strip().lstrip("@")
        elif channel:
            account = channel
            notes.append(f"channel '{channel}' taken from the folder/ZIP name {folder!r}")
        else:
            account = None
        handle = account.lower() if account else None
        if channel and not options.account:
            # the folder gives the channel's display name: the roster knows its handle
            known = con.execute(
                "SELECT handle FROM influencers WHERE platform = 'youtube' "
                "AND (lower(display_name) = lower(?) OR handle = lower(?)) ORDER BY handle LIMIT 1",
                [channel, channel],
            ).fetchone()
            if known:
                handle = known[0]
                notes.append(f"channel '{channel}' is '{handle}' in the roster (matched by display name)")
        if options.export_date:
            snap, basis = options.export_date, "export date given"
        elif period_end:
            snap, basis = period_end, "end of the period in the export's folder/ZIP name"
        else:
            snap, basis = options.today, "load date (the file states no export date; pass --export-date)"

        if lay.kind == "table":
            tables = self._posts(con, lay, decimal, handle, account, notes)
        else:
            if account is None:
                notes.append("the file does not name its channel: loaded as '(unspecified)'; pass --account")
            tables = self._account(con, lay, decimal, handle or "(unspecified)", snap, basis, notes)
        return ReadResult(
            kind={"table": "youtube_videos", "chart": "youtube_video_daily", "series": "youtube_channel_daily",
                  "dims": "youtube_breakdown"}[lay.kind],
            platform="youtube",
            rows_read=rows,
            raw_table="stg",
            tables=tables,
            snapshot_date=snap,
            snapshot_basis=basis,
            notes=notes,
        )  # fmt: skip

    # -- helpers -------------------------------------------------------------------
    def _reject_metrics(self, con, cols: list[_Col], decimal: str) -> None:
        for c in cols:
            expr = _duration_sql(c.col, decimal) if c.kind == "duration" else sql_num(c.col, decimal)
            reject_where(
                con,
                "stg",
                f"NOT {sql_is_null(c.col)} AND {expr} IS NULL",
                c.header,
                "not a number: " if c.kind != "duration" else "not a duration (h:mm:ss): ",
                q(c.col),
            )

    def _video_id_rejects(self, con, col: _Col) -> str:
        vid = f"trim({q(col.col)})"
        reject_where(con, "stg", f"nullif({vid}, '') IS NULL", col.header, "missing video id")
        reject_where(
            con,
            "stg",
            f"NOT regexp_matches({vid}, '{_YT_ID_RE}')",
            col.header,
            "not a YouTube video id: ",
            vid,
        )
        return vid

    def _posts(
        self, con, lay: _Layout, decimal: str, handle: str | None, account: str | None, notes: list[str]
    ) -> dict[str, str]:
        content = lay.key("content")
        assert content is not None
        vid = self._video_id_rejects(con, content)
        pub = lay.key("published")
        pub_expr = "CAST(NULL AS TIMESTAMP)"
        if pub:
            ts = timestamp_sql(con, "stg", pub.col, pub.header)
            if ts.note:
                notes.append(ts.note)
            pub_expr = ts.expr
            reject_where(
                con,
                "stg",
                f"NOT {sql_is_null(pub.col)} AND {pub_expr} IS NULL",
                pub.header,
                "not a date: ",
                q(pub.col),
            )
        duration = lay.key("duration")
        if duration:
            duration.kind = "duration"
        by_key = {c.key: c for c in lay.metrics}
        stored: dict[str, _Col] = {}
        for k, target in POST_MAP.items():
            if k in by_key:
                stored[target] = by_key[k]
        follows = by_key.get("subscribers_gained") or by_key.get("subscribers")
        if follows is not None:
            stored["follows"] = follows
            if follows.key == "subscribers":
                notes.append(
                    f"'{follows.header}' is YouTube's net figure (gained minus lost, may be negative): "
                    "stored as follows"
                )
        if duration:
            stored["video_duration_sec"] = duration
        self._reject_metrics(con, list(stored.values()), decimal)
        skipped = [c.header for c in lay.metrics if c not in stored.values()]
        if skipped:
            notes.append("columns with no per-post metric in Relais, not stored: " + ", ".join(skipped))
        if not any(lay.key(k) for k in ("published",)):
            notes.append("no publish time column: published_at is NULL")

        title = lay.key("title")
        title_expr = f"nullif(trim({q(title.col)}), '')" if title else "NULL"
        dur_expr = _duration_sql(duration.col, decimal) if duration else "NULL"
        ctype = lay.key("content_type")
        ct = f"lower(coalesce({q(ctype.col)}, ''))" if ctype else "''"
        shorts_tag = f"regexp_matches(lower(coalesce({title_expr}, '')), '#[[:alnum:]_]*short')"
        fmt = f"""(CASE
            WHEN regexp_matches({ct}, 'live|direct|en vivo|ao vivo') THEN 'yt_live'
            WHEN regexp_matches({ct}, 'short') THEN 'yt_short'
            WHEN regexp_matches({ct}, 'vid') THEN 'yt_video'
            WHEN {dur_expr} <= 60 THEN 'yt_short'
            WHEN {dur_expr} <= 180 AND {shorts_tag} THEN 'yt_short'
            WHEN {dur_expr} IS NOT NULL THEN 'yt_video'
            WHEN {shorts_tag} THEN 'yt_short'
            ELSE 'unknown' END)"""
        if not duration and not ctype:
            notes.append("no Duration column: Shorts are told only by a #shorts title, else format 'unknown'")

        metric_sql = ", ".join(f"{_value_sql(c, decimal)} AS {target}" for target, c in stored.items())
        if account is None:
            notes.append(
                "the file does not name its channel: posts loaded without an account; pass --account"
            )
        select = f"""
            SELECT _row, 'youtube' AS platform, {vid} AS platform_post_id,
                   CAST(? AS VARCHAR) AS account_handle, CAST(? AS VARCHAR) AS account_name,
                   {pub_expr} AS published_at, {fmt} AS format, {title_expr} AS title,
                   'https://www.youtube.com/watch?v=' || {vid} AS permalink
                   {", " + metric_sql if metric_sql else ""}
            FROM stg WHERE _row NOT IN (SELECT _row FROM _rejects)
        """
        create_stage(con, "posts", "stage_posts", select, [handle, account])
        return {"posts": "stage_posts"}

    def _account(
        self, con, lay: _Layout, decimal: str, account: str, snap: dt.date, basis: str, notes: list[str]
    ) -> dict[str, str]:
        date_col = lay.key("date")
        if date_col is not None:
            vals = [
                r[0] for r in con.execute(f"SELECT {q(date_col.col)} FROM stg LIMIT 50").fetchall() if r[0]
            ]
            prefer = "dmy" if any(re.match(r"^\d{1,2}[-.]", v.strip()) for v in vals) else "mdy"
            ts = timestamp_sql(con, "stg", date_col.col, date_col.header, prefer=prefer)
            if ts.note:
                notes.append(ts.note)
            reject_where(con, "stg", f"{ts.expr} IS NULL", date_col.header, "not a date: ", q(date_col.col))
            date_expr = f"CAST({ts.expr} AS DATE)"
            date_params: list = []
        else:
            date_expr = "CAST(? AS DATE)"
            date_params = [snap]
            notes.append(
                f"this report has no dates: its values are dated {snap.isoformat()} ({basis}); "
                "the period it covers is the one chosen in YouTube Studio"
            )
        content = lay.key("content")
        dim_params: list = []
        if content is not None:
            dim_expr = self._video_id_rejects(con, content)
        elif lay.dims:
            joined = " || ' | ' || ".join(f"coalesce(trim({q(d.col)}), '')" for d in lay.dims)
            dim_expr = f"(? || ':' || {joined})"
            dim_params = [lay.dims[0].key]
        else:
            dim_expr = "''"
        metrics = lay.metrics
        self._reject_metrics(con, metrics, decimal)
        unknown = [c.header for c in metrics if not c.known]
        if unknown:
            notes.append("metrics stored under their own name: " + ", ".join(unknown))
        if any(c.kind == "percent" for c in metrics):
            notes.append("percentages stored as fractions (4.5 -> 0.045)")
        parts, params = [], []
        for c in metrics:
            parts.append(
                f"""SELECT _row, 'youtube' AS platform, CAST(? AS VARCHAR) AS account, CAST(? AS VARCHAR) AS metric,
                           {date_expr} AS date, {dim_expr} AS dimension, {_value_sql(c, decimal)} AS value
                    FROM stg WHERE _row NOT IN (SELECT _row FROM _rejects)"""
            )
            params += [account, ACCOUNT_NAMES.get(c.key, c.key)] + date_params + dim_params
        create_stage(con, "account_metrics", "stage_account", " UNION ALL ".join(parts), params)
        return {"account_metrics": "stage_account"}


READERS = [YouTubeStudioReader()]
