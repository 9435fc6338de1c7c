"""An incident file's body -> its updates and postmortem: one `## <Status> - <time>` section each.

Headings inside fenced code are text; lines python-markdown would show as headings but that are not
update headings are reported, so no update is lost to a missing space.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Iterator
from urllib.parse import urlsplit

from .diagnostics import Reporter, did_you_mean, one_of, shown
from .front_matter import ComponentChecks
from .markup import MarkdownRenderer, MarkupError, RenderBudget, foreign_images_as_links, scope_footnotes, update_anchor
from .model import (
    INCIDENT_STATUSES,
    MAINTENANCE_STATUSES,
    ComponentStatus,
    Kind,
    Postmortem,
    SiteConfig,
    Update,
    UpdateStatus,
)
from .timeparse import TimeError, format_input, parse_timestamp

# Update headings: "## Investigating - 2025-09-04 16:33 +02:00" (separator may be -, –, —, ·, |, @, at).
UPDATE_HEADING = re.compile(
    r"^##[ \t]+(?P<label>[A-Za-z][A-Za-z _]*?)[ \t]*(?:[-–—·|@:]|\bat\b)?[ \t]*"
    r"(?P<when>\d{4}-\d{2}-\d{2}[^#]*?)[ \t]*#*[ \t]*$"
)
HEADING_WITHOUT_TIME = re.compile(r"^##[ \t]+(?P<label>[A-Za-z][A-Za-z _]*?)[ \t]*[-–—·|@:]?[ \t]*#*[ \t]*$")
ANY_HEADING = re.compile(r"^(#{1,2})(?:[ \t]|$)")
# python-markdown also reads these as level-1 and level-2 headings; updates need `## ` to be found.
HEADING_WITHOUT_SPACE = re.compile(r"^#{1,2}[^#\s]")
SETEXT_UNDERLINE = re.compile(r"^[ ]{0,3}(?:=+|-+)[ \t]*$")
NOT_PARAGRAPH_TEXT = re.compile(r"^(?:[ ]{4}|\t|[ ]{0,3}(?:[-*+>#|]|\d{1,9}[.)])|[ \t]*$)")
FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
COMPONENTS_LINE = re.compile(r"^components:[ \t]*(?P<items>.*)$", re.IGNORECASE)
HEADING_EXAMPLE = "## Investigating - 2025-09-04 16:33 +02:00"
POSTMORTEM = "postmortem"
SAME_STATUS = "update"


def heading_word(status: UpdateStatus) -> str:
    """How an update heading names the status: "Investigating", "In progress" (`## In progress - ...`)."""
    return status.value.replace("_", " ").capitalize()


class Fences:
    """Walks Markdown lines and tells which are fenced code, where `##` is text, not a heading."""

    def __init__(self) -> None:
        self.open: str | None = None  # the fence still open, e.g. "```"
        self.lines = 0
        self.opened_at = 0  # the line (1-based, counted from the first line given) of the open fence

    def in_code(self, line: str) -> bool:
        """Whether `line` is a fence line or inside fenced code; call it for every line in order."""
        self.lines += 1
        if self.open is None:
            opener = FENCE.match(line)
            if opener:
                self.open, self.opened_at = opener.group(1)[0] * 3, self.lines
            return self.open is not None
        if line.strip().startswith(self.open):
            self.open = None
        return True


class UpdateSections:
    """Reads the `##` sections of one file; one render budget bounds the whole file's render time."""

    def __init__(self, report: Reporter, config: SiteConfig, renderer: MarkdownRenderer, components: ComponentChecks):
        self.report, self.config, self.renderer, self.components = report, config, renderer, components
        self.budget = RenderBudget()

    def read(self, lines: list[str], first: int, kind: Kind | None) -> tuple[list[Update], Postmortem | None]:
        """Updates and the postmortem. With an unknown kind, statuses of either kind are accepted."""
        allowed = {Kind.INCIDENT: INCIDENT_STATUSES, Kind.MAINTENANCE: MAINTENANCE_STATUSES}.get(
            kind, INCIDENT_STATUSES + MAINTENANCE_STATUSES)
        what = kind.value if kind else "incident or maintenance"
        updates: list[Update] = []
        postmortem: Postmortem | None = None
        posted_at: dict[datetime, tuple[datetime, int]] = {}  # anchors and feed ids need one update per instant
        headings = 0
        for heading_line, heading, body_lines in self._split(lines, first):
            headings += 1
            parsed = self._heading(heading_line, heading, allowed, what)
            if parsed is None:
                continue
            label, at = parsed
            changes, body = self._changes(heading_line, body_lines)
            markdown_text = "\n".join(body).strip("\n")
            if not markdown_text.strip():
                self.report.at(heading_line, f"{'postmortem' if label == POSTMORTEM else 'update'} has no text",
                               "write what readers should know below the heading")
            html = self._render(heading_line, markdown_text)
            if label == POSTMORTEM:
                if postmortem is not None:
                    self.report.at(heading_line, f"a second postmortem (the first is on line {postmortem.line})",
                                   "merge both into one `## Postmortem - ...` section")
                elif changes:
                    self.report.at(heading_line + 1, "a postmortem cannot change component statuses",
                                   "move the `components:` line into an update")
                postmortem = postmortem or Postmortem(at, markdown_text, self._body_rules(html, "postmortem"),
                                                      heading_line)
                continue
            if label == SAME_STATUS:
                if not updates:
                    self.report.at(heading_line, "the first update cannot be 'Update'",
                                   f"give it a status: {one_of(heading_word(s) for s in allowed)}")
                    continue
                status = updates[-1].status
            else:
                status = UpdateStatus(label)
            if at in posted_at:
                first_at, first_line = posted_at[at]
                self.report.at(heading_line, f"two updates at {format_input(first_at)} (lines {first_line} and "
                               f"{heading_line})", f"give the later one seconds, e.g. {_seconds_example(at)}, "
                               "or its real time")
            posted_at.setdefault(at, (at, heading_line))
            if updates and at < updates[-1].at:
                self.report.at(heading_line, f"update at {format_input(at)} is earlier than the one before it "
                               f"({format_input(updates[-1].at)}, line {updates[-1].line})",
                               "keep updates in the order they were posted, oldest first, and check the offsets")
            keeps_status = bool(updates) and status is updates[-1].status
            update = Update(at, status, keeps_status, markdown_text, html, changes, heading_line)
            updates.append(replace(update, body_html=self._body_rules(html, update_anchor(at))))
        if not headings:
            self.report.at(min(first + 1, len(lines)), "no updates",
                           f"add the first update below the front-matter, e.g. `{HEADING_EXAMPLE}` and its text")
        return updates, postmortem

    def _heading(self, line: int, heading: str, allowed: tuple, what: str) -> tuple[str, datetime] | None:
        """(label, time) of an update heading; label is a status value, 'update' or 'postmortem'."""
        match = UPDATE_HEADING.match(heading)
        if not match:
            bare = HEADING_WITHOUT_TIME.match(heading)
            label = bare["label"].strip().lower().replace(" ", "_") if bare else ""
            if label in (POSTMORTEM, SAME_STATUS) or label in tuple(UpdateStatus):
                self.report.at(line, f"heading '{heading.strip()}' has no time",
                               f"write the time with its offset, e.g. `## {bare['label'].strip()} - 2025-09-04 16:33 +02:00`")
            else:
                self.report.at(line, f"heading {shown(heading.strip())} is not an update heading",
                               f"updates start with `{HEADING_EXAMPLE}`; use ### or deeper for headings inside an update")
            return None
        written = match["label"].strip()
        label = written.lower().replace(" ", "_")
        names = [heading_word(s) for s in allowed] + ["Update", "Postmortem"]
        if label not in (POSTMORTEM, SAME_STATUS) and label not in (s.value for s in allowed):
            self.report.at(line, f"'{written}' is not a{'n' if what[0] in 'aeiou' else ''} {what} status"
                           f"{did_you_mean(written.capitalize(), names)}", f"use one of {one_of(names)}")
            return None
        try:
            return label, parse_timestamp(match["when"], self.config.timezone)
        except TimeError as exc:
            self.report.at(line, exc.message, exc.hint, heading.find(match["when"]) + 1)
            return None

    def _body_rules(self, html: str, scope: str) -> str:
        """Footnote ids scoped to their update; images from hosts the site does not allow as links."""
        own_host = (urlsplit(self.config.site_url).hostname or "").lower()
        return scope_footnotes(foreign_images_as_links(html, self.config.allowed_image_hosts, own_host), scope)

    def _render(self, line: int, text: str) -> str:
        over = self.budget.charge(text)
        if over:  # not rendered, so not counted: each such section is reported
            self.report.at(line, *over)
            return ""
        try:
            return self.renderer.render(text)
        except MarkupError as exc:
            self.report.at(line, str(exc), "flatten the nested lists or quotes in this section")
            return ""

    def _split(self, lines: list[str], first: int) -> Iterator[tuple[int, str, list[str]]]:
        """Yield (line number, heading, body lines) per `##` section, skipping fenced code."""
        fences = Fences()
        current: tuple[int, str, list[str]] | None = None
        previous = ""  # the line before, when it was paragraph text a setext underline would make a heading
        for index in range(first, len(lines)):
            line, number = lines[index], index + 1
            in_code = fences.in_code(line)
            if not in_code:
                self._misread_heading(number, line, previous)
                previous = "" if NOT_PARAGRAPH_TEXT.match(line) or SETEXT_UNDERLINE.match(line) else line
            if not in_code and ANY_HEADING.match(line):
                if line.startswith("# ") or line.rstrip() == "#":
                    self.report.at(number, "a level-1 heading in the body",
                                   "the page title comes from `title`; start updates with `## Status - time`")
                    continue
                if current:
                    yield current
                current = (number, line, [])
                continue
            if current:
                current[2].append(line)
            elif line.strip():
                self.report.at(number, "text before the first update would not be shown anywhere",
                               f"move it into an update that starts with `{HEADING_EXAMPLE}`")
        if fences.open is not None:
            self.report.at(first + fences.opened_at, f"code block opened with {fences.open} is never closed",
                           f"end it with a line {fences.open}; until then the `##` headings below it are code, "
                           "not updates")
        if current:
            yield current

    def _misread_heading(self, number: int, line: str, previous: str) -> None:
        """Lines python-markdown renders as headings but that are not `## ` update headings."""
        if HEADING_WITHOUT_SPACE.match(line):
            self.report.at(number, f"heading {shown(line.strip())} has no space after the #",
                           f"write `{line[:line.index(line.lstrip('#'))]} {line.lstrip('#')}`; without the space it is "
                           "shown as a heading but not read as an update")
        elif previous and SETEXT_UNDERLINE.match(line):
            self.report.at(number, f"{shown(previous.strip())} underlined with {line.strip()[0]} is a heading",
                           "start updates with `## Status - time` and use ### for headings inside one; "
                           "leave a blank line above --- to draw a line")

    def _changes(self, heading_line: int, body: list[str]) -> tuple[dict[str, ComponentStatus], list[str]]:
        """The optional first line `components: api=degraded_performance, ...` of an update."""
        for offset, line in enumerate(body):
            if not line.strip():
                continue
            match = COMPONENTS_LINE.match(line.strip())
            if not match:
                return {}, body
            number = heading_line + 1 + offset
            changes: dict[str, ComponentStatus] = {}
            for item in filter(None, (part.strip() for part in match["items"].split(","))):
                component_id, sep, status = (part.strip() for part in item.partition("="))
                column = line.find(item) + 1
                if not sep:
                    self.report.at(number, f"{shown(item)} is not `component=status`",
                                   "write e.g. `components: api=degraded_performance, ocpp=operational`", column)
                    continue
                known = self.components.is_known((), component_id, (number, column))
                parsed = self.components.status(status, line=(number, column + item.find(status)))
                if component_id in changes:
                    self.report.at(number, f"component '{component_id}' is changed twice on one line", "keep one",
                                   column)
                elif known and parsed:
                    changes[component_id] = parsed
            if not changes and not match["items"].strip():
                self.report.at(number, "`components:` line lists no changes",
                               "write e.g. `components: api=operational`, or remove the line")
            return changes, body[offset + 1:]
        return {}, body


def _seconds_example(at: datetime) -> str:
    """'16:33:01': a second after the shared time, for the hint on two updates at one time (so the
    suggested time is never before the one it follows)."""
    return f"{at + timedelta(seconds=1):%H:%M:%S}"
