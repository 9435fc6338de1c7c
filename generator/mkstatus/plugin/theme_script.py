"""Which script every page loads: MkStatus' small theme script, or Material's whole bundle.

Material's bundle is 35 KB gzipped, more than half of a status home page, and a status page uses
only its palette toggle and a few scroll effects; assets/theme.js does those the same way. Sites
that use something only the bundle does (search, instant navigation, code copy buttons, ...)
keep the bundle, and so does any site that asks for it with `material_script: always`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

AUTO, ALWAYS = "auto", "always"
CHOICES = (AUTO, ALWAYS)
SCRIPT = "assets/mkstatus/theme.js"

# Material features that are templates and CSS only, or that theme.js does as the bundle does.
LIGHT_FEATURES = frozenset({
    "content.action.edit", "content.action.view",
    "navigation.footer", "navigation.indexes", "navigation.path", "navigation.prune",
    "navigation.sections", "navigation.top", "toc.integrate",
})
# Plugins whose pages rely on the bundle: the search box and its index, and the offline plugin's search.
SCRIPT_PLUGINS = ("search", "offline")
# `extra` settings the bundle reads: cookie consent, mike's version selector, language links kept on
# the same page, analytics (its snippet subscribes to the bundle's location$), code annotations.
SCRIPT_EXTRA = ("consent", "version", "alternate", "analytics", "annotate")


# Material's components that only its bundle draws, or only features that keep the bundle turn on:
# their rules leave main.css on pages that load theme.js (4.3 of its 22.8 KB gzipped). Blog, nav
# status and content-tab rules stay: their markup needs no script.
BUNDLE_ONLY_CLASSES = (
    "md-search",         # the search plugin
    "md-tooltip",        # content.tooltips, annotations
    "md-annotation",     # content.code.annotate
    "md-clipboard",      # content.code.copy
    "md-code__",         # the code block buttons (copy, select)
    "md-consent",        # extra.consent
    "md-version",        # extra.version (mike)
    "md-select",         # the language and version selectors
    "md-tabs",           # navigation.tabs
    "md-progress",       # navigation.instant.progress
    "md-source__fact",   # repository facts, fetched by the bundle
    "mermaid",           # Mermaid diagrams
)


def bundle_reasons(*, features: Iterable[str], plugins: Iterable[str], extra: Mapping,
                   mdx_configs: Mapping) -> list[str]:
    """Why this site needs Material's bundle: an empty list when theme.js does everything it uses."""
    reasons = [f"theme feature {feature}" for feature in features if feature not in LIGHT_FEATURES]
    reasons += [f"plugin {name}" for name in plugins if name.rsplit("/", 1)[-1] in SCRIPT_PLUGINS]
    reasons += [f"extra.{key}" for key in SCRIPT_EXTRA if extra.get(key)]
    fences = (mdx_configs.get("pymdownx.superfences") or {}).get("custom_fences") or []
    if any(isinstance(fence, Mapping) and "mermaid" in (fence.get("name"), fence.get("class")) for fence in fences):
        reasons.append("Mermaid diagrams (pymdownx.superfences)")
    return reasons


def theme_script(choice: str, reasons: list[str]) -> str | None:
    """The path of the script pages load instead of Material's bundle, or None for the bundle."""
    return SCRIPT if choice == AUTO and not reasons else None
