"""A plugin that declares a setting without saying what it means."""


def includeme(config):
    config.add_setting("relais.sample_broken_setting.colour", str, "red", "")
