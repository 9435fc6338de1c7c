"""Status pages rendered fast: the theme's chrome once per kind of page.

Material's `base.html` (header, palette, navigation, footer, asset links) is three quarters of the
time a status page takes to render and comes out the same on every incident page but for the
page's title and address. So each kind of page (incident, component, later history pages) renders
that chrome once, for a stand-in page whose title, address and content are placeholder words, and
each page then renders only its `content` block into it. Placeholders are lowercase letters and
digits, which no escaping, `striptags` or white-space compaction changes; a page whose title or
address an escape could change renders the usual way. Two pages of each kind are also rendered
both ways and compared: if a template (e.g. an override in site_template/) makes the chrome depend
on anything else, that kind renders the usual way. This module knows Jinja, not MkDocs.
"""

from __future__ import annotations

import re
from typing import Iterator

from jinja2 import Template

TITLE = "mkstatus0chrome0title"
KEY = "mkstatus0chrome0key"
CONTENT = "mkstatus0chrome0content"
_SLOTS = re.compile(f"({TITLE}|{KEY}|{CONTENT})")
_KEY_CHARACTERS = re.compile(r"[A-Za-z0-9._-]+")
_UNSAFE_IN_TEXT = frozenset("<>&\"'")
RENDER_WHOLE_ENV = "MKSTATUS_RENDER_WHOLE"  # 1: every page renders whole, chrome included (to compare)


class Chrome:
    """A page with three holes: title, key (the page's incident id, component id or number) and content."""

    def __init__(self, html: str) -> None:
        self.parts = _SLOTS.split(html)  # odd indices are the placeholders, in order

    @property
    def complete(self) -> bool:
        """The stand-in's content landed in the page exactly once, so filling it is meaningful."""
        return self.parts[1::2].count(CONTENT) == 1

    def fill(self, title: str, key: str, content: str) -> str:
        values = {TITLE: title, KEY: key, CONTENT: content}
        parts = list(self.parts)
        parts[1::2] = [values[slot] for slot in parts[1::2]]
        return "".join(parts)


def fits_chrome(title: object, key: str) -> bool:
    """Whether a title and key read the same after any escape, `striptags` or white-space rule."""
    return (isinstance(title, str) and title != "" and title == " ".join(title.split())
            and not _UNSAFE_IN_TEXT.intersection(title) and _KEY_CHARACTERS.fullmatch(key) is not None)


def render_chrome(template: Template, context: dict) -> str:
    """The page with CONTENT where its `content` block goes."""
    ctx = template.new_context(dict(context))
    ctx.blocks["content"] = [_placeholder_content]  # the parents' blocks are appended behind it
    try:
        html = template.environment.concat(template.root_render_func(ctx))
    except Exception:
        template.environment.handle_exception()
    return html


def render_content(template: Template, context: dict) -> str:
    """Only the page's `content` block, as it appears inside the whole page.

    The block may use what the page's template defines at its top level (`macros.html as m`), so
    that runs first, with the template it extends printing nothing; then only the block renders.
    (A block that needs the theme's own top level, e.g. Material's `lang`, fails or differs in the
    check `_make_chrome` makes, and that kind of page renders whole.)
    """
    env = template.environment
    lookup = env.get_template
    had_own = "get_template" in vars(env)  # the plugin's stand-in lookup, or none

    def silent_parent(name, parent=None, globals=None):
        found = lookup(name, parent, globals)
        return _Silent(found) if parent == template.name else found

    ctx = template.new_context(dict(context))
    env.get_template = silent_parent
    try:
        for _ in template.root_render_func(ctx):
            pass
    except Exception:
        env.handle_exception()
    finally:
        if had_own:
            env.get_template = lookup
        else:
            del env.get_template
    try:
        return env.concat(ctx.blocks["content"][0](ctx))
    except Exception:
        env.handle_exception()


class _Silent:
    """A template as its child extends it, printing nothing; imports of it work as usual."""

    def __init__(self, template: Template) -> None:
        self._template = template

    def __getattr__(self, name: str):
        return getattr(self._template, name)

    @staticmethod
    def root_render_func(context) -> Iterator[str]:
        return iter(())


def _placeholder_content(context) -> Iterator[str]:
    yield CONTENT
