"""Start-up: a process imports what its work needs (issue 16). `mkstatus check` and MkDocs'
config validation load no feeds, calendar, notify or publishing code."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import click
from click.testing import CliRunner

import mkstatus.commands
from mkstatus.cli import cli
from mkstatus.commands import COMMAND_MODULES

from test_validation_site import VALID, make_site

# Modules only the build's artifacts or other commands use.
NOT_FOR_CHECK = ("mkstatus.outputs.feeds", "mkstatus.outputs.calendar", "mkstatus.outputs.statuspage_api",
                 "mkstatus.outputs.badges", "mkstatus.outputs.pages", "mkstatus.plugin.render",
                 "mkstatus.notify", "mkstatus.publish", "mkstatus.authoring", "feedgen", "icalendar", "boto3",
                 "slugify")


def test_every_command_is_in_the_lazy_table() -> None:
    defined = {}
    for info in pkgutil.iter_modules(mkstatus.commands.__path__):
        module = importlib.import_module(f"mkstatus.commands.{info.name}")
        for command in getattr(module, "COMMANDS", []):
            defined[command.name] = info.name
    assert defined == COMMAND_MODULES
    ctx = click.Context(cli)
    assert cli.list_commands(ctx) == sorted(COMMAND_MODULES)
    assert all(cli.get_command(ctx, name).name == name for name in COMMAND_MODULES)
    assert cli.get_command(ctx, "nosuch") is None


def test_help_lists_every_command_and_an_unknown_one_is_refused() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert all(f"  {name} " in result.output for name in COMMAND_MODULES)
    wrong = CliRunner().invoke(cli, ["chek"])
    assert wrong.exit_code == 2 and "No such command 'chek'" in wrong.output


def test_check_imports_only_what_checking_needs(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", {"2025-09-04-api-errors.md": VALID})
    script = ("import sys\nfrom mkstatus.cli import main\ntry:\n    main()\nexcept SystemExit as exc:\n"
              "    print(exc.code, *sorted(sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", script, "check"], cwd=site, capture_output=True, text=True,
                          timeout=120)
    code, *modules = done.stdout.split()
    assert code == "0", done.stderr
    assert "mkstatus.commands.check" in modules and "mkstatus.plugin" in modules  # it did check mkdocs.yml
    assert [m for m in modules if m.startswith(NOT_FOR_CHECK)] == []


def test_material_css_is_filtered_once_and_kept_on_disk(tmp_path, monkeypatch) -> None:
    """The filter of Material's main.css runs once per stylesheet: later builds (new processes) read
    the result from the cache folder, byte for byte what the filter gives; a damaged entry is redone."""
    from mkstatus import plugin
    from mkstatus.outputs import stylesheets
    from mkstatus.plugin import theme_script

    monkeypatch.setenv("MKSTATUS_CACHE", str(tmp_path))
    css = ".md-header{color:red}.md-search,.md-x{top:0}@media screen{.md-tooltip{a:b}.md-y{c:d}}"
    expected = stylesheets.css_without_classes(css, theme_script.BUNDLE_ONLY_CLASSES)
    assert expected == ".md-header{color:red}.md-x{top:0}@media screen{.md-y{c:d}}"
    assert plugin._css_without_bundle_classes(css) == expected
    [entry] = (tmp_path / "stylesheets").iterdir()

    monkeypatch.setattr(plugin, "_filtered_css", {})  # a new process
    filtering = []
    monkeypatch.setattr(stylesheets, "css_without_classes", lambda *a: filtering.append(a) or expected)
    assert plugin._css_without_bundle_classes(css) == expected and filtering == []

    entry.write_bytes(entry.read_bytes()[:-3])  # damaged: filtered again
    monkeypatch.setattr(plugin, "_filtered_css", {})
    assert plugin._css_without_bundle_classes(css) == expected and len(filtering) == 1
    assert plugin._css_without_bundle_classes(css + ".md-z{}") == expected and len(filtering) == 2  # other CSS
