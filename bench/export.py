"""Export benchmark: 100,000 contacts of a list to CSV and XLSX.

Builds a throw-away SQLite base (or uses ``--url``, an empty database),
fills a contact list of 100,000 contacts at 10,000 companies with their
addresses, then, in the same run and interleaved, exports it:

- through the application: what the list's export view streams, the shown
  rows' ids read a page at a time, then the exporter
  (``core.transfer.exporting``: the columns of each chunk of contacts, one
  row of cells per contact);
- through the raw query: one hand-written SQL statement returning the same
  cells (phones formatted in SQL), read with a server-side cursor and
  written by the same CSV or XLSX writer.

Both outputs are compared byte for byte (CSV), then the peak memory Python
allocates while the application exports is measured at the full size and
at a fifth of it: bounded memory means the two peaks are about the same.
The last line is::

    ratio app/raw csv X.XX xlsx Y.YY

Usage::

    .venv/bin/python bench/export.py
    .venv/bin/python bench/export.py --rows 20000 --repeat 1

This is a benchmark, not a test: figures go in docs/performance.md.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import tracemalloc

from sqlalchemy import insert, select, text

from core.app import make_registry
from core.db import run_in_transaction
from core.db.migrate import upgrade_database
from core.directory.models import Address, Company, Contact
from core.lists import services
from core.lists.models import ListRow
from core.lists.queries import RowFilter, paged_ids, shown_query
from core.reference.models import CompanyType, Function
from core.reference.registry import seed_reference_data
from core.transfer.exporting import (
    ExportOptions,
    contact_headers,
    csv_chunks,
    rows,
    write_xlsx,
)

OPTIONS = ExportOptions()

# The cells of a contact row, as the exporter writes them with the default
# options: the contact's own default address, else its company's.
RAW = text(
    """
    SELECT coalesce(c.civility, ''), coalesce(c.first_name, ''), c.last_name,
           coalesce(f.label, ''), coalesce(c.title, ''), coalesce(c.email, ''),
           CASE WHEN c.phone IS NULL THEN '' ELSE
             '0' || substr(c.phone, 4, 1) || ' ' || substr(c.phone, 5, 2) || ' '
             || substr(c.phone, 7, 2) || ' ' || substr(c.phone, 9, 2) || ' '
             || substr(c.phone, 11, 2) END,
           CASE WHEN c.mobile IS NULL THEN '' ELSE
             '0' || substr(c.mobile, 4, 1) || ' ' || substr(c.mobile, 5, 2) || ' '
             || substr(c.mobile, 7, 2) || ' ' || substr(c.mobile, 9, 2) || ' '
             || substr(c.mobile, 11, 2) END,
           CASE WHEN c.do_not_contact THEN 'yes' ELSE 'no' END,
           coalesce(co.name, ''),
           coalesce(a.street, ''), coalesce(a.postcode, ''),
           coalesce(a.city, ''), coalesce(a.country, ''), coalesce(i.label, '')
    FROM record_list_row r
    JOIN contact c ON c.id = r.contact_id
    LEFT JOIN function f ON f.id = c.function_id
    LEFT JOIN company co ON co.id = c.company_id
    LEFT JOIN record_list_info i ON i.id = r.info_id
    LEFT JOIN address a ON a.id = coalesce(
        (SELECT min(x.id) FROM address x WHERE x.contact_id = c.id),
        (SELECT min(y.id) FROM address y WHERE y.company_id = co.id))
    WHERE r.list_id = :list_id AND r.removed = false AND r.hidden = false
      AND c.active = true
    ORDER BY r.id
    """
)


def build(registry, count: int) -> int:
    def work(session):
        from core.auth import services as auth

        user = auth.create_user(
            session,
            registry,
            "bench@relais.example",
            last_name="Bench",
            first_name="Export",
            profile_code="salesperson",
            password=None,
        )
        kind = session.scalar(
            select(CompanyType).where(CompanyType.code == "annonceur")
        )
        function = session.scalar(select(Function).where(Function.code == "pdg"))
        companies = [
            Company(name=f"Société {n}", name_key=f"societe {n}", type=kind)
            for n in range(max(1, count // 10))
        ]
        session.add_all(companies)
        session.flush()
        session.execute(
            insert(Address),
            [
                {
                    "company_id": company.id,
                    "street": f"{n} rue de la Paix",
                    "postcode": "75002",
                    "city": "Paris",
                    "country": "FR",
                    "is_default": True,
                }
                for n, company in enumerate(companies)
            ],
        )
        session.execute(
            insert(Contact),
            [
                {
                    "civility": "Mme",
                    "first_name": "Zoé",
                    "last_name": f"Bernard{n}",
                    "last_name_key": f"bernard{n}",
                    "email": f"zoe{n}@societe.example",
                    # Four contacts in five have a phone, one in two a mobile
                    # (French numbers, which the raw SQL formats in pairs).
                    "phone": f"+331{n:08d}" if n % 5 else None,
                    "mobile": f"+336{n:08d}" if n % 2 else None,
                    "function_id": function.id,
                    "company_id": companies[n % len(companies)].id,
                    "do_not_contact": n % 50 == 0,
                    "active": True,
                    "version": 1,
                }
                for n in range(count)
            ],
        )
        record_list = services.create_list(session, user, "Bench", "contact")
        ids = session.scalars(select(Contact.id).order_by(Contact.id))
        session.execute(
            insert(ListRow),
            [
                {
                    "list_id": record_list.id,
                    "contact_id": ident,
                    "origin": "hand",
                    "removed": False,
                    "hidden": False,
                    "selected": False,
                }
                for ident in ids
            ],
        )
        return record_list.id

    return run_in_transaction(registry, work)


def app_rows(session, list_id: int):
    """What the export view does: the shown rows' ids, then the exporter."""
    from core.lists.models import RecordList

    query = shown_query(session.get(RecordList, list_id), RowFilter())
    ids = paged_ids(session, query)
    return rows(session, "contact", ids, OPTIONS, str, list_id=list_id)


def raw_rows(session, list_id: int):
    yield [str(h) for h in contact_headers(OPTIONS)] + ["Info"]
    result = session.connection().execution_options(yield_per=1000)
    for row in result.execute(RAW, {"list_id": list_id}):
        yield list(row)


def export(produced, fmt: str) -> bytes:
    if fmt == "csv":
        return b"".join(csv_chunks(produced))
    return write_xlsx(produced).read()


def timed(registry, source, list_id: int, fmt: str) -> tuple[float, bytes]:
    session = registry.relais_session_factory()
    try:
        start = time.perf_counter()
        output = export(source(session, list_id), fmt)
        return time.perf_counter() - start, output
    finally:
        session.close()


def peak_mb(registry, list_id: int, fmt: str) -> float:
    """Peak Python allocation while the application exports (streamed)."""
    session = registry.relais_session_factory()
    tracemalloc.start()
    try:
        produced = app_rows(session, list_id)
        if fmt == "csv":
            for _chunk in csv_chunks(produced):
                pass
        else:
            write_xlsx(produced).close()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()
        session.close()


def registry_for(url: str | None, folder: str):
    settings = {
        "sqlalchemy.url": url or f"sqlite:///{folder}/bench.sqlite",
        "relais.secret": "bench-" + "x" * 40,
        "relais.huey.url": f"sqlite:///{folder}/huey.sqlite",
        "relais.huey.immediate": "true",
    }
    _config, registry = make_registry(settings)
    upgrade_database(registry)
    run_in_transaction(registry, lambda s: seed_reference_data(s, registry))
    return registry


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--url")
    args = parser.parse_args()
    folder = tempfile.mkdtemp()
    registry = registry_for(args.url, folder)
    start = time.perf_counter()
    list_id = build(registry, args.rows)
    if registry.relais_engine.dialect.name == "postgresql":
        # What autovacuum does soon after a load: without statistics the
        # planner takes 100,000 rows for a few hundred, on both paths.
        with registry.relais_engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
    print(f"built rows={args.rows} seconds={time.perf_counter() - start:.1f}")

    ratios = {}
    for fmt in ("csv", "xlsx"):
        app, raw = [], []
        for _ in range(args.repeat):
            seconds, app_output = timed(registry, app_rows, list_id, fmt)
            app.append(seconds)
            seconds, raw_output = timed(registry, raw_rows, list_id, fmt)
            raw.append(seconds)
        if fmt == "csv":
            assert app_output == raw_output, "the two CSV files differ"
        ratios[fmt] = statistics.median(app) / statistics.median(raw)
        print(
            f"{fmt} bytes={len(app_output)} app={statistics.median(app):.2f}s "
            f"raw={statistics.median(raw):.2f}s ratio={ratios[fmt]:.2f}"
        )

    # Bounded memory: the peak for all the rows against the peak for a fifth.
    small = registry_for(None, tempfile.mkdtemp())
    small_list = build(small, max(1, args.rows // 5))
    for fmt in ("csv", "xlsx"):
        print(
            f"{fmt} peak_python_mb rows={args.rows}: "
            f"{peak_mb(registry, list_id, fmt):.1f}, rows={args.rows // 5}: "
            f"{peak_mb(small, small_list, fmt):.1f}"
        )
    print(f"ratio app/raw csv {ratios['csv']:.2f} xlsx {ratios['xlsx']:.2f}")


if __name__ == "__main__":
    main()
