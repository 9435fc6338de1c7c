"""Golden outputs: every machine output and every page context of two fixture sites, as committed files.

Like literate-nav's YAML cases, the expected output sits in the repository (tests/goldens/<site>/),
so a reviewer reads each change to what the site publishes in the diff. The outputs come from the
real MkDocs adapter (`on_config`, `on_files`, `on_page_context`) at a fixed build clock, without
rendering HTML. A change that alters output on purpose regenerates them with one command:

    python3 -m pytest tests/test_golden.py --update-goldens

and commits the changed files with the change.
"""

from __future__ import annotations

import dataclasses
import difflib
import enum
import json
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import get_files

from sites.kit import ROOT, epoch, utc

GOLDENS = Path(__file__).parent / "goldens"
# Fixture site -> build clock: Oslo during its open API incident; artifacts with one maintenance of
# each kind (in progress, upcoming, cancelled, completed).
SITES = {
    "oslo": (ROOT / "tests" / "sites" / "oslo", utc(2025, 11, 1, 12)),
    "artifacts-site": (ROOT / "tests" / "sites" / "artifacts-site", utc(2025, 11, 10, 12)),
}
# Generated files that are outputs of the site's data (not the packaged stylesheets and scripts).
ARTIFACT_PREFIXES = ("api/", "badges/", "history.", "updates.", "components/", "maintenance.ics")
LINE_WIDTH = 250
UPDATE_COMMAND = "python3 -m pytest tests/test_golden.py --update-goldens"


def plain(value):
    """A page context as JSON data: dataclasses become objects with their fields and properties."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        data = {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        for name in dir(type(value)):
            if isinstance(getattr(type(value), name), property):
                data[name] = plain(getattr(value, name))
        return data
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"page context holds a {type(value).__name__}, which the golden files cannot show: {value!r}")


def pretty_json(value) -> bytes:
    return (_json_lines(value, "") + "\n").encode()


def _json_lines(value, indent: str) -> str:
    """JSON with any object or list that fits in LINE_WIDTH on one line: one uptime day a line."""
    compact = json.dumps(value, ensure_ascii=False)
    if len(indent) + len(compact) <= LINE_WIDTH or not isinstance(value, (dict, list)) or not value:
        return compact
    inner = indent + " "
    if isinstance(value, dict):
        items = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {_json_lines(v, inner).lstrip()}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    return "[\n" + ",\n".join(inner + _json_lines(v, inner).lstrip() for v in value) + "\n" + indent + "]"


def site_outputs(project: Path, clock: datetime, monkeypatch) -> dict[str, bytes]:
    """{path below tests/goldens/<site>/: bytes}: artifacts as MkDocs would write them, and page contexts."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(clock))
    config = load_config(str(project / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(get_files(config), config=config)
    plugin = config.plugins["status"]
    outputs: dict[str, bytes] = {}
    for file in files:
        if not file.generated_by or file.generated_by != "status":
            continue
        if file.src_uri.startswith(ARTIFACT_PREFIXES) and not file.src_uri.endswith(".md"):
            content = file.content_bytes
            if file.src_uri.endswith(".json"):  # one key a line, so a diff shows the key that changed
                content = pretty_json(json.loads(content))
            outputs[file.src_uri] = content
        elif file.page is not None:
            context = plugin.on_page_context({}, page=file.page, config=config, nav=None)
            page = {"url": file.url, "meta": plain(file.page._generated_meta), "context": plain(context["mkstatus"])}
            outputs["pages/" + file.src_uri.removesuffix(".md") + ".json"] = pretty_json(page)
    return outputs


def committed(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("name", SITES)
def test_outputs_match_the_golden_files(name, monkeypatch, request):
    project, clock = SITES[name]
    actual = site_outputs(project, clock, monkeypatch)
    folder = GOLDENS / name
    if request.config.getoption("--update-goldens"):
        shutil.rmtree(folder, ignore_errors=True)
        for path, content in actual.items():
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_bytes(content)
    expected = committed(folder)
    problems = [f"missing from the build: {path}" for path in sorted(expected.keys() - actual.keys())]
    problems += [f"new in the build: {path}" for path in sorted(actual.keys() - expected.keys())]
    for path in sorted(expected.keys() & actual.keys()):
        if expected[path] != actual[path]:
            diff = difflib.unified_diff(expected[path].decode().splitlines(), actual[path].decode().splitlines(),
                                        f"expected/{path}", f"built/{path}", lineterm="", n=1)
            problems.append("\n".join(list(diff)[:40]))
    assert not problems, (f"{name}: outputs differ from tests/goldens/{name}/. If the change is intended, "
                          f"run `{UPDATE_COMMAND}` and commit the diff.\n" + "\n".join(problems))


def test_goldens_cover_api_feeds_calendar_badges_and_every_page_kind():
    for name in SITES:
        paths = committed(GOLDENS / name).keys()
        for expected in ("api/v2/summary.json", "history.atom", "updates.rss", "maintenance.ics",
                         "badges/status.svg", "pages/index.json", "pages/history/index.json"):
            assert expected in paths, (name, expected)
        assert any(p.startswith("pages/incidents/") for p in paths)
        assert any(p.startswith("pages/components/") for p in paths)
