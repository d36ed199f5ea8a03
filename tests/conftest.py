pytest_plugins = ["core.testing", "core.testing.imap"]
