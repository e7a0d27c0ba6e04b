"""The warehouse schema: the single source of truth for every table.

Migrations are append-only: a released migration is never edited, a change is
a new entry. `apply_migrations` runs on every read-write open, inside one
transaction per migration, so a warehouse created by an older Relais is
brought up to date the first time a newer one opens it.
"""

from __future__ import annotations

import duckdb

from domain import POST_METRIC_COLUMNS, default_tiers

# Allowed codes (platforms, formats and families, profile types, tiers) and the per-post
# measures live in `domain`; this module only turns them into tables.
# Metric columns added by a later migration: migration 1 stays as it was released.
_LATER_POST_METRICS = ("engagements_total",)

_POST_METRICS_DDL = ",\n    ".join(f"{c} DOUBLE" for c in POST_METRIC_COLUMNS if c not in _LATER_POST_METRICS)

# Migration 1 lists the profile types in a CHECK as released; a new profile type in
# domain.PROFILE_TYPES needs a migration that relaxes it.
MIGRATIONS: list[tuple[int, str, str]] = [
    (
        1,
        "initial schema",
        f"""
CREATE TABLE campaigns (
    campaign_id      VARCHAR PRIMARY KEY,
    name             VARCHAR NOT NULL,
    client           VARCHAR,
    therapeutic_area VARCHAR,
    start_date       DATE,
    end_date         DATE,
    hashtags         VARCHAR[],
    budget           DOUBLE,
    currency         VARCHAR,
    extra            JSON,
    file_id          BIGINT
);

CREATE TABLE tier_thresholds (
    tier          VARCHAR PRIMARY KEY,
    min_followers BIGINT NOT NULL
);

-- One row per account on one platform. influencer_id = platform || ':' || lower(handle without @)
CREATE TABLE influencers (
    influencer_id VARCHAR PRIMARY KEY,
    platform      VARCHAR NOT NULL,
    handle        VARCHAR NOT NULL,
    display_name  VARCHAR,
    followers     BIGINT,
    profile_type  VARCHAR,
    specialty     VARCHAR,
    source        VARCHAR,  -- 'roster' or the export kind it was first seen in
    CHECK (profile_type IS NULL OR profile_type IN ('health_professional','patient_expert','caregiver','institution','generalist'))
);

CREATE TABLE roster (
    campaign_id       VARCHAR NOT NULL,
    influencer_id     VARCHAR NOT NULL,
    fee               DOUBLE,
    currency          VARCHAR,
    hcp_agreement_ref VARCHAR,
    extra             JSON,
    file_id           BIGINT,
    PRIMARY KEY (campaign_id, influencer_id)
);

-- post_id = platform || ':' || platform_post_id. posts and post_metrics carry no
-- PRIMARY KEY on purpose: DuckDB's index makes million-row loads several times
-- slower; the loader keeps keys unique (in-file dedupe + anti-joins) and the
-- data tests (tests/warehouse/test_data_quality.py) check it.
CREATE TABLE posts (
    post_id          VARCHAR NOT NULL,
    platform         VARCHAR NOT NULL,
    platform_post_id VARCHAR NOT NULL,
    influencer_id    VARCHAR,
    published_at     TIMESTAMP,
    format           VARCHAR NOT NULL,
    format_family    VARCHAR NOT NULL,
    title            VARCHAR,
    caption          VARCHAR,
    permalink        VARCHAR,
    is_boosted       BOOLEAN,
    campaign_id      VARCHAR,   -- assigned by warehouse.campaigns.assign_campaigns
    campaign_rule    VARCHAR,   -- 'override' | 'roster_window' | 'hashtag' | NULL
    first_file_id    BIGINT,
    updated_file_id  BIGINT
);

CREATE TABLE post_campaign_overrides (
    post_id     VARCHAR PRIMARY KEY,
    campaign_id VARCHAR,          -- NULL = explicitly no campaign
    set_by      VARCHAR NOT NULL,
    set_at      TIMESTAMP NOT NULL,
    reason      VARCHAR
);

-- History of what each export said about a post. snapshot_date = the export date.
CREATE TABLE post_metrics (
    post_id       VARCHAR NOT NULL,
    snapshot_date DATE NOT NULL,
    file_id       BIGINT NOT NULL,
    {_POST_METRICS_DDL},
    loaded_at     TIMESTAMP NOT NULL
);

-- Account-level series in long form: one value per (account, metric, date, dimension).
-- dimension is '' for a plain daily value; an hour, a gender, a territory... otherwise.
CREATE TABLE account_metrics (
    platform      VARCHAR NOT NULL,
    account       VARCHAR NOT NULL,
    metric        VARCHAR NOT NULL,
    date          DATE NOT NULL,
    dimension     VARCHAR NOT NULL DEFAULT '',
    value         DOUBLE,
    file_id       BIGINT NOT NULL,
    PRIMARY KEY (platform, account, metric, date, dimension)
);

CREATE SEQUENCE file_id_seq START 1;
CREATE TABLE load_files (
    file_id        BIGINT PRIMARY KEY DEFAULT nextval('file_id_seq'),
    file_name      VARCHAR NOT NULL,
    path           VARCHAR,
    content_hash   VARCHAR NOT NULL,
    kind           VARCHAR,
    platform       VARCHAR,
    snapshot_date  DATE,
    snapshot_basis VARCHAR,
    rows_read      BIGINT,
    rows_loaded    BIGINT,
    rows_rejected  BIGINT,
    rows_duplicate BIGINT,
    started_at     TIMESTAMP NOT NULL,
    finished_at    TIMESTAMP,
    status         VARCHAR NOT NULL,  -- 'loaded' | 'failed'
    message        VARCHAR,
    notes          VARCHAR[]
);

CREATE TABLE rejects (
    file_id     BIGINT NOT NULL,
    file_name   VARCHAR NOT NULL,
    row_number  BIGINT,
    column_name VARCHAR,
    reason      VARCHAR NOT NULL,
    raw_row     VARCHAR
);

-- Comments: author is an HMAC of the handle, never the handle itself.
CREATE TABLE comments (
    comment_id    VARCHAR PRIMARY KEY,
    platform      VARCHAR,
    post_id       VARCHAR,          -- NULL when the post is not (yet) known
    post_ref      VARCHAR,          -- permalink or platform post id as given by the export
    parent_id     VARCHAR,
    author_hash   VARCHAR,
    published_at  TIMESTAMP,
    text          VARCHAR,
    likes         BIGINT,
    file_id       BIGINT NOT NULL,
    first_loaded_at TIMESTAMP NOT NULL
);

CREATE TABLE comment_reactions (
    comment_id         VARCHAR PRIMARY KEY,
    categories         VARCHAR[] NOT NULL,
    adverse_event      BOOLEAN NOT NULL,
    products           VARCHAR[],
    cues               JSON,
    classifier_version VARCHAR NOT NULL,
    classified_at      TIMESTAMP NOT NULL
);

CREATE SEQUENCE correction_id_seq START 1;
CREATE TABLE reaction_corrections (
    correction_id BIGINT PRIMARY KEY DEFAULT nextval('correction_id_seq'),
    comment_id    VARCHAR NOT NULL,
    categories    VARCHAR[] NOT NULL,
    adverse_event BOOLEAN NOT NULL,
    corrected_by  VARCHAR NOT NULL,
    corrected_at  TIMESTAMP NOT NULL,
    reason        VARCHAR
);

CREATE TABLE products (
    name                 VARCHAR PRIMARY KEY,
    aliases              VARCHAR[],
    molecule             VARCHAR,
    kind                 VARCHAR,   -- medicine | device | supplement | other
    prescription_only    BOOLEAN,
    reimbursed           BOOLEAN,
    device_class         VARCHAR,
    client               VARCHAR,
    source               VARCHAR
);

CREATE TABLE post_compliance (
    post_id            VARCHAR PRIMARY KEY,
    disclosure         VARCHAR NOT NULL,   -- explicit | weak | missing
    disclosure_cues    VARCHAR[],
    products           VARCHAR[],
    product_risks      VARCHAR[],
    sensitive_topics   VARCHAR[],
    checker_version    VARCHAR NOT NULL,
    checked_at         TIMESTAMP NOT NULL
);

CREATE TABLE pv_cases (
    comment_id      VARCHAR PRIMARY KEY,
    day0            TIMESTAMP NOT NULL,
    due_at          TIMESTAMP NOT NULL,
    status          VARCHAR NOT NULL,  -- new | triaged | reported | not_a_case
    status_changed_at TIMESTAMP,
    status_changed_by VARCHAR
);

CREATE SEQUENCE pv_audit_seq START 1;
CREATE TABLE pv_audit (
    audit_id    BIGINT PRIMARY KEY DEFAULT nextval('pv_audit_seq'),
    comment_id  VARCHAR NOT NULL,
    from_status VARCHAR,
    to_status   VARCHAR NOT NULL,
    changed_by  VARCHAR NOT NULL,
    changed_at  TIMESTAMP NOT NULL,
    reason      VARCHAR
);
""",
    ),
    (
        2,
        "views: tiers and latest metrics",
        """
CREATE VIEW influencers_v AS
SELECT i.*,
       (SELECT t.tier FROM tier_thresholds t
         WHERE i.followers IS NOT NULL AND t.min_followers <= i.followers
         ORDER BY t.min_followers DESC LIMIT 1) AS tier
FROM influencers i;

-- The latest snapshot of each post: newest export date, then newest file.
CREATE VIEW post_metrics_latest AS
SELECT * EXCLUDE (rn) FROM (
    SELECT m.*, row_number() OVER (PARTITION BY post_id ORDER BY snapshot_date DESC, file_id DESC) AS rn
    FROM post_metrics m
) WHERE rn = 1;
""",
    ),
    (
        3,
        "post_metrics.engagements_total (total engagements when the export gives no split)",
        """
ALTER TABLE post_metrics ADD COLUMN engagements_total DOUBLE;
""",
    ),
    (
        4,
        "load_steps (derived steps per file, resumable) and warehouse_settings (key fingerprint)",
        """
-- One row per (file, derived step): written 'pending' with the file's rows, set 'done' by the
-- step's own transaction; 'failed' keeps the error. Undone steps run again on the next load.
CREATE TABLE load_steps (
    file_id     BIGINT NOT NULL,
    step        VARCHAR NOT NULL,
    state       VARCHAR NOT NULL,  -- pending | done | failed
    finished_at TIMESTAMP,
    message     VARCHAR,
    PRIMARY KEY (file_id, step)
);

-- Facts about the warehouse itself (e.g. the fingerprint of the pseudonymisation key).
CREATE TABLE warehouse_settings (
    name       VARCHAR PRIMARY KEY,
    value      VARCHAR NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
""",
    ),
    (
        5,
        "owned pages, hashtags, moderation actions, caption flags",
        """
-- The client's own pages (a laboratory's Instagram account, a brand's LinkedIn page), from the
-- pages list (sample_data/templates/pages.csv). They are accounts like any other (influencers),
-- shown with profile type 'brand_page' by influencers_v.
CREATE TABLE owned_pages (
    influencer_id    VARCHAR PRIMARY KEY,
    platform         VARCHAR NOT NULL,
    handle           VARCHAR NOT NULL,
    display_name     VARCHAR,
    client           VARCHAR,
    audience         VARCHAR,   -- declared audience: hcp | public | mixed | NULL
    therapeutic_area VARCHAR,
    extra            JSON,
    file_id          BIGINT
);

-- Hashtags of each post's caption and title (normalised: lower case, NFC, without '#').
CREATE TABLE post_hashtags (
    post_id VARCHAR NOT NULL,
    hashtag VARCHAR NOT NULL
);
-- Which version of each post was scanned (posts.updated_file_id): a newer export rescans it.
CREATE TABLE post_hashtags_scanned (
    post_id         VARCHAR PRIMARY KEY,
    updated_file_id BIGINT
);
-- posts loaded before this version (the loader keeps both tables up to date from now on)
INSERT INTO post_hashtags (post_id, hashtag)
SELECT post_id, unnest(list_distinct(list_filter(regexp_extract_all(
           nfc_normalize(lower(concat_ws(' ', title, caption))),
           '(?:^|[^\\p{L}\\p{N}\\p{M}_\\x{200C}\\x{200D}&/=])[#＃]([\\p{L}\\p{N}\\p{M}_\\x{200C}\\x{200D}]+)', 1),
           lambda h: NOT regexp_full_match(h, '[0-9]+') AND length(h) <= 100)))
FROM posts;
INSERT INTO post_hashtags_scanned SELECT post_id, updated_file_id FROM posts;

-- Community management: what was done about a comment of the moderation queue, by whom and why.
CREATE SEQUENCE moderation_action_seq START 1;
CREATE TABLE moderation_actions (
    action_id  BIGINT PRIMARY KEY DEFAULT nextval('moderation_action_seq'),
    comment_id VARCHAR NOT NULL,
    action     VARCHAR NOT NULL,  -- hide_requested | answered | no_action
    acted_by   VARCHAR NOT NULL,
    acted_at   TIMESTAMP NOT NULL,
    reason     VARCHAR NOT NULL
);

-- Medical-advice and promotion flags on captions, each with the phrase that triggered it.
CREATE TABLE post_caption_flags (
    post_id VARCHAR NOT NULL,
    flag    VARCHAR NOT NULL,  -- rx_medicine_to_public | dosage_advice | replaces_professional
    phrase  VARCHAR NOT NULL
);

CREATE OR REPLACE VIEW influencers_v AS
SELECT i.* REPLACE (CASE WHEN op.influencer_id IS NOT NULL THEN 'brand_page' ELSE i.profile_type END
                    AS profile_type),
       (SELECT t.tier FROM tier_thresholds t
         WHERE i.followers IS NOT NULL AND t.min_followers <= i.followers
         ORDER BY t.min_followers DESC LIMIT 1) AS tier,
       op.influencer_id IS NOT NULL AS owned
FROM influencers i
LEFT JOIN owned_pages op ON op.influencer_id = i.influencer_id;
""",
    ),
    (
        6,
        "post facts kept ready for the metrics: latest snapshot, reaction counts (warehouse/facts.py)",
        """
-- Derived, rebuilt from the tables above by warehouse.facts.refresh (a derived step of every
-- load); the metrics read them only while their stored digest matches the data.
CREATE TABLE post_latest AS SELECT * FROM post_metrics_latest WHERE false;
CREATE TABLE post_reaction_counts (
    post_id             VARCHAR NOT NULL,
    comments_loaded     BIGINT NOT NULL,
    comments_classified BIGINT NOT NULL,
    useful_reactions    BIGINT NOT NULL,
    adverse_events      BIGINT NOT NULL
);
CREATE TABLE post_reaction_categories (
    post_id  VARCHAR NOT NULL,
    category VARCHAR NOT NULL,
    n        BIGINT NOT NULL
);
""",
    ),
    (
        7,
        "comment_reactions.ae_score (the learned classifier's adverse-event probability)",
        """
ALTER TABLE comment_reactions ADD COLUMN ae_score DOUBLE;
""",
    ),
    (
        8,
        "moderation reasons kept ready for the queue (warehouse/moderation.py)",
        """
-- Derived, kept up to date by warehouse.moderation.refresh (derived step `moderation`): one row per
-- comment that has a reason to be moderated; reasons NULL = text changed, to check again.
CREATE TABLE comment_moderation (
    comment_id VARCHAR PRIMARY KEY,
    reasons    VARCHAR[],
    phrases    VARCHAR[]
);
""",
    ),
]


def apply_migrations(con: duckdb.DuckDBPyConnection) -> int:
    """Bring the warehouse to the newest schema version; returns that version."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        " version INTEGER PRIMARY KEY, description VARCHAR, applied_at TIMESTAMP)"
    )
    current = con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]
    for version, description, sql in MIGRATIONS:
        if version <= current:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            if version == 1:
                con.executemany(
                    "INSERT INTO tier_thresholds VALUES (?, ?)", [list(t) for t in default_tiers()]
                )
            con.execute(
                "INSERT INTO schema_version VALUES (?, ?, current_timestamp)",
                [version, description],
            )
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        current = version
    return current


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    try:
        return con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]
    except duckdb.CatalogException:
        return 0
