"""MkStatus' generated stylesheets: status colours as CSS properties, the uptime days phones hide, and theme
icons as CSS masks."""

from __future__ import annotations

import re

from ..core.uptime import DAYS
from .colors import COMPONENT_COLORS, IMPACT_COLORS, INDICATOR_COLORS
from .pages.uptime_bars import PHONE_DAYS


def colors_css() -> str:
    """CSS custom properties for every status colour, from mkstatus.outputs.colors (shared with SVG badges)."""
    lines = [":root {"]
    lines += [f"  --mks-{status.value}: {color};" for status, color in COMPONENT_COLORS.items()]
    lines += [f"  --mks-impact-{impact.value}: {color};" for impact, color in IMPACT_COLORS.items()]
    lines += [f"  --mks-indicator-{key}: {color};" for key, color in INDICATOR_COLORS.items()]
    return "\n".join(lines + ["}", ""])


def phone_window_css(days: int = DAYS, phone_days: int = PHONE_DAYS) -> str:
    """Phones show the newest `phone_days` of each uptime bar's `days`: the older ones are hidden below
    the width where the whole bar fits (45em, as status.css' other phone rules). Written from the
    constants (core.uptime.DAYS, outputs.pages.uptime_bars.PHONE_DAYS), so no stylesheet repeats them."""
    hidden = f".md-typeset .mks .mks-day:nth-child(-n+{days - phone_days})"
    return (f"{hidden} {{ display: none; }}\n"
            f"@media screen and (min-width: 45em) {{\n  {hidden} {{ display: block; }}\n}}\n")


def css_without_comments(css: str) -> str:
    """MkStatus' own stylesheet as served: comments dropped (a fifth of its gzipped size); no strings hold "/*"."""
    return re.sub(r"/\*.*?\*/\s*", "", css, flags=re.S)


def script_without_comments(script: str) -> str:
    """MkStatus' own scripts as served: without their comments (a fifth of their gzipped size).

    Only comments as these files write them: /* blocks */, whole // lines, and "  // " after code.
    No string or regular expression in them holds "/*", "*/" or " // " (tests/test_page_weight.py).
    """
    script = re.sub(r"/\*.*?\*/\s*", "", script, flags=re.S)
    script = re.sub(r"(?m)^[ \t]*//.*\n", "", script)
    return re.sub(r"(?m)[ \t]+//[ \t].*$", "", script)


def css_without_classes(css: str, prefixes: tuple[str, ...]) -> str:
    """A (minified) stylesheet less the selectors that name a class starting with one of `prefixes`:
    selector lists lose those entries, rules and @media/@supports blocks left empty go, everything
    else is kept byte for byte. Classes inside :not(...), :is(...) and the like do not count."""
    named = re.compile(r"\.(?:" + "|".join(re.escape(p) for p in prefixes) + r")")
    return "".join(_without(css, named))


def _without(css: str, named: re.Pattern) -> list[str]:
    kept, i = [], 0
    while i < len(css):
        brace = css.find("{", i)
        if brace < 0:
            kept.append(css[i:])
            break
        head = css[i:brace]
        if head.lstrip().startswith("@") and ";" in head:  # @charset, @import before the next block
            end = css.index(";", i) + 1
            kept.append(css[i:end])
            i = end
            continue
        end = _block_end(css, brace)
        body = css[brace + 1:end - 1]
        if head.lstrip().startswith(("@media", "@supports")):
            inner = "".join(_without(body, named))
            if inner:
                kept.append(head + "{" + inner + "}")
        elif head.lstrip().startswith("@"):  # @font-face, @keyframes, @page: no selectors
            kept.append(css[i:end])
        else:
            selectors = [s for s in _split_selectors(head) if not named.search(_without_arguments(s))]
            if selectors:
                kept.append(",".join(selectors) + "{" + body + "}")
        i = end
    return kept


def _block_end(css: str, brace: int) -> int:
    depth, i = 0, brace
    while True:
        depth += {"{": 1, "}": -1}.get(css[i], 0)
        i += 1
        if depth == 0:
            return i


def _split_selectors(head: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, char in enumerate(head):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(head[start:i])
            start = i + 1
    return parts + [head[start:]]


FUNCTIONAL_PSEUDO = re.compile(r":(?:not|is|where|has|-webkit-any|-moz-any|matches)\(")


def _without_arguments(selector: str) -> str:
    """The selector less :not(...), :is(...) and the like: only classes it surely requires count."""
    while (found := FUNCTIONAL_PSEUDO.search(selector)) is not None:
        start = found.start()
        depth, i = 0, found.end() - 1
        while True:
            depth += {"(": 1, ")": -1}.get(selector[i], 0)
            i += 1
            if depth == 0:
                break
        selector = selector[:start] + selector[i:]
    return selector


# --- icons --------------------------------------------------------------------------------------

def icon_class(name: str) -> str:
    """'material/check-circle' -> 'mks-icon--material-check-circle'."""
    return "mks-icon--" + name.replace("/", "-")


def icons_css(svgs: dict[str, str]) -> str:
    """One CSS mask per icon ({name: SVG source}), so a page names an icon in a class, not 300 bytes of SVG.

    status.css paints `.mks-icon:empty` in the text colour through the mask, so icons follow the
    text's colour in every palette, as the inline SVGs did.
    """
    lines = ["/* Generated by MkStatus from the theme's icons: one mask per icon the status pages use. */"]
    for name in sorted(svgs):
        svg = " ".join(svgs[name].split()).replace('"', "'").replace("%", "%25").replace("#", "%23")
        lines.append(f'.{icon_class(name)} {{ --mks-icon: url("data:image/svg+xml;charset=utf-8,{svg}"); }}')
    return "\n".join(lines + [""])
