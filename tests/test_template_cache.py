"""Compiled templates are kept on disk between builds: loaded when the source and the environment's
settings match, compiled afresh when either changed, and a cache folder that cannot be written
costs only the time."""

from __future__ import annotations

from jinja2 import Environment, FileSystemLoader

from mkstatus.plugin import compiled
from mkstatus.plugin.compiled import CACHE_ENV, CompiledTemplates


def environment(templates, autoescape=True) -> tuple[Environment, list[str]]:
    """A fresh environment (as each MkDocs build makes one) that records what it compiles."""
    env = Environment(loader=FileSystemLoader(str(templates)), autoescape=autoescape)
    env.bytecode_cache = CompiledTemplates()  # a new process: nothing in memory
    compiled_names = []
    compile_ = env.compile

    def counting(source, name=None, filename=None, raw=False, defer_init=False):
        compiled_names.append(name)
        return compile_(source, name, filename, raw, defer_init)

    env.compile = counting
    return env, compiled_names


def test_a_second_build_loads_the_compiled_template_and_renders_the_same(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "page.html").write_text("<p>{{ title }}</p>", encoding="utf-8")
    first, compiled_first = environment(tmp_path / "t")
    assert first.get_template("page.html").render(title="a & b") == "<p>a &amp; b</p>"
    assert compiled_first == ["page.html"] and len(list((tmp_path / "cache").iterdir())) == 1

    second, compiled_second = environment(tmp_path / "t")
    assert second.get_template("page.html").render(title="a & b") == "<p>a &amp; b</p>"
    assert compiled_second == []


def test_other_settings_or_an_edited_source_compile_afresh(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    (tmp_path / "t").mkdir()
    page = tmp_path / "t" / "page.html"
    page.write_text("<p>{{ title }}</p>", encoding="utf-8")
    environment(tmp_path / "t")[0].get_template("page.html")

    unescaped, compiled_names = environment(tmp_path / "t", autoescape=False)
    assert unescaped.get_template("page.html").render(title="a & b") == "<p>a & b</p>"
    assert compiled_names == ["page.html"]

    page.write_text("<h1>{{ title }}</h1>", encoding="utf-8")
    edited, compiled_names = environment(tmp_path / "t")
    assert edited.get_template("page.html").render(title="x") == "<h1>x</h1>"
    assert compiled_names == ["page.html"]


def test_a_folder_that_cannot_be_written_or_no_folder_still_renders(tmp_path, monkeypatch):
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "page.html").write_text("{{ 1 + 1 }}", encoding="utf-8")
    (tmp_path / "file").write_text("", encoding="utf-8")
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "file" / "cache"))  # a folder inside a file: never writable
    assert environment(tmp_path / "t")[0].get_template("page.html").render() == "2"
    monkeypatch.setenv(CACHE_ENV, "0")
    assert compiled.cache_dir() is None
    assert environment(tmp_path / "t")[0].get_template("page.html").render() == "2"


def test_a_damaged_cache_file_is_compiled_over(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "page.html").write_text("ok", encoding="utf-8")
    environment(tmp_path / "t")[0].get_template("page.html")
    (entry,) = (tmp_path / "cache").iterdir()
    entry.write_bytes(entry.read_bytes()[:40])
    env, compiled_names = environment(tmp_path / "t")
    assert env.get_template("page.html").render() == "ok" and compiled_names == ["page.html"]


def test_without_its_own_setting_the_folder_is_the_templates_one_of_mkstatus_caches(tmp_path, monkeypatch):
    monkeypatch.delenv(CACHE_ENV, raising=False)
    monkeypatch.setenv("MKSTATUS_CACHE", str(tmp_path / "caches"))
    assert compiled.cache_dir() == tmp_path / "caches" / "templates"
    monkeypatch.setenv("MKSTATUS_CACHE", "0")  # no cache on disk at all
    assert compiled.cache_dir() is None
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "own"))  # the templates' own setting wins
    assert compiled.cache_dir() == tmp_path / "own"
    monkeypatch.delenv("MKSTATUS_CACHE")
    monkeypatch.delenv(CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert compiled.cache_dir() == tmp_path / "xdg" / "mkstatus" / "templates"
