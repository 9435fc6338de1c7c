"""The YAML reader: libyaml reads fast, and what users see is exactly what the pure-Python reader gives.

`yamlsource` parses with libyaml when PyYAML has it and hands anything unusual (errors, anchors,
deep nesting) to the pure-Python reader. These tests compare both readers on every YAML document
in the repository and on generated near-YAML, so the fast path can never change a value, a line
number or a message.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkstatus.core import yamlsource
from mkstatus.core.incident_file import parse_incident_file

from test_validation_cases import CASES, site_config

ROOT = Path(__file__).resolve().parent.parent
needs_libyaml = pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML was built without libyaml")


@contextmanager
def pure_python_only():
    with mock.patch.object(yamlsource, "_FastLoader", None):
        yield


def read(text: str, **options) -> tuple:
    """What `yamlsource.load` returns (data and every mark), or the error it raises, comparably."""
    try:
        data, positions = yamlsource.load(text, **options)
    except yamlsource.YamlError as exc:
        return "error", exc.line, exc.column, exc.message, exc.hint
    return "ok", repr(data), positions.marks, positions.key_marks, positions.duplicates


def read_both(text: str, **options) -> tuple[tuple, tuple]:
    fast = read(text, **options)
    with pure_python_only():
        return fast, read(text, **options)


def front_matter(path: Path) -> str:
    lines = path.read_text(encoding="utf-8").split("\n")
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), len(lines))
    return "\n".join(lines[1:closing])


REPOSITORY_YAML = sorted([*ROOT.glob("incidents/**/*.md"), *ROOT.glob("tests/sites/*/incidents/**/*.md"),
                          *CASES.glob("*.md"), ROOT / "mkdocs.yml", *ROOT.glob("tests/sites/*/mkdocs.yml")])


@pytest.mark.parametrize("path", REPOSITORY_YAML, ids=lambda p: str(p.relative_to(ROOT)))
def test_both_readers_agree_on_every_yaml_document_in_the_repository(path):
    if path.suffix == ".md":
        fast, pure = read_both(front_matter(path), line_offset=1, allow_aliases=False)
    else:
        fast, pure = read_both(path.read_text(encoding="utf-8"), unknown_tags_as_none=True)
    assert fast == pure


@pytest.mark.parametrize("name", sorted(p.stem for p in CASES.glob("*.md")))
def test_golden_cases_are_unchanged_without_libyaml(name):
    data = (CASES / f"{name}.md").read_bytes()
    expected = (CASES / f"{name}.expected").read_text(encoding="utf-8").splitlines()
    with pure_python_only():
        _, diagnostics = parse_incident_file(data, f"incidents/{name}.md", name, site_config())
    assert [str(d) for d in diagnostics] == expected


@needs_libyaml
def test_well_formed_front_matter_is_read_by_libyaml_and_unusual_input_by_the_reference_reader():
    plain = "title: API errors\nimpact: major\ncomponents:\n  api: major_outage\nstart: 2025-09-04 15:30 +02:00"
    assert yamlsource._compose_fast(plain, allow_aliases=False)[1] is not None
    for unusual in ("title: &t API errors", "title: " + "[" * 65 + "]" * 65, "title: [x", "a: b\n c: d"):
        assert yamlsource._compose_fast(unusual, allow_aliases=False) == (None, None), unusual
    assert yamlsource._compose_fast("a: &x [1]\nb: *x", allow_aliases=True)[1] is not None


def test_non_ascii_text_keeps_its_columns():
    text = "title: Störung\ncomponents: {Störung–日本: major_outage, ocpp: \"é\"}\nend: x"
    fast, pure = read_both(text, line_offset=1)
    assert fast == pure
    assert fast[2][("components", "ocpp")] == (3, 1 + text.split("\n")[1].index('"é"'))  # characters, not bytes


def test_deep_nesting_is_a_diagnostic_with_either_reader():
    deep_block = "title: " + "- " * 3000 + "x"
    deep_flow = "title: " + "[" * 60_000
    for text in (deep_block, deep_flow):
        fast, pure = read_both(text, line_offset=1, allow_aliases=False)
        assert fast == pure and fast[0] == "error"


# Near-YAML from the characters that steer YAML's grammar, so both readers meet odd indentation,
# flow collections, anchors, quotes and comments. The odd characters send a document to the
# reference reader, so the plain ones alone exercise libyaml.
PLAIN_PIECES = ["a", "b: ", "- ", "  ", "\n", ":", "[", "]", "{", "}", ",", "&x ", "*x", "'", '"', "#", "---", "é",
                "1", "~", "2025-09-04 16:33 +02:00", "\\", "...", " #c\n", "*", "&", "=", "a:b", "\n    ", "x: ''"]
ODD_PIECES = ["!!str ", "!t ", "? ", "|", ">", "\t", "%", "@", "!", "\r\n", "\x00", "\ufeff", "\x85", "\u2028"]
plain_yaml = st.lists(st.sampled_from(PLAIN_PIECES), max_size=40).map("".join)
odd_yaml = st.lists(st.sampled_from(PLAIN_PIECES + ODD_PIECES), max_size=40).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(plain_yaml, odd_yaml), st.booleans())
def test_both_readers_agree_on_generated_near_yaml(text, allow_aliases):
    fast, pure = read_both(text, line_offset=1, allow_aliases=allow_aliases, unknown_tags_as_none=allow_aliases)
    assert fast == pure
