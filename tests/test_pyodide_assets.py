"""The hook that puts the Pyodide bundle into the site (overrides/hooks/pyodide_assets.py)."""

import importlib.util
import types
from pathlib import Path

import pytest

import mkdocs  # noqa: F401  a build-time hook: tests/conftest.py leaves this file out under Pyodide
from mkdocs.exceptions import PluginError  # noqa: E402

HOOK = Path(__file__).resolve().parents[1] / "overrides" / "hooks" / "pyodide_assets.py"


def load_hook():
    spec = importlib.util.spec_from_file_location("pyodide_assets", HOOK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def config_in(root: Path):
    (root / "mkdocs.yml").write_text("site_name: t\n")
    return types.SimpleNamespace(config_file_path=str(root / "mkdocs.yml"), site_dir=str(root / "site"))


def test_missing_bundle_fails_the_build_and_names_the_command(tmp_path):
    with pytest.raises(PluginError, match=r"build/web/assets/.*scripts/build_pyodide\.sh"):
        load_hook().on_post_build(config_in(tmp_path))


def test_bundle_is_copied_into_the_site_assets(tmp_path):
    hook = load_hook()
    for name in hook.REQUIRED:
        path = tmp_path / "build" / "web" / "assets" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(name.encode())
    hook.on_post_build(config_in(tmp_path))
    for name in hook.REQUIRED:
        assert (tmp_path / "site" / "assets" / name).read_bytes() == name.encode()
