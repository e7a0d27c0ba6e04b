"""Derived steps: the work a load triggers beyond its own rows, each one resumable.

Why: a file's rows and its ledger row commit in one transaction, but campaign
assignment, comment linking, reaction classification (which opens the
pharmacovigilance cases) and compliance checks look at the whole warehouse and
run after that commit. A kill or Ctrl-C between the two used to leave the file
`loaded` with its comments never classified and its PV cases never opened,
for good. Now the data transaction also writes one `load_steps` row per
derived step in state `pending`; each step then runs in its own transaction
that ends by marking its rows `done`. Whatever interrupts a step, its rows
stay `pending` (or `failed`, with the error) and the next `relais load`, or
the dashboard when it opens, runs it again.

The contract of a step: a named function `fn(con)` that brings the derived
data up to date for the whole warehouse (it finds its own work), is idempotent
(running it twice changes nothing the second time) and never opens or commits
a transaction itself. `register_step` adds one (e.g. a bulk or learned
classifier replacing `reactions`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb


class LoadInterrupted(KeyboardInterrupt):
    """Ctrl-C / SIGTERM during a load: what was committed stays, the rest resumes next time."""


@dataclass(frozen=True)
class DerivedStep:
    name: str
    run: Callable[[duckdb.DuckDBPyConnection], object]
    description: str


def _assign(con: duckdb.DuckDBPyConnection) -> object:
    from warehouse.campaigns import assign_campaigns

    return assign_campaigns(con)


def _relink(con: duckdb.DuckDBPyConnection) -> object:
    from warehouse.campaigns import relink_comments

    return relink_comments(con)


def _reactions(con: duckdb.DuckDBPyConnection) -> object:
    from reactions.classify import classify_new_comments
    from warehouse.products import product_matcher

    return classify_new_comments(con, products=product_matcher(con))


def _moderation(con: duckdb.DuckDBPyConnection) -> object:
    from warehouse.moderation import refresh

    return refresh(con)


def _compliance(con: duckdb.DuckDBPyConnection) -> object:
    from warehouse.compliance import check_posts

    return check_posts(con)


def _hashtags(con: duckdb.DuckDBPyConnection) -> object:
    from warehouse.hashtags import refresh_hashtags

    return refresh_hashtags(con)


def _owned_pages(con: duckdb.DuckDBPyConnection) -> object:
    from warehouse.owned import refresh_owned_pages

    return refresh_owned_pages(con)


def _post_facts(con: duckdb.DuckDBPyConnection) -> object:
    from warehouse.facts import refresh

    return refresh(con)


# Order matters: posts get their campaign, comments their post, then comments are
# classified (opening PV cases) and posts checked for compliance.
_STEPS: list[DerivedStep] = [
    DerivedStep("owned_pages", _owned_pages, "owned pages from the roster's brand_page rows"),
    DerivedStep("campaigns", _assign, "campaign assignment of every post"),
    DerivedStep("comment_links", _relink, "comments linked to their post"),
    DerivedStep("reactions", _reactions, "comment classification and pharmacovigilance cases"),
    DerivedStep("compliance", _compliance, "disclosure and product checks of posts"),
    DerivedStep("moderation", _moderation, "moderation reasons of new, changed or re-labelled comments"),
    DerivedStep("hashtags", _hashtags, "hashtags of new or updated posts"),
    DerivedStep("post_facts", _post_facts, "latest snapshots and reaction counts kept ready for the metrics"),
]


def derived_steps() -> list[DerivedStep]:
    """The steps every load schedules, in the order they run."""
    return list(_STEPS)


def register_step(step: DerivedStep, *, replace: str | None = None, after: str | None = None) -> None:
    """Add a step (or replace the step named `replace`); new steps go last unless `after` is given."""
    names = [s.name for s in _STEPS]
    if replace is not None:
        _STEPS[names.index(replace)] = step
        return
    if step.name in names:
        raise ValueError(f"a derived step named {step.name!r} exists already")
    _STEPS.insert(names.index(after) + 1 if after else len(_STEPS), step)


def schedule(con: duckdb.DuckDBPyConnection, file_id: int) -> None:
    """Inside the data transaction: every step is pending for this file."""
    con.executemany(
        "INSERT INTO load_steps (file_id, step, state) VALUES (?, ?, 'pending')",
        [[file_id, s.name] for s in _STEPS],
    )


def pending(con: duckdb.DuckDBPyConnection) -> list[tuple[str, int, str, str | None]]:
    """(step, file_id, state, message) of every step not done yet (state pending or failed)."""
    return [
        tuple(r)
        for r in con.execute(
            "SELECT step, file_id, state, message FROM load_steps WHERE state <> 'done' ORDER BY file_id, step"
        ).fetchall()
    ]


def is_interrupt(exc: BaseException) -> bool:
    return isinstance(exc, KeyboardInterrupt | duckdb.InterruptException)


def run_pending(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Run every step some file is waiting for, each in its own transaction; returns the errors.

    A step that fails is recorded `failed` with its error and retried next time
    (errors are returned, not raised: the rows are safe, the person is told).
    An interruption rolls the running step back and raises `LoadInterrupted`.
    """
    waiting = {r[0] for r in pending(con)}
    errors: list[str] = []
    for step in _STEPS:
        if step.name not in waiting:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            step.run(con)
            con.execute(
                "UPDATE load_steps SET state = 'done', finished_at = current_timestamp, message = NULL "
                "WHERE step = ? AND state <> 'done'",
                [step.name],
            )
            con.execute("COMMIT")
        except BaseException as exc:
            rollback(con)
            if is_interrupt(exc):
                raise LoadInterrupted(f"interrupted during the derived step {step.name!r}") from exc
            if not isinstance(exc, Exception):
                raise
            msg = f"{type(exc).__name__}: {exc}"
            con.execute(
                "UPDATE load_steps SET state = 'failed', message = ? WHERE step = ? AND state <> 'done'",
                [msg[:2000], step.name],
            )
            errors.append(f"derived step {step.name!r} ({step.description}) failed: {msg}")
    return errors


def rollback(con: duckdb.DuckDBPyConnection) -> None:
    try:
        con.execute("ROLLBACK")
    except duckdb.Error:  # no transaction left to roll back
        pass
