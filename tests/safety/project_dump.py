#!/usr/bin/env python3
"""Prints a fingerprint of a project's logical content, or "absent" when there is no file.

Two projects with the same layers, features, points, sources and metadata give the same line,
however their pages lie: every table of Oko's (and each R*Tree index, as rows) is read in key
order. Left out are what differs between two runs of the same import or change: times (created_at,
imported_at, *_at metadata, the time of a change in the history), the import's report (it holds
timings) and the log of import runs.
SpatiaLite's own bookkeeping tables are left out too.

Exits non-zero when the file is there but is not a readable SQLite database.
"""
import hashlib
import os
import sqlite3
import sys

SKIPPED_TABLES = {"import_runs", "spatial_ref_sys", "spatial_ref_sys_aux", "spatialite_history",
                  "sql_statements_log", "data_licenses", "KNN", "KNN2", "SpatialIndex", "ElementaryGeometries"}
SKIPPED_PREFIXES = ("sqlite_", "geometry_columns", "views_geometry_columns", "virts_geometry_columns",
                    "vector_layers", "geom_cols_ref_sys", "spatial_ref_sys")
VOLATILE_COLUMNS = {"created_at", "imported_at", "report", "at"}


def fingerprint(path):
    db = sqlite3.connect(path)
    digest = hashlib.sha256()
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    for table in tables:
        if table in SKIPPED_TABLES or table.startswith(SKIPPED_PREFIXES):
            continue
        # An R*Tree's shadow tables hold its nodes as packed bytes; its rows are what counts.
        if table.startswith("idx_") and table.endswith(("_node", "_parent", "_rowid")):
            continue
        columns = [r[1] for r in db.execute(f'PRAGMA table_info("{table}")') if r[1] not in VOLATILE_COLUMNS]
        if not columns:
            continue
        quoted = ", ".join(f'"{c}"' for c in columns)
        rows = db.execute(f'SELECT {quoted} FROM "{table}"').fetchall()
        if table == "oko_meta":
            rows = [r for r in rows if not str(r[0]).endswith("_at")]
        rows.sort(key=repr)
        digest.update(f"{table}({quoted}) {len(rows)}\n".encode())
        for row in rows:
            digest.update(repr(row).encode())
            digest.update(b"\n")
    ok = db.execute("PRAGMA quick_check").fetchone()[0]
    db.close()
    if ok != "ok":
        raise sqlite3.DatabaseError("quick_check: " + ok)
    return digest.hexdigest()


def main():
    path = sys.argv[1]
    if not os.path.exists(path):
        print("absent")
        return 0
    try:
        print(fingerprint(path))
    except sqlite3.Error as e:
        print(f"unreadable: {e}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
