"""Reporting: on-demand and scheduled reports in PDF and XLSX."""


def includeme(config):
    """Nothing to configure yet: the plugin registers and can be switched on."""
