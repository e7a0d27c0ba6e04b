"""Pseudonymising a column in bulk, inside DuckDB: the same HMAC as `loader.pseudonymise`, no Python loop.

Why: ten million comments from a few million commenters were hashed one
distinct handle at a time in Python and written back with `executemany`
(~60 s per million comments). HMAC-SHA256 is two SHA-256 of padded key
blocks, which DuckDB's `sha256()` computes over BLOBs, so the whole column is
replaced in one UPDATE.

Exactly the same value as the Python function: the handle is trimmed, its
leading '@' removed and case-folded before hashing. For printable ASCII, Python's
`strip()`/`casefold()` equal DuckDB's `trim()`/`lower()`; any value with another
character (accents, emoji, non-breaking or other Unicode spaces, where the two
differ) goes through the Python function, one distinct value at a time (few).
"""

from __future__ import annotations

import hashlib

import duckdb

BLOCK = 64  # SHA-256 block size in bytes
# printable ASCII and the plain space only: the values SQL normalises exactly like Python
ASCII_ONLY = "^[ -~]*$"


def hmac_pads(key: bytes) -> tuple[bytes, bytes]:
    """(key XOR ipad, key XOR opad), the two 64-byte blocks of HMAC-SHA256 (RFC 2104)."""
    if len(key) > BLOCK:
        key = hashlib.sha256(key).digest()
    key = key.ljust(BLOCK, b"\0")
    return bytes(b ^ 0x36 for b in key), bytes(b ^ 0x5C for b in key)


def hmac_sql(norm_expr: str) -> str:
    """SQL for 'u_' + the first 20 hex digits of HMAC-SHA256(key, norm_expr); params: ipad, opad (BLOB)."""
    inner = f"unhex(sha256($ipad::BLOB || encode({norm_expr})))"
    return f"'u_' || left(sha256($opad::BLOB || {inner}), 20)"


def pseudonymise_column(con: duckdb.DuckDBPyConnection, table: str, column: str, key: bytes) -> None:
    """Replace every handle of `table.column` by its pseudonym (NULL when blank), in place.

    `table` and `column` are identifiers chosen by the loader (never user text).
    """
    from warehouse.loader import pseudonymise

    ipad, opad = hmac_pads(key)
    col = f'"{column}"'
    norm = f"lower(ltrim(trim({col}), '@'))"
    con.execute(
        f"""UPDATE {table} SET {col} = CASE WHEN trim({col}) = '' THEN NULL ELSE {hmac_sql(norm)} END
            WHERE {col} IS NOT NULL AND regexp_matches({col}, '{ASCII_ONLY}')""",
        {"ipad": ipad, "opad": opad},
    )
    others = [
        r[0]
        for r in con.execute(
            f"SELECT DISTINCT {col} FROM {table} WHERE {col} IS NOT NULL AND NOT regexp_matches({col}, '{ASCII_ONLY}')"
        ).fetchall()
    ]
    if others:
        mapping = [(v, pseudonymise(v, key)) for v in others]
        con.execute(
            f"""UPDATE {table} SET {col} = m.h
                FROM (SELECT unnest($v::VARCHAR[]) AS v, unnest($h::VARCHAR[]) AS h) m
                WHERE {table}.{col} = m.v""",
            {"v": [v for v, _ in mapping], "h": [h for _, h in mapping]},
        )
