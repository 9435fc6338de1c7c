"""The embeddable banner /embed/status.js: the packaged script with this site's settings written in.

The script reads any Statuspage-compatible summary.json at run time; what it cannot read there
(this site's mirrors, the status colours and icons, its labels) is baked in here as JSON.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterable, Mapping

from .colors import IMPACT_COLORS
from ..i18n import Language, english
from ..core.model import Impact, UpdateStatus
from .wording import IMPACT_LABELS, UPDATE_LABELS

SCRIPT = Path(__file__).resolve().parent.parent / "embed" / "status.js"
SCRIPT_PATH = "embed/status.js"
SETTINGS_SLOT = "/*settings*/null"
_PATH_DATA = re.compile(r'<path[^>]*\sd="([^"]+)"')
_LINE_COMMENTS = re.compile(r"^[ \t]*(?:/\*.*?\*/|//[^\n]*)[ \t]*$", re.M | re.S)
_INLINE_COMMENTS = re.compile(r"[ \t]*/\* [^*\n]* \*/")
_TRAILING_COMMENTS = re.compile(r"[ \t]{2}// [^\n\"']*$", re.M)


def embed_script(mirrors: Iterable[str], impact_icons: Mapping[str, str], lang: Language | None = None) -> str:
    """The script as published; `impact_icons` maps an impact ("major") to its icon's SVG source.
    Its words are in the site's language (`lang`)."""
    lang = lang or english()
    settings = {
        "mirrors": [m for m in mirrors if m.startswith(("https://", "http://"))],
        "colors": {impact.value: color for impact, color in IMPACT_COLORS.items()},
        "icons": {impact: match.group(1) for impact, svg in impact_icons.items()
                  if (match := _PATH_DATA.search(svg))},
        "text": {
            "impact": {impact.value: lang.gettext(IMPACT_LABELS[impact]) for impact in Impact},
            # Statuspage writes "postmortem" as an update status too.
            "status": {**{s.value: lang.gettext(UPDATE_LABELS[s]) for s in UpdateStatus},
                       "postmortem": lang.gettext("Postmortem")},
            "update": lang.gettext("Update"),
            "dismiss": lang.gettext("Dismiss"),
        },
    }
    source = SCRIPT.read_text(encoding="utf-8")
    if source.count(SETTINGS_SLOT) != 1:
        raise ValueError(f"{SCRIPT}: expected one {SETTINGS_SLOT} for the settings")
    return script_without_comments(source).replace(SETTINGS_SLOT, script_json(settings))


def script_without_comments(source: str) -> str:
    """The script as served: no indentation and no comments, which are for readers of the package.

    Conservative on purpose, for the script as written in this package: it removes only comments
    that stand on their own lines, `/* ... */` with spaces inside, and `  // ...` after two spaces,
    none of which a string in the script contains.
    """
    text = _LINE_COMMENTS.sub("", source)
    text = _INLINE_COMMENTS.sub("", text)
    text = _TRAILING_COMMENTS.sub("", text)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip()) + "\n"


def script_json(value: object) -> str:
    """JSON that stays one literal wherever a script is read, even pasted inside an HTML <script>.

    ASCII only (so U+2028/U+2029 cannot end a line), and `<`, `>`, `&` as \\u escapes (so no
    `</script>` or `<!--` can appear); JSON.parse and JavaScript read these as the same string.
    """
    text = json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
