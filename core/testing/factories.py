"""Factories that build valid records with as few arguments as possible."""

from __future__ import annotations

import itertools

from sqlalchemy import select

from core.auth import services
from core.auth.models import Team, User
from core.directory.models import Company, Contact
from core.reference.models import CompanyType, Function

DEFAULT_PASSWORD = "correct horse battery"

_sequence = itertools.count(1)


class Factories:
    def __init__(self, dbsession, registry):
        self.dbsession = dbsession
        self.registry = registry

    def team(self, name: str | None = None) -> Team:
        team = Team(name=name or f"Équipe {next(_sequence)}")
        self.dbsession.add(team)
        self.dbsession.flush()
        return team

    def user(
        self,
        email: str | None = None,
        profile: str = "salesperson",
        password: str | None = DEFAULT_PASSWORD,
        team: Team | None = None,
        **fields,
    ) -> User:
        number = next(_sequence)
        fields.setdefault("locale", "en")
        user = services.create_user(
            self.dbsession,
            self.registry,
            email or f"user{number}@relais.example",
            last_name=fields.pop("last_name", f"Dupont{number}"),
            first_name=fields.pop("first_name", "Camille"),
            profile_code=profile,
            team=team,
            password=password,
        )
        for name, value in fields.items():
            setattr(user, name, value)
        self.dbsession.flush()
        return user

    def company(self, name: str | None = None, type_code: str = "annonceur", **fields):
        company_type = self.dbsession.scalar(
            select(CompanyType).where(CompanyType.code == type_code)
        )
        company = Company(
            name=name or f"Société {next(_sequence)}", type=company_type, **fields
        )
        self.dbsession.add(company)
        self.dbsession.flush()
        return company

    def action(self, author=None, contacts=None, type_code="rdv", **fields):
        """An action by ``author`` (a new salesperson) with one new contact."""
        import datetime as dt

        from core.actions.services import create_action

        author = author or self.user()
        fields.setdefault("subject", f"Action {next(_sequence)}")
        fields.setdefault("start", dt.datetime(2026, 5, 4, 8, 0, tzinfo=dt.UTC))
        return create_action(
            self.dbsession,
            self.registry,
            author=author,
            type_code=type_code,
            contacts=contacts if contacts is not None else [self.contact()],
            **fields,
        )

    def contact(self, company: Company | None = None, **fields) -> Contact:
        number = next(_sequence)
        function = self.dbsession.scalar(select(Function).where(Function.code == "pdg"))
        values = {
            "civility": "Mme",
            "first_name": "Zoé",
            "last_name": f"Bernard{number}",
            "function": function,
            "email": f"contact{number}@annonceur.example",
        }
        values.update(fields)
        contact = Contact(company=company, **values)
        self.dbsession.add(contact)
        self.dbsession.flush()
        return contact
