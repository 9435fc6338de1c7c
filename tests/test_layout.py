"""The package layout keeps the promises docs/architecture.md makes: the core imports no MkDocs, no
click and nothing built on it; only the MkDocs adapter imports MkDocs; only the command line parses
arguments. Read from the source, so a new import breaks this test before it breaks a layer."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "generator" / "mkstatus"
# What the core may import from the rest of the package: the msgid marker (N_, for the overall
# status' description that the API publishes in English), and the version (part of the Markdown
# cache's key). Wording and formatting for readers belong to outputs/; sending notifications to
# notify/, which reads the core, never the reverse.
CORE_MAY_IMPORT = ("mkstatus.core", "mkstatus.i18n.N_", "mkstatus.__version__")


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Absolute names of everything the file imports, at any depth of the file: `import a.b` gives
    "a.b", `from a import b, c` gives "a.b" and "a.c" (a module or a name in it)."""
    package = _module(path) if path.name == "__init__.py" else _module(path).rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            source = node.module
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*base, *([node.module] if node.module else [])])
            found.update(f"{source}.{alias.name}" for alias in node.names)
    return found


def _sources(under: str = "") -> dict[str, set[str]]:
    return {_module(p): _imports(p) for p in sorted((PACKAGE / under).rglob("*.py"))}


def _top(name: str) -> str:
    return name.split(".")[0]


def test_the_core_imports_no_mkdocs_no_click_and_nothing_built_on_it():
    core = _sources("core")
    assert "mkstatus.core.model" in core and "mkstatus.core.load" in core
    for module, imports in core.items():
        for name in imports:
            assert _top(name) not in {"mkdocs", "material", "click", "jinja2"}, f"{module} imports {name}"
            if _top(name) == "mkstatus":
                assert name.startswith(CORE_MAY_IMPORT), f"{module} imports {name}"


def test_only_the_mkdocs_adapter_imports_mkdocs():
    for module, imports in _sources().items():
        if module == "mkstatus.plugin" or module.startswith("mkstatus.plugin."):
            continue
        assert not [n for n in imports if _top(n) in {"mkdocs", "material"}], module


def test_only_the_command_line_parses_arguments():
    for module, imports in _sources().items():
        if module == "mkstatus.cli" or module.startswith("mkstatus.commands"):
            continue
        assert not [n for n in imports if _top(n) in {"click", "argparse"}], module


def test_outputs_and_authoring_do_not_reach_into_the_adapter_or_the_command_line():
    for under in ("outputs", "authoring", "notify", "i18n"):
        for module, imports in _sources(under).items():
            bad = [n for n in imports if n.startswith(("mkstatus.plugin", "mkstatus.rendering", "mkstatus.cli",
                                                       "mkstatus.commands"))]
            assert not bad, f"{module} imports {bad}"
