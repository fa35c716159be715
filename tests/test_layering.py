"""The core never imports MkDocs: the engine must stay replaceable (MkDocs 2.0 has no
plugin system). Only the adapter (plugin.py) and the build/serve commands may."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

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


def test_renderers_never_call_a_view() -> None:
    """The as-of time goes down once (``build_outputs`` -> snapshot, knowledge base):
    a renderer may name the views' records and constants, but it imports no view
    function, so it cannot compute a state of its own and disagree with another output."""
    import ast
    import importlib
    import inspect

    render = importlib.import_module("statuspress.render")
    calls = []
    for info in pkgutil.iter_modules(render.__path__, "statuspress.render."):
        module = importlib.import_module(info.name)
        assert module.__file__ is not None
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("statuspress.views"):
                source = importlib.import_module(node.module or "")
                calls += [f"{info.name}: {node.module}.{alias.name}" for alias in node.names
                          if inspect.isfunction(getattr(source, alias.name))]
    assert calls == []
