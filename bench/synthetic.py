"""A synthetic status site: N incidents over five years, the same bytes for the same seed.

The site reuses the repository's theme setup (mkdocs.yml, site_template/) so the benchmark builds
what users get; only the status plugin's groups/components and the incidents are made up.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

# 2026-01-01 00:00 UTC: the build clock. Every incident lies in the five years before it.
SOURCE_DATE_EPOCH = 1767225600
BUILD_CLOCK = datetime.fromtimestamp(SOURCE_DATE_EPOCH, timezone.utc)
HISTORY = timedelta(days=5 * 365)
TIMEZONE = "Europe/Oslo"
ZONE = ZoneInfo(TIMEZONE)

GROUPS = {
    "platform": ("Core platform", ["api", "auth", "database", "queue"]),
    "charging": ("Charging", ["charger-backend", "ocpp", "session-reports", "firmware-updates"]),
    "apps": ("Apps", ["portal", "mobile-app", "payments", "notifications"]),
}
COMPONENT_NAMES = {
    "api": "API", "auth": "Sign-in", "database": "Database", "queue": "Message queue",
    "charger-backend": "Charger backend", "ocpp": "OCPP", "session-reports": "Session reports",
    "firmware-updates": "Firmware updates", "portal": "Portal", "mobile-app": "Mobile app",
    "payments": "Payments", "notifications": "Notifications",
}
AFFECTING = ["degraded_performance", "partial_outage", "major_outage"]
IMPACT_FOR = {"degraded_performance": "minor", "partial_outage": "major", "major_outage": "critical"}

PROBLEMS = ["Elevated error rates", "Increased latency", "Delayed processing", "Intermittent timeouts",
            "Failed requests", "Connectivity problems", "Degraded performance", "Login failures"]
MAINTENANCE_WORK = ["database upgrade", "network maintenance", "server migration", "certificate rotation",
                    "storage expansion", "security patching"]
SENTENCES = [
    "We are investigating reports of {problem} affecting the {component}.",
    "Some customers may see {problem} when they use the {component}.",
    "Chargers keep charging on their local settings while we work on this.",
    "The team has traced the problem to a recent change in the {component} and is rolling it back.",
    "Error rates are returning to normal levels, and we continue to watch the {component} closely.",
    "A fix has been deployed; requests that failed during the incident can be retried safely.",
    "We have added capacity to the {component} to work through the backlog faster.",
    "Our hosting provider confirms a fault in its network and is applying a fix.",
    "If you still see problems, reload the page or sign in again.",
    "Sessions started during the incident are reported with a delay of up to **30 minutes**.",
    "We will post the next update within an hour, or sooner if anything changes.",
    "Requests to `/v2/sessions` may return HTTP 503 for a short time.",
]


@dataclass(frozen=True)
class SyntheticSite:
    root: Path
    config_path: Path
    incidents: int
    maintenance: int
    postmortems: int


def generate(root: Path, n: int, *, repo: Path, seed: int = 6, extra_plugins: tuple[str, ...] = ()) -> SyntheticSite:
    """Write mkdocs.yml and incidents/ for a site with `n` incident files into `root`.

    `extra_plugins` are appended to the repository's plugin list, to try e.g. `search` before adopting it.
    """
    rng = random.Random(f"{seed}-{n}")
    incidents_dir = root / "incidents"
    incidents_dir.mkdir(parents=True)
    starts = sorted(BUILD_CLOCK - HISTORY + timedelta(seconds=rng.randrange(int((HISTORY - timedelta(days=7)).total_seconds())))
                    for _ in range(n))
    counts = {"maintenance": 0, "postmortem": 0}
    for number, start in enumerate(starts, 1):
        is_maintenance = rng.random() < 0.10
        # Arithmetic stays in UTC: aware datetimes in one zoneinfo zone add and compare as wall
        # time, which puts updates out of order across a DST change. Only _stamp() goes local.
        title, text = (_maintenance if is_maintenance else _incident)(rng, start, counts)
        slug = "-".join([w for w in title.lower().replace("-", " ").split() if w not in ("on", "the")][:5])
        name = f"{start.astimezone(ZONE):%Y-%m-%d}-{''.join(c for c in slug if c.isalnum() or c == '-')}-{number:05d}.md"
        (incidents_dir / name).write_text(text, encoding="utf-8")
        counts["maintenance"] += is_maintenance
    config_path = root / "mkdocs.yml"
    config_path.write_text(_mkdocs_yml(repo, root, extra_plugins), encoding="utf-8")
    return SyntheticSite(root, config_path, n, counts["maintenance"], counts["postmortem"])


# --- incident files ----------------------------------------------------------------------------

def _stamp(moment: datetime) -> str:
    """'2025-09-04 16:33 +02:00' in the site's zone, as people write it in incident files."""
    local = moment.astimezone(ZONE)
    offset = local.strftime("%z")
    return f"{local:%Y-%m-%d %H:%M} {offset[:3]}:{offset[3:]}"


def _paragraphs(rng: random.Random, component: str, problem: str) -> str:
    paragraphs = []
    for _ in range(rng.randint(1, 3)):
        sentences = rng.sample(SENTENCES, rng.randint(2, 4))
        paragraphs.append(" ".join(s.format(component=COMPONENT_NAMES[component], problem=problem.lower())
                                   for s in sentences))
    return "\n\n".join(paragraphs)


def _ordered_subset(rng: random.Random, items: list, count: int) -> list:
    return [items[i] for i in sorted(rng.sample(range(len(items)), count))]


def _minutes_apart(times: list[datetime]) -> list[datetime]:
    """Round to minutes and keep each update at least a minute after the one before (stable anchors)."""
    result = []
    for moment in times:
        moment = moment.replace(second=0, microsecond=0)
        if result and moment <= result[-1]:
            moment = result[-1] + timedelta(minutes=1)
        result.append(moment)
    return result


def _incident(rng: random.Random, start: datetime, counts: dict) -> tuple[str, str]:
    affected = rng.sample(list(COMPONENT_NAMES), rng.choice([1, 1, 1, 2, 2, 3]))
    statuses = {c: rng.choice(AFFECTING) for c in affected}
    problem = rng.choice(PROBLEMS)
    title = f"{problem} on the {COMPONENT_NAMES[affected[0]]}"
    worst = max(statuses.values(), key=AFFECTING.index)
    impact = IMPACT_FOR[worst] if rng.random() > 0.05 else "none"
    start = start.replace(second=0, microsecond=0)
    end = start + timedelta(minutes=int(rng.lognormvariate(4.5, 0.8)) + 20)
    labels = ["Investigating", *_ordered_subset(rng, ["Identified", "Update", "Monitoring", "Update"],
                                                rng.randint(0, 4)), "Resolved"]
    first, last = start + timedelta(minutes=rng.randint(5, 30)), end + timedelta(minutes=rng.randint(0, 60))
    times = _minutes_apart([first + (last - first) * i / (len(labels) - 1) for i in range(len(labels))])
    sections = []
    for label, at in zip(labels, times):
        heading = f"## {label} - {_stamp(at)}\n"
        if label == "Monitoring" and rng.random() < 0.5:
            heading += "components: " + ", ".join(f"{c}=degraded_performance" for c in affected) + "\n"
        sections.append(heading + "\n" + _paragraphs(rng, affected[0], problem) + "\n")
    if rng.random() < 0.03:
        counts["postmortem"] += 1
        sections.append(_postmortem(rng, last + timedelta(days=rng.randint(1, 5)), affected[0], problem))
    front = ["---", f"title: {title}", f"impact: {impact}", "components:",
             *(f"  {c}: {s}" for c, s in statuses.items()), f"start: {_stamp(start)}", f"end: {_stamp(end)}", "---"]
    return title, "\n".join(front) + "\n\n" + "\n".join(sections)


def _postmortem(rng: random.Random, at: datetime, component: str, problem: str) -> str:
    rows = "\n".join(f"| {h:02d}:{m:02d} | {rng.choice(SENTENCES).format(component=COMPONENT_NAMES[component], problem=problem.lower())} |"
                     for h, m in sorted((rng.randint(0, 23), rng.randint(0, 59)) for _ in range(5)))
    steps = "\n".join(f"- {rng.choice(SENTENCES).format(component=COMPONENT_NAMES[component], problem=problem.lower())}"
                      for _ in range(3))
    return (f"## Postmortem - {_stamp(at)}\n\n### Summary\n\n{_paragraphs(rng, component, problem)}\n\n"
            f"### Timeline\n\n| Time | Event |\n|------|-------|\n{rows}\n\n"
            f"### Root cause\n\n{_paragraphs(rng, component, problem)}\n\n### Next steps\n\n{steps}\n")


def _maintenance(rng: random.Random, start: datetime, counts: dict) -> tuple[str, str]:
    affected = rng.sample(list(COMPONENT_NAMES), rng.choice([1, 1, 2]))
    work = rng.choice(MAINTENANCE_WORK)
    title = f"{COMPONENT_NAMES[affected[0]]} {work}"
    start = start.replace(minute=0, second=0, microsecond=0)  # Oslo is a whole number of hours off UTC
    end = start + timedelta(hours=rng.randint(1, 4))
    duration = end - start
    middle = [("Update", start - timedelta(hours=1)), ("In progress", start), ("Update", start + duration * 0.3),
              ("Verifying", start + duration * 0.7)]
    steps = [("Scheduled", start - timedelta(days=rng.randint(3, 10))),
             *_ordered_subset(rng, middle, rng.randint(0, 4)), ("Completed", start + duration * 0.9)]
    times = _minutes_apart([at for _, at in steps])
    sections = [f"## {label} - {_stamp(at)}\n\n{_paragraphs(rng, affected[0], work)}\n"
                for (label, _), at in zip(steps, times)]
    front = ["---", "type: maintenance", f"title: {title}", "components:", *(f"  - {c}" for c in affected),
             f"start: {_stamp(start)}", f"end: {_stamp(end)}", "---"]
    return title, "\n".join(front) + "\n\n" + "\n".join(sections)


# --- mkdocs.yml --------------------------------------------------------------------------------

class _Tagged:
    """A YAML value with a tag PyYAML cannot build safely (e.g. !!python/name:...), kept verbatim."""

    def __init__(self, tag: str, node: yaml.Node):
        self.tag, self.node = tag, node


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


_Loader.add_multi_constructor("", lambda loader, suffix, node: _Tagged(node.tag, node))
_Dumper.add_representer(_Tagged, lambda dumper, value: value.node)


def _status_options() -> dict:
    since = (BUILD_CLOCK - HISTORY).date().isoformat()
    return {
        "timezone": TIMEZONE,
        "groups": [{"id": gid, "name": name} for gid, (name, _) in GROUPS.items()],
        "components": [{"id": cid, "name": COMPONENT_NAMES[cid], "group": gid, "start_date": since,
                        "description": f"The {COMPONENT_NAMES[cid]} of the synthetic platform."}
                       for gid, (_, ids) in GROUPS.items() for cid in ids],
    }


def _mkdocs_yml(repo: Path, root: Path, extra_plugins: tuple[str, ...]) -> str:
    """The repository's mkdocs.yml with absolute paths and synthetic status options."""
    config = yaml.load((repo / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    config["site_name"] = "Synthetic Status"
    config["docs_dir"] = str((repo / config.get("docs_dir", "docs")).resolve())
    config["site_dir"] = str(root / "site")
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str((repo / theme["custom_dir"]).resolve())
    if config.get("hooks"):
        config["hooks"] = [str((repo / hook).resolve()) for hook in config["hooks"]]
    config.pop("watch", None)
    plugins = []
    for entry in config.get("plugins") or []:
        name = entry if isinstance(entry, str) else next(iter(entry))
        plugins.append({name: _status_options()} if name in ("status", "mkstatus") else entry)
    config["plugins"] = plugins + [name for name in extra_plugins if name not in plugins]
    return yaml.dump(config, Dumper=_Dumper, sort_keys=False, allow_unicode=True)
