"""Copy the browser libraries Relais uses from npm into core/static/vendor/.

Run it when upgrading a library; the copied files are committed, so neither
installing nor running Relais needs npm or a CDN. Folder names as arguments
(``python scripts/vendor_assets.py fullcalendar-locales``) refresh only those.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VENDOR = Path(__file__).resolve().parent.parent / "core" / "static" / "vendor"

# package spec -> {file inside the npm tarball: name under vendor/<folder>/}
PACKAGES = {
    "htmx.org@2": ("htmx", {"dist/htmx.min.js": "htmx.min.js"}),
    "sortablejs@1.15": ("sortable", {"Sortable.min.js": "Sortable.min.js"}),
    "chart.js@4": ("chartjs", {"dist/chart.umd.js": "chart.umd.js"}),
    "fullcalendar@6": ("fullcalendar", {"index.global.min.js": "index.global.min.js"}),
    # The agenda's day and month names and buttons in French (English is built in).
    "@fullcalendar/core@6": (
        "fullcalendar-locales",
        {"locales/fr.global.min.js": "fr.global.min.js"},
    ),
    "trix@2": (
        "trix",
        {"dist/trix.umd.min.js": "trix.umd.min.js", "dist/trix.css": "trix.css"},
    ),
}


def fetch(spec: str, workdir: Path) -> Path:
    out = subprocess.run(
        ["npm", "pack", spec, "--json", "--pack-destination", str(workdir)],
        check=True,
        capture_output=True,
        text=True,
    )
    return workdir / json.loads(out.stdout)[0]["filename"]


def known_versions() -> dict[str, str]:
    """The lines of VERSIONS.txt by package name."""
    path = VENDOR / "VERSIONS.txt"
    if not path.exists():
        return {}
    lines = path.read_text().splitlines()
    return {line.split(" ", 1)[0]: line for line in lines if line.strip()}


def main(only: list[str]) -> int:
    lines = known_versions()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        for spec, (folder, files) in PACKAGES.items():
            if only and folder not in only:
                continue
            archive = fetch(spec, workdir)
            with tarfile.open(archive) as tar:
                meta = json.load(tar.extractfile("package/package.json"))
                target = VENDOR / folder
                shutil.rmtree(target, ignore_errors=True)
                target.mkdir(parents=True)
                for inner, name in files.items():
                    (target / name).write_bytes(
                        tar.extractfile(f"package/{inner}").read()
                    )
                for candidate in ("LICENSE", "LICENSE.md", "LICENSE.txt"):
                    try:
                        member = tar.extractfile(f"package/{candidate}")
                    except KeyError:
                        continue
                    (target / "LICENSE.txt").write_bytes(member.read())
                    break
            licence = meta.get("license", "?")
            lines[meta["name"]] = f"{meta['name']} {meta['version']} {licence}"
            print(f"vendored {meta['name']} {meta['version']}")
    (VENDOR / "VERSIONS.txt").write_text("\n".join(lines.values()) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
