"""The names of the chart datasets, translated for each reader."""

from core.i18n import _

DATASETS = {
    "count": _("Opportunities"),
    "total": _("Total"),
    "weighted": _("Weighted"),
    "done": _("Done"),
    "planned": _("Planned"),
    "companies": _("Companies"),
}
COVERAGE = {"covered": _("With an action"), "not_covered": _("Without an action")}
