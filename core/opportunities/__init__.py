"""Opportunities: the proposals of the pipe, their product lines and views.

See :mod:`core.opportunities.models` for what the tables hold and
:mod:`core.opportunities.amounts` for the money rule every view applies.
"""


def includeme(config):
    config.include(".visibility")
    # Documents (quotes, briefs, media plans) hang on opportunities too, and
    # are seen only by who may see the opportunity.
    config.add_attachment_target("opportunity", "opportunity")
    config.include(".views")
    config.include(".api")
