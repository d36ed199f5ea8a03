"""Export benchmark: 100,000 contacts of a list to CSV and XLSX.

Builds a throw-away SQLite base (or uses ``--url``), fills a contact list,
then runs the exporter the list page uses and prints the time and the peak
memory Python allocated while streaming. Usage::

    .venv/bin/python bench/export.py
    .venv/bin/python bench/export.py --rows 20000 --format xlsx

This is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import tracemalloc

from sqlalchemy import insert, select

from core.app import make_registry
from core.db import run_in_transaction
from core.db.migrate import upgrade
from core.directory.models import Company, Contact
from core.lists import services
from core.lists.models import ListRow
from core.reference.models import CompanyType
from core.reference.registry import seed_reference_data
from core.transfer.exporting import ExportOptions, csv_chunks, rows, write_xlsx


def build(registry, count: int) -> tuple[int, list[int]]:
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
        companies = [
            Company(name=f"Société {n}", type=kind) for n in range(count // 10)
        ]
        session.add_all(companies)
        session.flush()
        session.execute(
            insert(Contact),
            [
                {
                    "civility": "Mme",
                    "first_name": "Zoé",
                    "last_name": f"Bernard{n}",
                    "last_name_key": f"bernard{n}",
                    "email": f"zoe{n}@societe.example",
                    "company_id": companies[n % len(companies)].id,
                    "do_not_contact": False,
                    "active": True,
                    "version": 1,
                }
                for n in range(count)
            ],
        )
        record_list = services.create_list(session, user, "Bench", "contact")
        ids = list(session.scalars(select(Contact.id).order_by(Contact.id)))
        session.execute(
            insert(ListRow),
            [
                {
                    "list_id": record_list.id,
                    "contact_id": i,
                    "origin": "hand",
                    "removed": False,
                    "hidden": False,
                    "selected": False,
                }
                for i in ids
            ],
        )
        return record_list.id, ids

    return run_in_transaction(registry, work)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    parser.add_argument("--url")
    args = parser.parse_args()
    folder = tempfile.mkdtemp()
    url = args.url or f"sqlite:///{folder}/bench.sqlite"
    settings = {
        "sqlalchemy.url": url,
        "relais.secret": "bench-" + "x" * 40,
        "relais.huey.url": f"sqlite:///{folder}/huey.sqlite",
        "relais.huey.immediate": "true",
    }
    _config, registry = make_registry(settings)
    with registry.relais_engine.begin() as connection:
        upgrade(registry, connection)
    run_in_transaction(registry, lambda s: seed_reference_data(s, registry))
    _list_id, ids = build(registry, args.rows)

    session = registry.relais_session_factory()
    tracemalloc.start()
    start = time.perf_counter()
    produced = rows(session, "contact", ids, ExportOptions(portfolio=True), str)
    if args.format == "csv":
        size = sum(len(chunk) for chunk in csv_chunks(produced))
    else:
        handle = write_xlsx(produced)
        size = len(handle.read())
    elapsed = time.perf_counter() - start
    _current, peak = tracemalloc.get_traced_memory()
    session.close()
    print(
        f"{args.format} rows={len(ids)} bytes={size} seconds={elapsed:.1f} "
        f"peak_python_mb={peak / 1e6:.1f}"
    )


if __name__ == "__main__":
    main()
