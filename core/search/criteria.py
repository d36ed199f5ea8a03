"""One search, as one object: parsed, saved, turned into SQL in one place.

The advanced search page, the quick search's "show all", the JSON API and
saved lists all describe what they want with a :class:`Criteria`, so each
criterion is written once.

Usage::

    criteria, errors = Criteria.from_params(request.params)   # or from_json
    ids = criteria.select(user_id=user.id, dialect="sqlite")   # Select of ids
    saved = criteria.to_json()                                  # a plain dict
    again = Criteria.from_json(saved)                           # same search

``select`` returns ``SELECT <entity>.id`` (companies, contacts or budgets,
as ``entity`` says) without order or limit, ready for ``IN``, ``INSERT ...
SELECT`` or a count; :meth:`Criteria.ordered` adds the display order.
Company criteria apply to a contact's company when the entity is
``contact`` and to a budget's advertiser when it is ``budget``; contact
criteria on a company search keep the companies having such a contact.
Change tracking (``changed``) applies to the records searched themselves.
Only values that differ from the defaults are serialised,
so saved searches stay small and survive new criteria. Added in 0.1.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from sqlalchemy import (
    Select,
    and_,
    exists,
    false,
    func,
    literal,
    not_,
    or_,
    select,
)

from core.budgets.models import Budget, BudgetAgency, budget_sector
from core.directory.access import company_owned_by, contact_owned_by
from core.directory.models import (
    Address,
    Company,
    CompanyFollow,
    CompanyPortfolio,
    Contact,
    ContactFollow,
    ContactPortfolio,
    company_sector,
)
from core.forms import Day, FieldError, RecordId
from core.history.services import changed_ids
from core.i18n import _
from core.keywords.models import RecordKeyword
from core.reference.models import Function, Sector
from core.search import geo
from core.search.index import folded_matches, folded_starts_with, matching_ids
from core.search.models import SearchCompany, SearchContact
from core.search.text import MAX_TERM, clean, fold_text, patterns

Ids = Annotated[list[RecordId], Field(default_factory=list)]
Choice = Literal["", "yes", "no"]
Short = Annotated[str, Field(max_length=MAX_TERM)]
# A place given without a radius means "nearby": this many kilometres.
DEFAULT_RADIUS_KM = 10

# Fields that hold lists when read from a query string.
LIST_FIELDS = (
    "owner_ids",
    "type_ids",
    "sector_ids",
    "situation_ids",
    "family_ids",
    "function_ids",
    "civilities",
    "keyword_ids",
    "budget_sector_ids",
    "role_ids",
)
CONTACT_FIELDS = (
    "contact_q",
    "contact_followed",
    "family_ids",
    "function_ids",
    "title",
    "civilities",
    "in_position",
    "has_email",
    "do_not_contact",
    "keyword_ids",
)


class Criteria(BaseModel):
    """Everything a search can ask for; every field's default means "any"."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    entity: Literal["company", "contact", "budget"] = "company"
    # Companies
    q: Short = Field("", description="Legal or trade name, SIRET, phone; * anchors")
    portfolio: Literal["", "mine", "none", "users"] = ""
    owner_ids: Ids
    followed: Choice = ""
    type_ids: Ids
    sector_ids: Ids
    situation_ids: Ids
    country: Annotated[str, Field(max_length=2)] = ""
    region: Annotated[str, Field(max_length=3)] = ""
    department: Annotated[str, Field(max_length=3)] = ""
    postcode: Annotated[str, Field(max_length=12)] = ""
    city: Short = ""
    near: Short = Field("", description="A postal code or commune name")
    near_lat: Annotated[float | None, Field(ge=-90, le=90)] = None
    near_lon: Annotated[float | None, Field(ge=-180, le=180)] = None
    radius_km: Annotated[int, Field(ge=0, le=1000)] = 0
    active: Literal["yes", "no", "all"] = "yes"
    group_id: RecordId | None = None
    duplicates: bool = False
    works_with_id: RecordId | None = Field(
        None, description="Companies sharing a budget with this company"
    )
    changed: Literal["", "created", "updated", "deleted"] = ""
    changed_from: Day | None = None
    changed_to: Day | None = None
    # Contacts
    contact_q: Short = Field("", description="Contact name, email, phone")
    contact_followed: Choice = ""
    family_ids: Ids
    function_ids: Ids
    title: Short = ""
    civilities: Annotated[list[str], Field(default_factory=list)]
    in_position: Literal["yes", "no", "all"] = "yes"
    has_email: Choice = ""
    do_not_contact: Choice = ""
    keyword_ids: Ids
    keywords_match: Literal["any", "all"] = "any"
    # Budgets
    budget_q: Short = Field("", description="Budget, advertiser or agency name")
    budget_sector_ids: Ids
    advertiser_id: RecordId | None = None
    agency_id: RecordId | None = None
    role_ids: Ids

    @field_validator(
        "q", "contact_q", "budget_q", "title", "city", "near", mode="before"
    )
    @classmethod
    def _bounded(cls, value: Any) -> Any:
        # A pasted novel is cut, not refused: the box must always answer.
        return clean(value)[:MAX_TERM] if isinstance(value, str) else value

    @field_validator("near")
    @classmethod
    def _known_place(cls, value: str) -> str:
        if value and geo.locate(value) is None:
            raise FieldError(_("Unknown postal code or commune."))
        return value

    @model_validator(mode="after")
    def _nearby(self) -> Criteria:
        # A place without a radius was ignored; it now reads as "nearby", and
        # the radius, set like any other, shows in the chips and the form.
        if not self.radius_km and self.centre() is not None:
            self.radius_km = DEFAULT_RADIUS_KM
        return self

    def mistakes(self) -> dict:
        """Criteria valid one by one that say nothing together, by field.

        They would be ignored, so the forms refuse them with these messages
        (beside the field to correct). Saved searches are read without this
        check: one saved before it still opens.
        """
        found = {}
        if self.radius_km and self.centre() is None:
            found["near"] = _("Give a postal code or commune for the radius.")
        if (
            self.changed_from is not None
            and self.changed_to is not None
            and self.changed_from > self.changed_to
        ):
            found["changed_to"] = _("This date is before the start date.")
        if self.portfolio == "users" and not self.owner_ids:
            found["portfolio"] = _("Choose at least one salesperson.")
        return found

    # Reading and writing

    @classmethod
    def from_params(cls, params) -> tuple[Criteria | None, dict]:
        """Read a query string or a form (a WebOb MultiDict)."""
        from core.forms import validate

        data: dict[str, Any] = {}
        for name in cls.model_fields:
            if name in LIST_FIELDS:
                values = [v for v in params.getall(name) if str(v).strip()]
                if values:
                    data[name] = values
            elif str(params.get(name, "")).strip():
                data[name] = params[name]
        criteria, errors = validate(cls, data)
        mistakes = criteria.mistakes() if criteria is not None else {}
        return (None, mistakes) if mistakes else (criteria, errors)

    @classmethod
    def from_json(cls, data: dict) -> Criteria:
        return cls.model_validate(data or {})

    def to_json(self) -> dict:
        return self.model_dump(mode="json", exclude_defaults=True)

    def to_params(self) -> list[tuple[str, str]]:
        """The criteria as query-string pairs (lists repeat their name)."""
        pairs = []
        for name, value in self.to_json().items():
            for item in value if isinstance(value, list) else [value]:
                pairs.append((name, str(item).lower() if item is True else str(item)))
        return pairs

    def replace(self, **changes) -> Criteria:
        return self.model_copy(update=changes)

    def given(self) -> list[str]:
        """The names of the criteria that narrow the search."""
        return [name for name in self.to_json() if name != "entity"]

    def has_contact_criteria(self) -> bool:
        defaults = Criteria()
        return any(getattr(self, n) != getattr(defaults, n) for n in CONTACT_FIELDS)

    # SQL

    def select(
        self,
        user_id: int | None,
        dialect: str,
        access=None,
        keyed: bool = False,
        names: str | None = None,
    ) -> Select:
        """``SELECT id`` of the companies, contacts or budgets that match.

        ``access`` (``request.access``, or :func:`core.access.access_for`
        outside a request) keeps only what the user may see; every search
        path passes it. ``keyed`` adds the ``sort_key`` of the display order,
        read from the index row the text matched (no second look-up).
        ``names`` names the parameters of the text's patterns (see
        :func:`core.search.index.matching_ids`) for a statement run again.
        """
        seen = _visibility(access)
        if self.entity == "budget":
            return self._budgets(user_id, dialect, seen, keyed)
        if self.entity == "company":
            query = _driven(Company, SearchCompany, self.q, dialect, keyed, names)
            query = query.where(*self._company(user_id, dialect, text=False))
            query = query.where(*self._changes(Company, "company"))
            query = query.where(*seen("company"))
            if self.has_contact_criteria():
                contacts = select(Contact.id).where(
                    Contact.company_id == Company.id,
                    *self._contact(user_id, dialect),
                    *seen("contact"),
                )
                query = query.where(exists(contacts))
            return query
        query = _driven(Contact, SearchContact, self.contact_q, dialect, keyed, names)
        company = [or_(Contact.company_id.is_(None), c) for c in seen("company")]
        traits = self._company_traits(user_id, dialect, contact=True)
        # A trait asked of the company leaves out contacts without one. Said
        # with an inner join, SQLite starts from the companies (a sector's few
        # thousand) rather than read every contact: right for a count or a
        # list of ids, wrong for a page in display order, which is best read
        # along the sort key until 51 rows match (the outer join keeps that).
        join = query.join if traits and not keyed else query.outerjoin
        return (
            join(Company, Contact.company_id == Company.id)
            .where(*self._company_state(contact=True), *traits)
            .where(*self._contact(user_id, dialect, text=False))
            .where(*self._changes(Contact, "contact"))
            .where(*seen("contact"), *company)
        )

    def ordered(self, user_id: int | None, dialect: str, access=None) -> Select:
        """``SELECT id, sort_key`` in display order (duplicates grouped)."""
        query = self.select(user_id, dialect, access, keyed=True)
        columns = query.selected_columns
        if self.duplicates and self.entity == "company":
            query = query.order_by(Company.name_key)
        return query.order_by(columns.sort_key, columns.id)

    def _company(
        self, user_id, dialect, contact=False, text=True, budget=False
    ) -> list:
        return self._company_state(contact, budget) + self._company_traits(
            user_id, dialect, contact, text
        )

    def _company_state(self, contact=False, budget=False) -> list:
        """Whether the company is active, as the search asks."""
        # A deletion is looked for among what is no longer active.
        own = self.entity == "company" and self.changed == "deleted"
        if budget:
            # A budget's own flag says whether it is active; its advertiser
            # must be active for it to be.
            return [Company.active.is_(True)] if self.active == "yes" else []
        if self.active == "all" or own:
            return []
        wanted = self.active == "yes"
        condition = Company.active.is_(wanted)
        if contact and wanted:
            condition = or_(Contact.company_id.is_(None), condition)
        return [condition]

    def _company_traits(self, user_id, dialect, contact=False, text=True) -> list:
        """The company criteria besides its state: none holds without a company."""
        conditions = []
        if self.q and text:
            found = patterns(self.q)
            ids = matching_ids(dialect, SearchCompany, found) if found else None
            conditions.append(Company.id.in_(ids) if ids is not None else false())
        if not contact:
            # A contact's portfolio is its own (see _contact_portfolio).
            conditions += self._portfolio(user_id)
        else:
            conditions += self._followed(user_id)
        conditions += self._references()
        conditions += self._location()
        conditions += self._family_tree()
        conditions += self._works_with()
        return conditions

    def _budgets(self, user_id, dialect, seen, keyed) -> Select:
        """Budgets: their own criteria, the company criteria on the advertiser."""
        columns = [Budget.id]
        if keyed:
            columns.append(func.relais_fold(Budget.name).label("sort_key"))
        query = select(*columns).join(Company, Budget.company_id == Company.id)
        if self.budget_q:
            found = patterns(self.budget_q)
            query = query.where(_budget_text(dialect, found) if found else false())
        if self.active != "all" and self.changed != "deleted":
            query = query.where(Budget.active.is_(self.active == "yes"))
        if self.budget_sector_ids:
            sectors = select(Sector.id).where(
                or_(
                    Sector.id.in_(self.budget_sector_ids),
                    Sector.parent_id.in_(self.budget_sector_ids),
                )
            )
            query = query.where(
                Budget.id.in_(
                    select(budget_sector.c.budget_id).where(
                        budget_sector.c.sector_id.in_(sectors)
                    )
                )
            )
        if self.advertiser_id is not None:
            query = query.where(Budget.company_id == self.advertiser_id)
        if self.agency_id is not None or self.role_ids:
            agencies = select(BudgetAgency.budget_id)
            if self.agency_id is not None:
                agencies = agencies.where(BudgetAgency.company_id == self.agency_id)
            if self.role_ids:
                agencies = agencies.where(BudgetAgency.role_id.in_(self.role_ids))
            query = query.where(Budget.id.in_(agencies))
        return query.where(
            *self._company(user_id, dialect, text=True, budget=True),
            *self._changes(Budget, "budget"),
            *seen("company"),
        )

    def _portfolio(self, user_id) -> list:
        owned = select(CompanyPortfolio.company_id)
        conditions = []
        if self.portfolio == "mine":
            conditions.append(company_owned_by([user_id]))
        elif self.portfolio == "users":
            conditions.append(company_owned_by(self.owner_ids))
        elif self.portfolio == "none":
            conditions.append(Company.id.is_not(None))
            conditions.append(Company.id.not_in(owned))
        return conditions + self._followed(user_id)

    def _followed(self, user_id) -> list:
        conditions = []
        if self.followed:
            follows = select(CompanyFollow.company_id).where(
                CompanyFollow.user_id == user_id
            )
            followed = Company.id.in_(follows)
            conditions.append(followed if self.followed == "yes" else not_(followed))
        return conditions

    def _references(self) -> list:
        conditions = []
        if self.type_ids:
            conditions.append(Company.type_id.in_(self.type_ids))
        if self.situation_ids:
            conditions.append(Company.situation_id.in_(self.situation_ids))
        if self.sector_ids:
            # A sector stands for its sub-sectors too.
            chosen = or_(
                Sector.id.in_(self.sector_ids), Sector.parent_id.in_(self.sector_ids)
            )
            sectors = select(Sector.id).where(chosen)
            conditions.append(
                Company.id.in_(
                    select(company_sector.c.company_id).where(
                        company_sector.c.sector_id.in_(sectors)
                    )
                )
            )
        return conditions

    def _location(self) -> list:
        address = []
        if self.country:
            address.append(Address.country == self.country.upper())
        if self.postcode:
            address.append(Address.postcode.startswith(self.postcode, autoescape=True))
        codes = self._postcodes()
        if codes is not None:
            address.append(Address.postcode.in_(sorted(codes)))
        if self.city:
            communes = geo.postcodes_of_commune(self.city)
            by_name = folded_starts_with(self.city, Address.city)
            address.append(
                or_(by_name, Address.postcode.in_(sorted(communes)))
                if communes
                else by_name
            )
        if not address:
            return []
        return [
            Company.id.in_(
                select(Address.company_id).where(
                    Address.company_id.is_not(None), *address
                )
            )
        ]

    def _postcodes(self) -> set[str] | None:
        """The postal codes the region, département and radius allow."""
        allowed = None
        if self.region:
            allowed = geo.postcodes_of_region(self.region)
        if self.department:
            codes = geo.postcodes_of_department(self.department)
            allowed = codes if allowed is None else allowed & codes
        point = self.centre()
        if point is not None and self.radius_km:
            codes = geo.postcodes_within(point, self.radius_km)
            allowed = codes if allowed is None else allowed & codes
        return allowed

    def centre(self) -> tuple[float, float] | None:
        if self.near_lat is not None and self.near_lon is not None:
            return (self.near_lat, self.near_lon)
        return geo.locate(self.near) if self.near else None

    def _family_tree(self) -> list:
        conditions = []
        if self.group_id is not None:
            # Every company below the group, at any depth.
            tree = (
                select(Company.id)
                .where(Company.group_id == self.group_id)
                .cte("subsidiaries", recursive=True)
            )
            child = select(Company.id).join(tree, Company.group_id == tree.c.id)
            tree = tree.union(child)
            conditions.append(Company.id.in_(select(tree.c.id)))
        if self.duplicates:
            conditions.append(duplicate_condition())
        return conditions

    def _works_with(self) -> list:
        """Companies on a budget with the chosen one (advertiser or agency)."""
        if self.works_with_id is None:
            return []
        chosen = self.works_with_id
        as_agency = select(BudgetAgency.budget_id).where(
            BudgetAgency.company_id == chosen
        )
        budgets = select(Budget.id).where(
            Budget.active.is_(True),
            or_(Budget.company_id == chosen, Budget.id.in_(as_agency)),
        )
        advertisers = select(Budget.company_id).where(Budget.id.in_(budgets))
        agencies = select(BudgetAgency.company_id).where(
            BudgetAgency.budget_id.in_(budgets)
        )
        return [
            Company.id != chosen,
            or_(Company.id.in_(advertisers), Company.id.in_(agencies)),
        ]

    def _changes(self, model, entity: str) -> list:
        """Created, updated or deleted (deactivated) within the dates given."""
        if not self.changed:
            return []
        start = _start_of(self.changed_from) if self.changed_from else None
        end = _start_of(self.changed_to + dt.timedelta(1)) if self.changed_to else None
        if self.changed != "created":
            # The history says what was changed when; ``updated_at`` cannot,
            # since it is set at creation too and keeps only the last change.
            return [model.id.in_(changed_ids(entity, [self.changed], start, end))]
        column = model.created_at
        conditions = []
        if start is not None:
            conditions.append(column >= start)
        if end is not None:
            conditions.append(column < end)
        return conditions or [column.is_not(None)]

    def _contact_portfolio(self, user_id) -> list:
        """Contacts by whose they are: the rule of :mod:`core.access`.

        A contact is in a salesperson's portfolio when it is assigned to
        them, when its company is, or when they wrote it and it has no
        company (:func:`core.directory.access.contact_owned_by`).
        """
        if self.portfolio == "mine":
            return [contact_owned_by([user_id])]
        if self.portfolio == "users":
            return [contact_owned_by(self.owner_ids)]
        if self.portfolio == "none":
            held = select(ContactPortfolio.contact_id)
            companies = select(CompanyPortfolio.company_id)
            return [
                Contact.id.not_in(held),
                or_(
                    and_(Contact.company_id.is_(None), Contact.created_by_id.is_(None)),
                    Contact.company_id.not_in(companies),
                ),
            ]
        return []

    def _contact(self, user_id, dialect, text=True) -> list:
        deleted = self.entity == "contact" and self.changed == "deleted"
        conditions = []
        if self.entity == "contact":
            conditions += self._contact_portfolio(user_id)
        if self.active != "no" and not deleted:
            conditions.append(Contact.active.is_(True))
        if self.contact_q and text:
            found = patterns(self.contact_q)
            ids = matching_ids(dialect, SearchContact, found) if found else None
            conditions.append(Contact.id.in_(ids) if ids is not None else false())
        if self.in_position != "all":
            departed = Contact.departed_at.is_not(None)
            conditions.append(departed if self.in_position == "no" else not_(departed))
        if self.contact_followed:
            follows = select(ContactFollow.contact_id).where(
                ContactFollow.user_id == user_id
            )
            followed = Contact.id.in_(follows)
            conditions.append(
                followed if self.contact_followed == "yes" else not_(followed)
            )
        if self.function_ids:
            conditions.append(Contact.function_id.in_(self.function_ids))
        if self.family_ids:
            families = Function.family_id.in_(self.family_ids)
            conditions.append(
                Contact.function_id.in_(select(Function.id).where(families))
            )
        if self.title:
            conditions.append(
                func.relais_search_fold(Contact.title).contains(
                    fold_text(self.title), autoescape=True
                )
            )
        if self.civilities:
            conditions.append(Contact.civility.in_(self.civilities))
        if self.has_email:
            with_email = and_(Contact.email.is_not(None), Contact.email != "")
            wanted = self.has_email == "yes"
            conditions.append(with_email if wanted else not_(with_email))
        if self.do_not_contact:
            conditions.append(Contact.do_not_contact.is_(self.do_not_contact == "yes"))
        if self.keyword_ids:
            conditions.append(Contact.id.in_(self._with_keywords()))
        return conditions

    def _with_keywords(self) -> Select:
        """Contacts carrying any (or all) of the chosen keywords."""
        query = select(RecordKeyword.target_id).where(
            RecordKeyword.target_kind == "contact",
            RecordKeyword.keyword_id.in_(self.keyword_ids),
        )
        if self.keywords_match == "all":
            wanted = len(set(self.keyword_ids))
            query = query.group_by(RecordKeyword.target_id).having(
                func.count(func.distinct(RecordKeyword.keyword_id)) == wanted
            )
        return query


def _visibility(access):
    """The access conditions per kind; none when the caller checks itself."""
    if access is None:
        return lambda kind: []
    return lambda kind: [access.filter(kind)]


def _driven(
    model, index_model, text: str, dialect: str, keyed: bool, names=None
) -> Select:
    """Start from the index when there is text: a LIMIT then stops early."""
    index_key = index_model.__table__.primary_key.columns.values()[0]
    if not text:
        if not keyed:
            return select(model.id)
        return select(model.id, index_model.sort_key).join(
            index_model, index_key == model.id
        )
    found = patterns(text)
    if not found:
        columns = [model.id, literal("").label("sort_key")] if keyed else [model.id]
        return select(*columns).where(false())
    matches = matching_ids(dialect, index_model, found, keyed, names)
    matches = matches.subquery("matches")
    key = matches.c.id
    if dialect == "sqlite":
        # "+ 0" keeps SQLite from probing the FTS5 table once per row of the
        # record table (a scan of every contact for a GLOB term): the index
        # stays the outer loop and each match looks its record up by key.
        key = key + 0
    query = select(model.id).select_from(matches).join(model, model.id == key)
    if not keyed:
        return query
    if dialect == "sqlite":
        return query.add_columns(index_model.sort_key).join(
            index_model, index_key == model.id
        )
    return query.add_columns(matches.c.sort_key)


def _budget_text(dialect: str, found: list) -> Any:
    """The budget's name, its advertiser's or one of its agencies' names."""
    companies = matching_ids(dialect, SearchCompany, found)
    agencies = select(BudgetAgency.budget_id).where(
        BudgetAgency.company_id.in_(companies)
    )
    return or_(
        folded_matches(Budget.name, found),
        Budget.company_id.in_(companies),
        Budget.id.in_(agencies),
    )


def _start_of(day: dt.date) -> dt.datetime:
    """Midnight in Paris, in UTC: users think of days in their own zone."""
    from zoneinfo import ZoneInfo

    local = dt.datetime.combine(day, dt.time(), tzinfo=ZoneInfo("Europe/Paris"))
    return local.astimezone(dt.UTC)


def duplicate_condition():
    """Companies sharing their name key or their phone with another one."""
    names = (
        select(Company.name_key)
        .where(Company.name_key != "")
        .group_by(Company.name_key)
        .having(func.count() > 1)
    )
    phones = (
        select(Company.phone)
        .where(Company.phone.is_not(None))
        .group_by(Company.phone)
        .having(func.count() > 1)
    )
    return or_(Company.name_key.in_(names), Company.phone.in_(phones))
