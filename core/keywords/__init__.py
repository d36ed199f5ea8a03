"""Keywords (in families) and qualifications on companies and contacts."""

from core.i18n import _
from core.reference.registry import ReferenceField


def includeme(config):
    from core.keywords import models

    config.add_reference_list(models.KeywordFamily, _("Keyword families"))
    config.add_reference_list(
        models.Keyword,
        _("Keywords"),
        [ReferenceField("family_id", _("Family"), "family")],
    )
    config.add_reference_list(models.Qualification, _("Qualifications"))
    config.include(".views")
