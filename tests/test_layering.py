"""The core never imports MkDocs: the engine must stay replaceable (MkDocs 2.0 has no
plugin system). Only the adapter (plugin.py) and the build/serve commands may."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import statuspress

ADAPTERS = {"statuspress.plugin", "statuspress.cli.build"}


def test_core_modules_do_not_import_mkdocs() -> None:
    modules = sorted(
        info.name for info in pkgutil.walk_packages(statuspress.__path__, "statuspress.")
        if info.name not in ADAPTERS and not info.name.endswith("__main__")
    )
    assert "statuspress.build" in modules and "statuspress.views.status" in modules
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m == 'mkdocs' or m.startswith('mkdocs.')))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
