"""Rules that need a whole site: the incidents folder, file names and encodings, and mkdocs.yml."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from mkstatus.core.load import MAX_FILE_BYTES, load_site
from mkstatus.core.project import read_project

MKDOCS_YML = """\
site_name: Test status
plugins:
  - search
  - status:
      timezone: Europe/Oslo
      groups:
        - id: cloud
          name: Cloud
      components:
        - id: api
          name: API
          group: cloud
        - id: portal
          name: Portal
site_url: https://status.example.com/
"""
VALID = """\
---
title: API errors
impact: minor
components:
  api: degraded_performance
start: 2025-09-04 15:30 +02:00
---

## Investigating - 2025-09-04 16:33 +02:00

Slow responses.
"""


def make_site(tmp_path: Path, files: dict[str, str | bytes], config: str = MKDOCS_YML) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    (tmp_path / "incidents").mkdir()
    (tmp_path / "docs").mkdir()  # MkDocs' default docs_dir: the build (and so check) needs it
    for name, content in files.items():
        path = tmp_path / "incidents" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return tmp_path


def check(site: Path) -> list[str]:
    project, problems = read_project(site / "mkdocs.yml")
    if project is None:
        return [str(d) for d in problems]
    result = project.load()
    assert (result.site is None) == bool(result.diagnostics)
    return [str(d) for d in result.diagnostics]


def test_a_valid_site_loads(tmp_path):
    assert check(make_site(tmp_path, {"2025-09-04-api-errors.md": VALID, ".gitkeep": ""})) == []


def test_files_with_another_extension_are_reported_not_ignored(tmp_path):
    site = make_site(tmp_path, {"2025-09-04-api-errors.md": VALID, "notes.txt": "x", "draft.markdown": VALID})
    assert check(site) == [
        "incidents/draft.markdown:1:1: 'draft.markdown' is not an incident file (hint: incident files end in .md;"
        " move other files out of the incidents folder)",
        "incidents/notes.txt:1:1: 'notes.txt' is not an incident file (hint: incident files end in .md;"
        " move other files out of the incidents folder)",
    ]


@pytest.mark.parametrize("name, suggestion", [
    ("API errors.md", "2025-09-04-api-errors.md"),
    ("20250904_api.md", "2025-09-04-api.md"),
    ("2025-09-04-API.md", "2025-09-04-api.md"),
    ("2025-09-04-Störung.md", "2025-09-04-storung.md"),
])
def test_file_names_must_fit_the_pattern(tmp_path, name, suggestion):
    assert check(make_site(tmp_path, {name: VALID})) == [
        f"incidents/{name}:1:1: file name '{name}' does not fit YYYY-MM-DD-slug.md (hint: name it after the start"
        f" date and a few lowercase words joined by '-', e.g. {suggestion})"]


def test_the_date_in_a_file_name_must_exist(tmp_path):
    assert check(make_site(tmp_path, {"2025-02-30-api-errors.md": VALID})) == [
        "incidents/2025-02-30-api-errors.md:1:1: file name '2025-02-30-api-errors.md' starts with '2025-02-30',"
        " which is not a date (hint: use the incident's start date as YYYY-MM-DD)"]


def test_duplicate_ids_across_subfolders(tmp_path):
    site = make_site(tmp_path, {"2025/2025-09-04-api-errors.md": VALID, "old/2025-09-04-api-errors.md": VALID})
    assert check(site) == [
        "incidents/old/2025-09-04-api-errors.md:1:1: duplicate incident id '2025-09-04-api-errors':"
        " incidents/2025/2025-09-04-api-errors.md has the same file name (hint: the file name is the incident's"
        " id in URLs, feeds and the API; rename one of them)"]


def test_non_utf8_file_names_the_line_and_column(tmp_path):
    site = make_site(tmp_path, {"2025-09-04-api-errors.md": VALID.replace("API errors", "API caf\xe9").encode("latin-1")})
    assert check(site) == ["incidents/2025-09-04-api-errors.md:2:15: file is not UTF-8 (byte 0xe9 at offset 18)"
                           " (hint: save the file as UTF-8)"]


def test_utf8_bom_and_crlf_line_ends_are_accepted(tmp_path):
    data = b"\xef\xbb\xbf" + VALID.replace("\n", "\r\n").encode("utf-8")
    assert check(make_site(tmp_path, {"2025-09-04-api-errors.md": data})) == []


def test_oversized_file_is_refused_without_reading_it(tmp_path):
    big = VALID + "x" * MAX_FILE_BYTES
    assert check(make_site(tmp_path, {"2025-09-04-api-errors.md": big})) == [
        "incidents/2025-09-04-api-errors.md:1:1: file is larger than 1024 KiB"
        " (hint: split long text, or move attachments out)"]


def test_oversized_front_matter_is_refused_and_the_body_still_checked(tmp_path):
    fields = "".join(f"# comment line {i:05d} padding padding padding\n" for i in range(2000))
    text = VALID.replace("title:", fields + "title:").replace("## Investigating", "## Investigatin")
    problems = check(make_site(tmp_path, {"2025-09-04-api-errors.md": text}))
    assert problems[0] == ("incidents/2025-09-04-api-errors.md:2:1: front-matter is larger than 64 KiB"
                           " (hint: keep only the fields in the front-matter; text belongs in the updates)")
    assert "'Investigatin' is not an incident or maintenance status" in problems[1]


def test_yaml_bombs_end_quickly(tmp_path):
    """Aliases are refused in front-matter; deep nesting is capped before PyYAML's quadratic scan."""
    lol = "---\nbomb: &a [x, x]\n" + "".join(f"b{i}: &b{i} [*{'a' if i == 0 else f'b{i - 1}'}, *{'a' if i == 0 else f'b{i - 1}'}]\n" for i in range(40))
    deep = "---\ntitle: " + "[" * 60_000 + "\n---\n"  # under the size cap; minutes of work without the depth cap
    site = make_site(tmp_path, {"2025-09-04-lol.md": lol + "---\n", "2025-09-04-deep.md": deep})
    started = time.process_time()
    problems = check(site)
    assert time.process_time() - started < 10, "generous bound: the real cost is milliseconds"
    assert any(p.startswith("incidents/2025-09-04-deep.md:2:72: YAML syntax error: more than 64 nested") for p in problems)
    assert any(p.startswith("incidents/2025-09-04-lol.md:2:7: YAML anchors and aliases are not allowed") for p in problems)


def test_alias_bomb_in_mkdocs_yml_is_capped(tmp_path):
    bomb = "".join(f"x{i}: &x{i} [*x{i - 1}, *x{i - 1}, *x{i - 1}]\n" for i in range(1, 30))
    config = "a: &x0 [lol, lol]\n" + bomb + MKDOCS_YML
    started = time.process_time()
    problems = check(make_site(tmp_path, {}, config))
    assert time.process_time() - started < 10, "generous bound: the real cost is a fraction of a second"
    assert len(problems) == 1
    assert problems[0].startswith("mkdocs.yml:")
    assert problems[0].endswith(": YAML document expands to more than 50000 values"
                                " (hint: remove aliases that repeat large parts of the document)")


def test_markdown_nested_too_deeply_is_a_diagnostic_not_a_recursion_error(tmp_path):
    text = VALID.replace("Slow responses.", "- " * 5000 + "x")
    assert check(make_site(tmp_path, {"2025-09-04-api-errors.md": text})) == [
        "incidents/2025-09-04-api-errors.md:9:1: the Markdown nests lists or quotes more than 100 levels deep"
        " (hint: flatten the nested lists or quotes in this section)"]


def test_broken_link_in_incidents_is_reported(tmp_path):
    site = make_site(tmp_path, {"2025-09-04-api-errors.md": VALID})
    (site / "incidents" / "2025-09-05-gone.md").symlink_to(site / "nowhere.md")
    assert check(site) == ["incidents/2025-09-05-gone.md:1:1: '2025-09-05-gone.md' is not a regular file"
                           " (a broken link?) (hint: remove it from the incidents folder)"]


def test_missing_incidents_folder(tmp_path):
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML.replace("timezone", "incidents_dir: news\n      timezone"))
    assert check(tmp_path) == [
        "mkdocs.yml:5:22: incidents folder 'news' does not exist (hint: create it (with a .gitkeep file while it"
        " is empty), or set `incidents_dir` under the status plugin)"]


# --- mkdocs.yml ---------------------------------------------------------------------------------

BROKEN_CONFIG = """\
site_name: Test status
plugins:
  - status:
      timezone: Europe/Olso
      colour: blue
      groups:
        - id: cloud
          name: Cloud
        - id: cloud
          name: Cloud again
      components:
        - id: api
          name: API
          group: clod
        - id: api
          name: API again
        - id: cloud
          name: Named like the group
        - id: Portal Web
          name: Portal
        - id: app
          start_date: 2025-13-01
"""


def test_config_errors_name_their_line_in_mkdocs_yml(tmp_path):
    assert check(make_site(tmp_path, {}, BROKEN_CONFIG)) == [
        "mkdocs.yml:5:7: unknown key 'colour' (hint: allowed keys: allowed_image_hosts, components, groups, mirrors, name, notify, stale_after, timezone)",
        "mkdocs.yml:4:17: unknown time zone 'Europe/Olso' (did you mean 'Europe/Oslo'?)"
        " (hint: use an IANA name such as Europe/Oslo, America/New_York or UTC)",
        "mkdocs.yml:9:15: duplicate id 'cloud': already used by a group"
        " (hint: groups and components share one set of ids; give each its own)",
        "mkdocs.yml:14:18: unknown group 'clod' (did you mean 'cloud'?) (hint: known groups: cloud)",
        "mkdocs.yml:15:15: duplicate id 'api': already used by a component"
        " (hint: groups and components share one set of ids; give each its own)",
        "mkdocs.yml:17:15: duplicate id 'cloud': already used by a group"
        " (hint: groups and components share one set of ids; give each its own)",
        "mkdocs.yml:19:15: component id 'Portal Web' is missing or invalid"
        " (hint: use lowercase letters, digits, '-' or '_', e.g. `id: charger-backend`)",
        "mkdocs.yml:21:11: component 'app' needs a `name` (hint: the name is what readers see, e.g. `name: Charger backend`)",
        "mkdocs.yml:22:23: `start_date`: '2025-13-01' is not a date (hint: write it like 2025-01-31)",
    ]


def test_duplicate_keys_in_the_plugin_options_are_reported(tmp_path):
    config = MKDOCS_YML.replace("      timezone: Europe/Oslo\n", "      timezone: Europe/Oslo\n      timezone: UTC\n")
    assert check(make_site(tmp_path, {}, config)) == [
        "mkdocs.yml:6:7: duplicate key 'timezone' (hint: keep only one of them; YAML would use the last)"]


def test_config_and_incident_problems_are_reported_together(tmp_path):
    """A typo in mkdocs.yml must not hide the incidents' problems, nor blame them for it."""
    config = MKDOCS_YML.replace("        - id: portal\n          name: Portal\n", "        - id: portal\n")
    incident = VALID.replace("api: degraded_performance", "portal: degraded_performance\n  apx: major_outage")
    problems = check(make_site(tmp_path, {"2025-09-04-api-errors.md": incident}, config))
    assert problems == [
        "mkdocs.yml:13:11: component 'portal' needs a `name` (hint: the name is what readers see, e.g. `name: Charger backend`)",
        "incidents/2025-09-04-api-errors.md:6:3: unknown component 'apx' (did you mean 'api'?) (hint: known components: api, portal)",
    ]


def test_missing_timezone_defaults_to_utc_like_the_plugin(tmp_path):
    site = make_site(tmp_path, {"2025-09-04-api-errors.md": VALID}, MKDOCS_YML.replace("      timezone: Europe/Oslo\n", ""))
    project, _ = read_project(site / "mkdocs.yml")
    assert project.load().site.config.timezone.key == "UTC"


def test_plugins_written_as_a_mapping_are_found(tmp_path):
    config = MKDOCS_YML.replace("  - search\n  - status:\n", "  search: {}\n  status:\n")
    assert check(make_site(tmp_path, {"2025-09-04-api-errors.md": VALID}, config)) == []


def test_status_plugin_not_enabled(tmp_path):
    assert check(make_site(tmp_path, {}, "site_name: x\nplugins:\n  - search\n")) == [
        "mkdocs.yml:3:1: the status plugin is not enabled (hint: add `- status:` with your components under `plugins:`)"]


def test_load_site_without_positions_still_reports(tmp_path):
    """The plugin may call the loader without line numbers (no mkdocs.yml on disk): messages stay clear."""
    result = load_site({"name": "Status", "timezone": "Mars/Olympus"}, incidents_dir=tmp_path, root=tmp_path)
    assert [str(d) for d in result.diagnostics] == [
        "mkdocs.yml:1:1: unknown time zone 'Mars/Olympus' (hint: use an IANA name such as Europe/Oslo, America/New_York or UTC)"]


@pytest.mark.parametrize("kind", ["components", "groups"])
def test_the_id_status_is_reserved_for_the_overall_badge(tmp_path, kind):
    config = MKDOCS_YML.replace("        - id: portal\n", "        - id: status\n") if kind == "components" else \
        MKDOCS_YML.replace("        - id: cloud\n          name: Cloud\n",
                           "        - id: cloud\n          name: Cloud\n        - id: status\n          name: All\n")
    line = next(number for number, text in enumerate(config.splitlines(), 1) if text.endswith("id: status"))
    what = kind[:-1]
    assert check(make_site(tmp_path, {"2025-09-04-api-errors.md": VALID}, config)) == [
        f"mkdocs.yml:{line}:15: {what} id 'status' is reserved: badges/status.svg and badges/status.json are the"
        f" overall status badge (hint: choose another id, e.g. `id: status-{what}`)"]


def test_a_control_character_in_front_matter_is_a_diagnostic_with_its_place(tmp_path):
    text = VALID.replace("title: API errors", "title: API\x00errors")
    assert check(make_site(tmp_path, {"2025-09-04-api-errors.md": text})) == [
        "incidents/2025-09-04-api-errors.md:2:11: YAML error: control character U+0000 is not allowed"
        " (hint: remove it; most editors do not show it)"]
