"""The core's own hook implementations, registered like any plugin's.

Writing the core's migrations, reference data and search sources through the
same hooks the plugins use keeps the contract honest: if a hook cannot carry
what the core needs, it cannot carry what a plugin needs either.
"""

from __future__ import annotations

from core import hookimpl
from core.i18n import _
from core.plugins import ReferenceEntry, SearchSource

REFERENCE_DATA: dict[str, list[tuple]] = {
    "company_type": [
        ("annonceur", "Annonceur"),
        ("agence", "Agence"),
        ("agence_media", "Agence média"),
        ("agence_comm", "Agence communication"),
        ("agence_web", "Agence web"),
        ("regie", "Régie"),
        ("media", "Média"),
        ("autre", "Autre"),
    ],
    "situation": [
        ("client", "Client"),
        ("prospect", "Prospect"),
        ("actif", "Actif"),
        ("abandonniste", "Abandonniste"),
        ("abandonniste_plus_1", "Abandonniste +1"),
    ],
    "function_family": [
        ("direction", "Direction générale"),
        ("marketing", "Marketing"),
        ("media", "Média"),
        ("communication", "Communication"),
        ("commercial", "Commercial"),
        ("achats", "Achats"),
        ("digital", "Digital"),
        ("finance", "Finance"),
    ],
    "function": [
        ("pdg", "PDG / Directeur général", {"family": "direction"}),
        ("dg_adjoint", "Directeur général adjoint", {"family": "direction"}),
        ("dir_marketing", "Directeur marketing", {"family": "marketing"}),
        ("chef_produit", "Chef de produit", {"family": "marketing"}),
        ("chef_groupe", "Chef de groupe", {"family": "marketing"}),
        ("dir_media", "Directeur média", {"family": "media"}),
        ("media_planner", "Média planneur", {"family": "media"}),
        ("acheteur_media", "Acheteur média", {"family": "media"}),
        (
            "dir_communication",
            "Directeur de la communication",
            {"family": "communication"},
        ),
        (
            "resp_communication",
            "Responsable communication",
            {"family": "communication"},
        ),
        ("dir_commercial", "Directeur commercial", {"family": "commercial"}),
        ("chef_pub", "Chef de publicité", {"family": "commercial"}),
        ("acheteur", "Acheteur", {"family": "achats"}),
        ("dir_digital", "Directeur digital", {"family": "digital"}),
        ("traffic_manager", "Traffic manager", {"family": "digital"}),
        ("daf", "Directeur administratif et financier", {"family": "finance"}),
    ],
    "keyword_family": [
        ("interets", "Centres d'intérêt"),
        ("evenements", "Événements"),
        ("medias", "Médias suivis"),
    ],
    "keyword": [
        ("rugby", "Rugby", {"family": "interets"}),
        ("golf", "Golf", {"family": "interets"}),
        ("voile", "Voile", {"family": "interets"}),
        ("salon", "Salons professionnels", {"family": "evenements"}),
        ("soiree", "Soirées clients", {"family": "evenements"}),
        ("presse_quotidienne", "Presse quotidienne", {"family": "medias"}),
        ("radio", "Radio", {"family": "medias"}),
    ],
    "qualification": [
        ("decideur", "Décideur"),
        ("prescripteur", "Prescripteur"),
        ("vip", "VIP"),
    ],
    "action_type": [
        ("rdv", "Rendez-vous", {"colour": "#2f6fb1", "icon": "handshake"}),
        ("dejeuner", "Déjeuner", {"colour": "#b1602f", "icon": "restaurant"}),
        ("telephone", "Téléphone", {"colour": "#3c8d5a", "icon": "call"}),
        ("email", "E-mail", {"colour": "#7a5ab1", "icon": "mail"}),
        ("pour_action", "Pour action", {"colour": "#b13c5a", "icon": "flag"}),
        ("agenda_externe", "Outlook/Gmail", {"colour": "#5a6470", "icon": "sync"}),
    ],
    "product": [
        ("print", "PRINT"),
        ("web", "WEB"),
        ("digital", "DIGITAL"),
        ("event", "EVENT"),
        ("fdv", "FDV"),
    ],
    "budget_role": [
        ("agence", "Agence"),
        ("agence_comm", "Agence communication"),
        ("agence_media", "Agence média"),
        ("agence_web", "Agence web"),
        ("autre", "Autre"),
    ],
    "opportunity_status": [
        ("perdu", "Perdu", {"rate": 0}),
        ("froid", "Froid", {"rate": 25}),
        ("tiede", "Tiède", {"rate": 50}),
        ("chaude", "Chaude", {"rate": 75}),
        ("confirmee", "Confirmée", {"rate": 100}),
    ],
}

SECTORS = {
    "alimentation": ("Alimentation", ["Boissons", "Produits laitiers", "Épicerie"]),
    "automobile": ("Automobile", ["Constructeurs", "Équipementiers"]),
    "beaute": ("Beauté - Hygiène", ["Parfums", "Cosmétiques", "Soins"]),
    "distribution": ("Distribution", ["Grande distribution", "Commerce spécialisé"]),
    "finance": ("Banque - Assurance", ["Banques", "Assurances"]),
    "luxe": ("Luxe", ["Mode", "Joaillerie", "Maroquinerie"]),
    "telecom": ("Télécommunications", ["Opérateurs", "Équipements"]),
    "tourisme": ("Voyage - Tourisme", ["Transport", "Hôtellerie"]),
    "culture": ("Culture - Loisirs", ["Édition", "Cinéma", "Jeux vidéo"]),
    "services": ("Services", ["Énergie", "Immobilier"]),
}


def _entries() -> list[ReferenceEntry]:
    entries = []
    for kind, rows in REFERENCE_DATA.items():
        for row in rows:
            code, label, *extra = row
            entries.append(ReferenceEntry(kind, code, label, extra[0] if extra else {}))
    for code, (label, children) in SECTORS.items():
        entries.append(ReferenceEntry("sector", code, label))
        for index, child in enumerate(children, start=1):
            entries.append(
                ReferenceEntry("sector", f"{code}.{index}", child, {"parent": code})
            )
    return entries


@hookimpl
def relais_register_migrations():
    from core.db.migrate import CORE_LOCATION

    return [CORE_LOCATION]


@hookimpl
def relais_register_reference_data():
    return _entries()


@hookimpl
def relais_register_merge_steps():
    from core.budgets.merge_steps import budget_steps
    from core.directory.services import merge_steps as steps
    from core.mail.merge_steps import mail_steps

    return [
        *steps.directory_steps(),
        *steps.action_steps(),
        *steps.opportunity_steps(),
        *steps.attachment_steps(),
        *steps.multi_steps(),
        steps.former_address_step(),
        *budget_steps(),
        *mail_steps(),
    ]


@hookimpl
def relais_register_search_sources():
    from core.search import emails, opportunities
    from core.search import quick as search

    return [
        SearchSource("budgets", _("Budgets"), search.search_budgets, order=10),
        SearchSource("companies", _("Companies"), search.search_companies, order=20),
        SearchSource("contacts", _("Contacts"), search.search_contacts, order=30),
        SearchSource(
            "opportunities",
            _("Opportunities"),
            opportunities.search_opportunities,
            order=35,
        ),
        SearchSource("emails", _("E-mails"), emails.search_emails, order=40),
    ]
