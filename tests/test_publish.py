"""`mkstatus publish`: a built site synced to a folder and to a real S3-compatible server on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from mkstatus.cli import cli
from mkstatus.publish import upload_rank
from sites.kit import build, copy_fixture, utc

CLOCK = utc(2025, 11, 10, 12)
CHANGED_INCIDENT = "incidents/2025-11-10-payment-delays.md"
NEW_UPDATE = """
## Monitoring - 2025-11-10 11:30 +01:00
components: payments=degraded_performance

Payments are processed again; we watch the backlog drain.
"""
CONTENT_TYPES = {"index.html": "text/html; charset=utf-8", "history.atom": "application/atom+xml",
                 "history.rss": "application/rss+xml", "api/v2/status.json": "application/json",
                 "maintenance.ics": "text/calendar; charset=utf-8", "badges/status.svg": "image/svg+xml",
                 "assets/mkstatus/status.css": "text/css; charset=utf-8",
                 "assets/mkstatus/localtime.js": "text/javascript; charset=utf-8",
                 "sitemap.xml": "application/xml", "build.json": "application/json"}


def unavailable(reason: str):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: publish tests must run)")
    pytest.skip(reason)


def files_below(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> tuple[Path, Path]:
    """Build 1 of the fixture site, and build 2 after one more update to an incident and another deleted."""
    root = tmp_path_factory.mktemp("publish")
    project = copy_fixture("artifacts-site", root)
    environ = {"MKSTATUS_COMMIT": "none"}  # the same footer in both builds: only the incidents differ
    os.environ.update(environ)
    try:
        first = root / "site-1"
        assert build(project, first, CLOCK).returncode == 0
        with open(project / CHANGED_INCIDENT, "a", encoding="utf-8") as handle:
            handle.write(textwrap.dedent(NEW_UPDATE))
        deleted = project / "incidents" / "2025-10-01-web-login.md"
        deleted.unlink()
        second = root / "site-2"
        result = build(project, second, CLOCK)
        assert result.returncode == 0, result.stderr
    finally:
        del os.environ["MKSTATUS_COMMIT"]
    return first, second


def changes(first: Path, second: Path) -> tuple[set[str], set[str]]:
    old, new = files_below(first), files_below(second)
    return {p for p in new if old.get(p) != new[p]}, set(old) - set(new)


def publish(site: Path, target: str) -> tuple[int, list[str], str]:
    result = CliRunner().invoke(cli, ["publish", "--target", target, "--verbose", str(site)])
    return result.exit_code, result.stdout.splitlines(), result.output


def touched(lines: list[str], verb: str) -> list[str]:
    return [line.split(" ", 1)[1] for line in lines if line.startswith(verb + " ")]


def test_uploads_go_leaves_first_and_build_json_last(builds, tmp_path):
    code, lines, output = publish(builds[0], f"dir:{tmp_path / 'www'}")
    assert code == 0, output
    uploaded = touched(lines, "uploaded")
    assert [upload_rank(p) for p in uploaded] == sorted(upload_rank(p) for p in uploaded)
    assert uploaded[-1] == "build.json" and uploaded[-2] == "index.html"
    assert uploaded.index("history/index.html") > max(i for i, p in enumerate(uploaded) if p.startswith("incidents/"))


def test_dir_target_syncs_only_what_changed(builds, tmp_path):
    first, second = builds
    www = tmp_path / "www"
    code, lines, output = publish(first, f"dir:{www}")
    assert code == 0, output
    assert files_below(www) == files_below(first)
    assert len(touched(lines, "uploaded")) == len(files_below(first))

    changed, gone = changes(first, second)
    assert changed and gone and len(changed) < len(files_below(second)) / 2
    code, lines, output = publish(second, f"dir:{www}")
    assert code == 0, output
    assert set(touched(lines, "uploaded")) == changed
    assert set(touched(lines, "deleted")) == gone
    assert files_below(www) == files_below(second)
    assert not [p for p in www.rglob("*") if p.is_dir() and not any(p.iterdir())], "no empty folders are left"


def test_refuses_a_folder_that_is_not_a_built_site(tmp_path):
    (tmp_path / "notes").mkdir()
    code, _, output = publish(tmp_path / "notes", f"dir:{tmp_path / 'www'}")
    assert code == 1 and "not a built MkStatus site" in output and "Traceback" not in output


# --- S3 ----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def s3_endpoint():
    try:
        import boto3  # noqa: F401
        from moto.server import ThreadedMotoServer
    except ImportError as exc:
        unavailable(f"{exc.name} is not installed; pip install -e '.[test,s3]'")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3(s3_endpoint, monkeypatch):
    import boto3

    for name, value in {"AWS_ENDPOINT_URL": s3_endpoint, "AWS_ACCESS_KEY_ID": "testing",
                        "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1",
                        "AWS_EC2_METADATA_DISABLED": "true"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    client = boto3.client("s3")
    client.create_bucket(Bucket="status")
    yield client
    for page in client.get_paginator("list_objects_v2").paginate(Bucket="status"):
        for item in page.get("Contents", []):
            client.delete_object(Bucket="status", Key=item["Key"])
    client.delete_bucket(Bucket="status")


def bucket(client, prefix: str) -> dict[str, bytes]:
    keys = [item["Key"] for page in client.get_paginator("list_objects_v2").paginate(Bucket="status")
            for item in page.get("Contents", [])]
    assert all(key.startswith(prefix) for key in keys), "nothing is written outside the prefix"
    return {key[len(prefix):]: client.get_object(Bucket="status", Key=key)["Body"].read() for key in keys}


def test_s3_bucket_holds_exactly_the_site_with_content_types_then_syncs(builds, s3):
    first, second = builds
    code, lines, output = publish(first, "s3://status/mirror")
    assert code == 0, output
    assert bucket(s3, "mirror/") == files_below(first)
    for path, expected in CONTENT_TYPES.items():
        head = s3.head_object(Bucket="status", Key="mirror/" + path)
        assert head["ContentType"] == expected, path
        assert head["CacheControl"] == "public, max-age=60"

    changed, gone = changes(first, second)
    code, lines, output = publish(second, "s3://status/mirror/")
    assert code == 0, output
    assert set(touched(lines, "uploaded")) == changed
    assert set(touched(lines, "deleted")) == gone
    assert bucket(s3, "mirror/") == files_below(second)
    assert f"{len(changed)} uploaded, {len(gone)} deleted" in output


def test_s3_without_credentials_or_bucket_says_what_to_set(builds, s3, monkeypatch, tmp_path):
    code, _, output = publish(builds[0], "s3://no-such-bucket/x")
    assert code == 1 and "bucket 'no-such-bucket' does not exist" in output and "Traceback" not in output
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    code, _, output = publish(builds[0], "s3://status/x")
    assert code == 1 and "no AWS credentials found; set AWS_ACCESS_KEY_ID" in output and "Traceback" not in output
