"""``relais revision`` writes a plugin's migration into that plugin's branch.

The sample plugin is installed in a temporary folder, so the revision is
written there and never into the repository.
"""

from __future__ import annotations

from tests.core.test_cli import run, write_ini


def test_revision_on_an_up_to_date_plugin_branch_is_empty(sample_plugin, tmp_path):
    ini = write_ini(tmp_path, **{"relais.plugins": "sample"})
    assert run(ini, "migrate")[0] == 0
    code, out, err = run(
        ini, "revision", "--branch", "sample", "-m", "nothing", "--rev-id", "sample_9"
    )
    folder = sample_plugin.target / "relais_sample" / "migrations"
    written = list(folder.glob("sample_9_*.py"))
    try:
        assert code == 0, err
        assert f"Created {written[0]}" in out
        text = written[0].read_text()
        assert "down_revision = 'sample_0001'" in text
        assert "op.create_table" not in text
        assert "op.add_column" not in text
    finally:
        for path in written:
            path.unlink()
