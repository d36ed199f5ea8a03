"""Quick-search benchmark: the application's search service against raw SQL.

Builds (once, then reuses) a base of 200,000 companies and 1,000,000
contacts on SQLite and PostgreSQL, runs a fixed set of quick-search terms
through ``core.search.quick`` (the code the box calls) and, in the same run,
the best hand-written SQL giving the same answer, then prints p50 / p95 per
engine. The last line is the PostgreSQL ratio::

    ratio app/raw p50 X.XX p95 Y.YY

It also times pages of 50 rows of the advanced search, drawn without their
count, and the bounded count the page then loads apart. Usage::

    .venv/bin/python bench/search.py                 # build if needed, run
    .venv/bin/python bench/search.py --rebuild       # build again
    .venv/bin/python bench/search.py --engines sqlite --companies 20000
    .venv/bin/python bench/search.py --data /srv/bench --build-only

``--data`` keeps the SQLite base elsewhere than ``bench/var`` (it is large).
A reused base is first upgraded to the current migrations.

This is a benchmark, not a test: figures go in docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

import psycopg
from sqlalchemy import select

from core.app import make_registry
from core.db import run_in_transaction
from core.db.migrate import upgrade_database
from core.directory.normalise import name_key, person_key
from core.reference.registry import seed_reference_data
from core.search import quick
from core.search.criteria import Criteria
from core.search.index import _word_trigram, company_row, contact_row
from core.search.services import COUNT_BOUND, count_matches, result_page
from core.search.text import patterns

HERE = Path(__file__).resolve().parent
PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
PG_NAME = "relais_bench_search"
SQLITE_NAME = "relais_bench_search"

TERMS = [
    "ma",
    "re*",
    "*ne",
    "du",
    "dur",
    "mart",
    "lefèvre",
    "LEFEVRE",
    "bernard",
    "*ier",
    "le*vre",
    "du*",
    "publicis",
    "médias",
    "société gé",
    "françois",
    "*oise",
    "ch*",
    "martin dup",
    "élo",
    "01 42",
    "06 12 34",
    "+33 6 12 3",
    "0142685300",
    "zz",
    "xyzqwerty",
    "jean-pierre",
    "agence*",
]
ADVANCED = [
    {"sector_ids": "sector", "situation_ids": "situation"},
    {"department": "75"},
    {"near": "69002", "radius_km": 30},
    {"q": "média", "type_ids": "type"},
    {"entity": "contact", "family_ids": "family", "in_position": "yes"},
    {"entity": "contact", "sector_ids": "sector", "has_email": "yes"},
]


class BenchRequest:
    """What the search sources read from a request, and nothing else."""

    def __init__(self, session, registry):
        from core.access import access_for
        from core.auth.models import User

        self.dbsession = session
        self.identity = session.scalar(select(User).where(User.email == BENCH_ADMIN))
        self.params = {}
        self.access = access_for(session, registry, self.identity)

    def route_url(self, name, **kw):
        return f"/{name}/{kw.get('id', '')}"


def settings(url: str) -> dict:
    return {
        "sqlalchemy.url": url,
        "relais.secret": "bench-" + "x" * 40,
        "relais.plugins": "",
        "relais.huey.url": f"sqlite:///{HERE / 'var' / 'huey.sqlite'}",
        "relais.huey.immediate": "true",
    }


# Building the base


def pools(rng: random.Random):
    from faker import Faker

    fake = Faker("fr_FR")
    fake.seed_instance(7)
    firsts = sorted({fake.first_name() for _ in range(3000)})
    lasts = sorted({fake.last_name() for _ in range(6000)})
    words = sorted({fake.company().split()[0] for _ in range(4000)})
    extra = ["Médias", "Publicité", "Régie", "Agence", "Groupe", "Éditions", "Conseil"]
    return firsts, lasts, words + extra


def phone(rng: random.Random, mobile=False) -> str:
    first = rng.choice("67") if mobile else rng.choice("12345789")
    return "+33" + first + "".join(rng.choice("0123456789") for _ in range(8))


def generate(n_companies: int, n_contacts: int, refs: dict, users: list[int]):
    rng = random.Random(2026)
    firsts, lasts, words = pools(rng)
    postcodes = sorted(_postcodes())
    companies, addresses, sectors, portfolios = [], [], [], []
    for cid in range(1, n_companies + 1):
        name = f"{rng.choice(words)} {rng.choice(lasts)}"
        if rng.random() < 0.3:
            name += " " + rng.choice(("SA", "SAS", "SARL", "et Fils", "Médias"))
        trade = (
            f"{rng.choice(words)} {rng.choice(words)}" if rng.random() < 0.3 else None
        )
        companies.append(
            {
                "id": cid,
                "name": name,
                "trade_name": trade,
                "name_key": name_key(name),
                "trade_name_key": name_key(trade) if trade else None,
                "type_id": rng.choice(refs["type"]),
                "situation_id": rng.choice(refs["situation"]),
                "phone": phone(rng) if rng.random() < 0.8 else None,
                "fax": None,
                "siret": "".join(rng.choice("0123456789") for _ in range(14))
                if rng.random() < 0.5
                else None,
                "active": rng.random() > 0.05,
            }
        )
        code = rng.choice(postcodes)
        addresses.append((cid, code))
        sectors.append((cid, rng.choice(refs["sector"])))
        if rng.random() < 0.3:
            portfolios.append((rng.choice(users), cid))
    contacts = []
    for kid in range(1, n_contacts + 1):
        first, last = rng.choice(firsts), rng.choice(lasts)
        contacts.append(
            {
                "id": kid,
                "civility": rng.choice(("M.", "Mme")),
                "first_name": first,
                "last_name": last,
                "last_name_key": person_key(last),
                "company_id": rng.randint(1, n_companies),
                "function_id": rng.choice(refs["function"]),
                "email": f"{person_key(first)}.{person_key(last)}@exemple.fr"
                if rng.random() < 0.8
                else None,
                "phone": phone(rng) if rng.random() < 0.5 else None,
                "mobile": phone(rng, mobile=True) if rng.random() < 0.4 else None,
                "departed": rng.random() < 0.1,
            }
        )
    return companies, addresses, sectors, portfolios, contacts


def _postcodes():
    from core.search import geo

    return geo.centres().keys()


class Row:
    def __init__(self, values: dict):
        self.__dict__.update(values)


def load_references(session) -> dict:
    from core.reference.models import CompanyType, Function, Sector, Situation

    return {
        "type": list(session.scalars(select(CompanyType.id))),
        "situation": list(session.scalars(select(Situation.id))),
        "sector": list(session.scalars(select(Sector.id))),
        "function": list(session.scalars(select(Function.id))),
    }


BENCH_ADMIN = "bench-admin@relais.example"


def bench_users(registry, session, count=20) -> list[int]:
    from core.auth.services import create_user

    create_user(session, registry, BENCH_ADMIN, "Admin", profile_code="admin")
    ids = []
    for number in range(count):
        user = create_user(
            session, registry, f"bench{number}@relais.example", f"Vendeur{number}"
        )
        ids.append(user.id)
    return ids


COMPANY_COLUMNS = (
    "id name trade_name name_key trade_name_key type_id situation_id phone fax "
    "siret active version created_at updated_at"
).split()
CONTACT_COLUMNS = (
    "id civility first_name last_name last_name_key company_id function_id email "
    "phone mobile do_not_contact departed_at active version created_at updated_at"
).split()
NOW = "2026-12-01 09:00:00+00"


def table_rows(companies, contacts):
    company_rows = [
        tuple(c[k] for k in COMPANY_COLUMNS[:11]) + (1, NOW, NOW) for c in companies
    ]
    contact_rows = [
        tuple(c[k] for k in CONTACT_COLUMNS[:10])
        + (False, NOW if c["departed"] else None, True, 1, NOW, NOW)
        for c in contacts
    ]
    search_companies = [tuple(company_row(Row(c)).values()) for c in companies]
    search_contacts = [tuple(contact_row(Row(c)).values()) for c in contacts]
    return company_rows, contact_rows, search_companies, search_contacts


def build(engine_name: str, url: str, n_companies: int, n_contacts: int) -> None:
    started = time.perf_counter()
    _config, registry = make_registry(settings(url))
    upgrade_database(registry)
    run_in_transaction(registry, lambda s: seed_reference_data(s, registry))
    refs = run_in_transaction(registry, load_references)
    users = run_in_transaction(registry, lambda s: bench_users(registry, s))
    registry.relais_engine.dispose()
    data = generate(n_companies, n_contacts, refs, users)
    companies, addresses, sectors, portfolios, contacts = data
    rows = table_rows(companies, contacts)
    print(f"{engine_name}: generated in {time.perf_counter() - started:.0f} s")
    if engine_name == "postgresql":
        _load_postgresql(url, rows, addresses, sectors, portfolios)
    else:
        _load_sqlite(url, rows, addresses, sectors, portfolios)
    print(f"{engine_name}: built in {time.perf_counter() - started:.0f} s")


def migrate(url: str) -> None:
    """Bring a reused base to the current migrations (new indexes...)."""
    _config, registry = make_registry(settings(url))
    upgrade_database(registry)
    registry.relais_engine.dispose()


def _copy(cursor, table: str, columns: list[str], rows) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _load_postgresql(url, rows, addresses, sectors, portfolios) -> None:
    company_rows, contact_rows, search_companies, search_contacts = rows
    with psycopg.connect(_libpq(url)) as conn, conn.cursor() as cur:
        for table in ("search_company", "search_contact"):
            cur.execute(f"DROP INDEX IF EXISTS ix_{table}_text_trgm")
        _copy(cur, "company", COMPANY_COLUMNS, company_rows)
        _copy(cur, "contact", CONTACT_COLUMNS, contact_rows)
        _copy(
            cur,
            "address",
            ["company_id", "street", "postcode", "city", "country", "is_default"],
            (
                (cid, "1 rue de la Paix", code, "", "FR", True)
                for cid, code in addresses
            ),
        )
        _copy(cur, "company_sector", ["company_id", "sector_id"], sectors)
        _copy(cur, "company_portfolio", ["user_id", "company_id"], portfolios)
        _copy(
            cur, "search_company", ["company_id", "sort_key", "text"], search_companies
        )
        _copy(
            cur, "search_contact", ["contact_id", "sort_key", "text"], search_contacts
        )
        for table in ("company", "contact"):
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT max(id) FROM {table}))"
            )
        for table in ("search_company", "search_contact"):
            cur.execute(
                f"CREATE INDEX ix_{table}_text_trgm ON {table} "
                "USING gin (text gin_trgm_ops)"
            )
        conn.commit()
        conn.autocommit = True
        cur.execute("VACUUM ANALYZE")


def _load_sqlite(url, rows, addresses, sectors, portfolios) -> None:
    company_rows, contact_rows, search_companies, search_contacts = rows
    conn = sqlite3.connect(url.removeprefix("sqlite:///"))
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")

    def insert(table, columns, values):
        marks = ", ".join("?" for _ in columns)
        names = ", ".join(columns)
        statement = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
        conn.executemany(statement, values)

    insert("company", COMPANY_COLUMNS, company_rows)
    insert("contact", CONTACT_COLUMNS, contact_rows)
    insert(
        "address",
        ["company_id", "street", "postcode", "city", "country", "is_default"],
        ((cid, "1 rue de la Paix", code, "", "FR", 1) for cid, code in addresses),
    )
    insert("company_sector", ["company_id", "sector_id"], sectors)
    insert("company_portfolio", ["user_id", "company_id"], portfolios)
    # The migration's triggers fill the FTS5 mirrors as rows arrive.
    insert("search_company", ["company_id", "sort_key", "text"], search_companies)
    insert("search_contact", ["contact_id", "sort_key", "text"], search_contacts)
    conn.commit()
    conn.execute("ANALYZE")
    conn.commit()
    conn.close()


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def pg_exists(name: str) -> bool:
    with psycopg.connect(_libpq(PG_SERVER) + "/postgres", autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        return found.fetchone() is not None


def pg_recreate(name: str) -> None:
    with psycopg.connect(_libpq(PG_SERVER) + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


# Raw SQL: the best hand-written query for the same answer


COMPANY_FILTER = "c.active"
CONTACT_FILTER = (
    "k.active AND k.departed_at IS NULL AND (k.company_id IS NULL OR c.active)"
)


def raw_pg(conn, term: str):
    found = {}
    for kind in ("company", "contact"):
        pats = patterns(term)
        if not pats:
            found[kind] = ([], 0)
            continue
        conditions, params = [], []
        for p in pats:
            column = "s.text" if _word_trigram(p) else "(s.text || '')"
            condition = f"{column} LIKE %s"
            params.append(p.like())
            if p.spans_fields:
                condition += " AND s.text ~ %s"
                params.append(p.regex())
            conditions.append(condition)
        where = " OR ".join(f"({c})" for c in conditions)
        if kind == "company":
            inner = (
                "SELECT s.company_id AS id, s.sort_key FROM search_company s "  # noqa: S608
                f"JOIN company c ON c.id = s.company_id WHERE ({where}) "
                f"AND {COMPANY_FILTER} LIMIT 1001"
            )
        else:
            inner = (
                "SELECT s.contact_id AS id, s.sort_key FROM search_contact s "  # noqa: S608
                "JOIN contact k ON k.id = s.contact_id "
                "LEFT JOIN company c ON c.id = k.company_id "
                f"WHERE ({where}) AND {CONTACT_FILTER} LIMIT 1001"
            )
        rows = conn.execute(
            f"SELECT id, count(*) OVER () FROM ({inner}) m ORDER BY sort_key, id "  # noqa: S608
            "LIMIT 10",
            params,
        ).fetchall()
        ids = [r[0] for r in rows]
        _raw_details(conn, kind, ids, "%s")
        found[kind] = (ids, rows[0][1] if rows else 0)
    return found


def raw_sqlite(conn, term: str):
    found = {}
    for kind in ("company", "contact"):
        pats = patterns(term)
        if not pats:
            found[kind] = ([], 0)
            continue
        table = f"search_{kind}_fts"
        params = []
        if all(not p.spans_fields and p.longest >= 3 for p in pats):
            phrase = " OR ".join(
                '"' + p.pieces[0].replace('"', '""') + '"' for p in pats
            )
            source = f"SELECT rowid AS id FROM {table} WHERE text MATCH ?"  # noqa: S608
            params.append(phrase)
        else:
            parts = []
            for p in pats:
                part = f"SELECT rowid AS id FROM {table} WHERE text GLOB ?"  # noqa: S608
                params.append(p.glob())
                if p.spans_fields:
                    part += " AND text REGEXP ?"
                    params.append(p.regex())
                parts.append(part)
            source = " UNION ".join(parts)
        # "m.id + 0": the FTS5 table stays the outer loop (without it SQLite
        # may scan the records and probe the index once per row).
        if kind == "company":
            inner = (
                f"SELECT c.id, s.sort_key FROM ({source}) m "  # noqa: S608
                "JOIN company c ON c.id = m.id + 0 "
                "JOIN search_company s ON s.company_id = c.id "
                f"WHERE {COMPANY_FILTER} LIMIT 1001"
            )
        else:
            inner = (
                f"SELECT k.id, s.sort_key FROM ({source}) m "  # noqa: S608
                "JOIN contact k ON k.id = m.id + 0 "
                "LEFT JOIN company c ON c.id = k.company_id "
                "JOIN search_contact s ON s.contact_id = k.id "
                f"WHERE {CONTACT_FILTER} LIMIT 1001"
            )
        rows = conn.execute(
            f"SELECT id, count(*) OVER () FROM ({inner}) ORDER BY sort_key, id "  # noqa: S608
            "LIMIT 10",
            params,
        ).fetchall()
        ids = [r[0] for r in rows]
        _raw_details(conn, kind, ids, "?")
        found[kind] = (ids, rows[0][1] if rows else 0)
    return found


def _raw_details(conn, kind, ids, mark) -> None:
    # The hits' titles and details, as the box shows them.
    if not ids:
        return
    marks = ", ".join(mark for _ in ids)
    if kind == "company":
        sql = (
            "SELECT c.id, c.name, c.trade_name, t.label FROM company c "  # noqa: S608
            f"JOIN company_type t ON t.id = c.type_id WHERE c.id IN ({marks})"
        )
    else:
        sql = (
            "SELECT k.id, k.first_name, k.last_name, c.name FROM contact k "  # noqa: S608
            f"LEFT JOIN company c ON c.id = k.company_id WHERE k.id IN ({marks})"
        )
    conn.execute(sql, ids).fetchall()


def app_search(request, term: str):
    found = {}
    for kind, source in (
        ("company", quick.search_companies),
        ("contact", quick.search_contacts),
    ):
        hits, total = source(request, term, 10)
        found[kind] = ([int(h.url.rstrip("/").rsplit("/", 1)[1]) for h in hits], total)
    return found


# Running


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def load_average() -> str:
    """The machine's 1, 5 and 15 minute load averages, printed with figures."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def run(engine_name: str, url: str, repeat: int) -> tuple[float, float]:
    print(f"{engine_name}: load average at start {load_average()}")
    _config, registry = make_registry(settings(url))
    session = registry.relais_session_factory()
    if engine_name == "postgresql":
        raw = psycopg.connect(_libpq(url), prepare_threshold=None, autocommit=True)
        raw.execute("SET max_parallel_workers_per_gather = 0")
        raw_search = raw_pg
    else:
        raw = sqlite3.connect(url.removeprefix("sqlite:///"))
        from core.search.index import _regexp

        raw.create_function("regexp", 2, _regexp, deterministic=True)
        raw_search = raw_sqlite

    request = BenchRequest(session, registry)
    app_times, raw_times, mismatches = [], [], []
    for term in TERMS:  # warm both paths and compare their answers
        a, r = app_search(request, term), raw_search(raw, term)
        if a != r:
            mismatches.append(term)
    per_term = {}
    for _ in range(repeat):
        for term in TERMS:
            t0 = time.perf_counter()
            app_search(request, term)
            t1 = time.perf_counter()
            raw_search(raw, term)
            t2 = time.perf_counter()
            app_times.append((t1 - t0) * 1000)
            raw_times.append((t2 - t1) * 1000)
            per_term.setdefault(term, []).append(((t1 - t0) * 1000, (t2 - t1) * 1000))

    print(f"\n{engine_name}: {len(TERMS)} terms x {repeat}, ms (app / raw)")
    for term, samples in per_term.items():
        app_med = statistics.median(s[0] for s in samples)
        raw_med = statistics.median(s[1] for s in samples)
        print(f"  {term!r:16} {app_med:8.1f} {raw_med:8.1f}")
    if mismatches:
        print(f"  answers differ for {mismatches}")
    app50, app95 = percentile(app_times, 0.5), percentile(app_times, 0.95)
    raw50, raw95 = percentile(raw_times, 0.5), percentile(raw_times, 0.95)
    print(f"{engine_name} app p50 {app50:.1f} ms p95 {app95:.1f} ms")
    print(f"{engine_name} raw p50 {raw50:.1f} ms p95 {raw95:.1f} ms")
    print(f"{engine_name} ratio p50 {app50 / raw50:.2f} p95 {app95 / raw95:.2f}")

    advanced(session, engine_name, request.access)
    print(f"{engine_name}: load average at end {load_average()}")
    session.close()
    raw.close()
    registry.relais_engine.dispose()
    return app50 / raw50, app95 / raw95


def advanced(session, engine_name: str, access) -> None:
    refs = load_references(session)
    from core.reference.models import FunctionFamily

    refs["family"] = list(session.scalars(select(FunctionFamily.id)))
    print(
        f"{engine_name}: advanced search, one page of 50 rows, then its count"
        " apart (ms, median of 5)"
    )
    for shape in ADVANCED:
        values = {
            k: [refs[v][0]] if isinstance(v, str) and v in refs else v
            for k, v in shape.items()
        }
        criteria = Criteria.model_validate(values)
        pages, counts = [], []
        for _ in range(5):
            t0 = time.perf_counter()
            page = result_page(session, criteria, access, count=False)
            t1 = time.perf_counter()
            total = page.total
            if total is None:
                total = count_matches(session, criteria, access)
            pages.append((t1 - t0) * 1000)
            counts.append((time.perf_counter() - t1) * 1000)
        shown = total if total <= COUNT_BOUND else f"{COUNT_BOUND}+"
        print(
            f"  {shape!s:70} page {statistics.median(pages):7.1f}"
            f"  count {statistics.median(counts):7.1f}  ({shown} rows)"
        )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--companies", type=int, default=200_000)
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--data", type=Path, default=HERE / "var")
    args = parser.parse_args(argv)
    suffix = "" if args.companies == 200_000 else f"_{args.companies}"

    ratios = {}
    for engine_name in args.engines.split(","):
        if engine_name == "sqlite":
            path = args.data / f"{SQLITE_NAME}{suffix}.sqlite"
            url = f"sqlite:///{path}"
            if args.rebuild or not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                for leftover in path.parent.glob(path.name + "*"):
                    leftover.unlink()
                build(engine_name, url, args.companies, args.contacts)
        else:
            name = PG_NAME + suffix
            url = f"{PG_SERVER}/{name}"
            if args.rebuild or not pg_exists(name):
                pg_recreate(name)
                build(engine_name, url, args.companies, args.contacts)
        migrate(url)
        if not args.build_only:
            ratios[engine_name] = run(engine_name, url, args.repeat)
    if "postgresql" in ratios:
        p50, p95 = ratios["postgresql"]
        print(f"ratio app/raw p50 {p50:.2f} p95 {p95:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
