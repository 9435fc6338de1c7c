"""Publishing a built site to a second host: a folder (`dir:PATH`) or an S3-compatible bucket.

A sync, not a copy: only new and changed files are written (compared by content hash), then files
the build no longer has are removed. The order keeps the live site whole at every moment of the
upload: assets and leaf pages first, then the pages, feeds and API that link to them, then the
home page, and build.json last, so it names a build only once all of it is there.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Callable, Protocol

from .buildinfo import BUILD_RECORD

# Served types for what a status site holds; mimetypes' guesses differ between systems.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".atom": "application/atom+xml",
    ".rss": "application/rss+xml",
    ".xml": "application/xml",
    ".ics": "text/calendar; charset=utf-8",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".gz": "application/gzip",
    ".webmanifest": "application/manifest+json",
}
# A mirror exists for when things go wrong: browsers and CDNs may keep a file for one minute only.
CACHE_CONTROL = "public, max-age=60"
# Pages that readers enter the site by; they link to everything else, so they go up last.
ENTRY_PAGES = {"index.html", "404.html"}
MACHINE_SUFFIXES = {".json", ".atom", ".rss", ".xml", ".ics", ".gz"}


class PublishError(Exception):
    """A problem the user can fix; the message says how."""


def content_type(path: str) -> str:
    suffix = PurePosixPath(path).suffix.lower()
    return CONTENT_TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"


def upload_rank(path: str) -> int:
    """0 assets, 1 incident pages, 2 other pages, 3 feeds, API and the first history page, 4 home, 5 build.json."""
    if path == BUILD_RECORD:
        return 5
    if path in ENTRY_PAGES:
        return 4
    suffix = PurePosixPath(path).suffix.lower()
    if suffix in MACHINE_SUFFIXES or path == "history/index.html":
        return 3
    if suffix == ".html":
        return 1 if path.startswith("incidents/") else 2
    return 0


@dataclass(frozen=True)
class LocalFile:
    path: str  # from the site root, with forward slashes
    source: Path
    sha256: str
    md5: str


@dataclass
class Plan:
    uploads: list[LocalFile] = field(default_factory=list)
    deletions: list[str] = field(default_factory=list)
    unchanged: int = 0


def local_files(site_dir: Path) -> dict[str, LocalFile]:
    if not (site_dir / BUILD_RECORD).is_file():
        raise PublishError(f"{site_dir} is not a built MkStatus site (it has no {BUILD_RECORD}); "
                           f"build it first with `mkdocs build`, then publish its site/ folder")
    files = {}
    for source in sorted(site_dir.rglob("*")):
        if source.is_file():
            content = source.read_bytes()
            path = source.relative_to(site_dir).as_posix()
            files[path] = LocalFile(path, source, hashlib.sha256(content).hexdigest(), hashlib.md5(content).hexdigest())
    return files


def plan(local: dict[str, LocalFile], same: Callable[[LocalFile], bool], remote: set[str]) -> Plan:
    """What to upload (in a safe order) and delete; `same` says whether the target already holds a file."""
    result = Plan()
    for file in sorted(local.values(), key=lambda f: (upload_rank(f.path), f.path)):
        if file.path in remote and same(file):
            result.unchanged += 1
        else:
            result.uploads.append(file)
    # The new pages no longer link to what is gone; pages first, assets last, all after the uploads.
    result.deletions = sorted(remote - set(local), key=lambda p: (-upload_rank(p), p))
    return result


class Target(Protocol):
    def remote(self) -> set[str]: ...
    def same(self, file: LocalFile) -> bool: ...
    def upload(self, file: LocalFile) -> None: ...
    def delete(self, path: str) -> None: ...
    def describe(self) -> str: ...


def publish(site_dir: Path, target: Target, progress: Callable[[str], None] = lambda _: None) -> Plan:
    local = local_files(site_dir)
    steps = plan(local, target.same, target.remote())
    for file in steps.uploads:
        target.upload(file)
        progress(f"uploaded {file.path}")
    for path in steps.deletions:
        target.delete(path)
        progress(f"deleted {path}")
    return steps


# --- dir:PATH --------------------------------------------------------------------------------------

class DirectoryTarget:
    """A folder another web server serves; each file is replaced atomically, so readers never see half of one."""

    def __init__(self, root: Path, site_dir: Path) -> None:
        root, site = root.absolute(), site_dir.absolute()
        if root == site or root.is_relative_to(site) or site.is_relative_to(root):
            raise PublishError(f"dir:{root} and the site folder {site} overlap; publish to a folder outside it")
        if root.exists() and not root.is_dir():
            raise PublishError(f"dir:{root} is a file, not a folder")
        self.root = root
        self._hashes: dict[str, str] = {}

    def describe(self) -> str:
        return f"dir:{self.root}"

    def remote(self) -> set[str]:
        if not self.root.is_dir():
            return set()
        return {p.relative_to(self.root).as_posix() for p in self.root.rglob("*") if p.is_file()}

    def same(self, file: LocalFile) -> bool:
        target = self.root / file.path
        return target.stat().st_size == file.source.stat().st_size and \
            hashlib.sha256(target.read_bytes()).hexdigest() == file.sha256

    def upload(self, file: LocalFile) -> None:
        target = self.root / file.path
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".mkstatus-")
        os.close(handle)
        shutil.copyfile(file.source, temporary)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)

    def delete(self, path: str) -> None:
        target = self.root / path
        target.unlink(missing_ok=True)
        folder = target.parent
        while folder != self.root and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


# --- s3://BUCKET/PREFIX ----------------------------------------------------------------------------

SHA256_KEY = "sha256"  # object metadata (x-amz-meta-sha256): the file's hash, whatever the store's ETag is


class S3Target:
    """A bucket on AWS S3, Cloudflare R2, Backblaze B2, MinIO, ...: AWS_ENDPOINT_URL and the AWS_* credentials."""

    def __init__(self, bucket: str, prefix: str, client=None) -> None:
        self.bucket, self.prefix = bucket, prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.client = client or _s3_client()
        self._etags: dict[str, str] = {}

    def describe(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"

    def remote(self) -> set[str]:
        with _s3_errors(self):
            pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self.prefix)
            for page in pages:
                for item in page.get("Contents", []):
                    self._etags[item["Key"][len(self.prefix):]] = item.get("ETag", "").strip('"')
        return set(self._etags)

    def same(self, file: LocalFile) -> bool:
        etag = self._etags.get(file.path, "")
        if len(etag) == 32 and "-" not in etag:  # a plain upload's ETag is its MD5 on S3, R2, B2 and MinIO
            return etag == file.md5
        with _s3_errors(self):  # multipart or encrypted: ask for the hash we stored
            head = self.client.head_object(Bucket=self.bucket, Key=self.prefix + file.path)
        return head.get("Metadata", {}).get(SHA256_KEY) == file.sha256

    def upload(self, file: LocalFile) -> None:
        with _s3_errors(self):
            self.client.put_object(Bucket=self.bucket, Key=self.prefix + file.path, Body=file.source.read_bytes(),
                                   ContentType=content_type(file.path), CacheControl=CACHE_CONTROL,
                                   Metadata={SHA256_KEY: file.sha256})

    def delete(self, path: str) -> None:
        with _s3_errors(self):
            self.client.delete_object(Bucket=self.bucket, Key=self.prefix + path)


def _s3_client():
    try:
        import boto3
    except ImportError:
        raise PublishError("publishing to s3:// needs boto3: pip install 'mkstatus[s3]'") from None
    # boto3 reads AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and AWS_PROFILE by
    # itself; the endpoint (R2, B2, MinIO) and region are passed on only when set and not empty, as
    # an unset secret in a workflow arrives as "".
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or None
    # A session of its own: boto3's default session keeps the first credentials it found for good.
    return boto3.session.Session().client("s3", endpoint_url=os.environ.get("AWS_ENDPOINT_URL") or None, region_name=region)


class _s3_errors:
    """Turns botocore's exceptions into one sentence that says what to set or check."""

    def __init__(self, target: S3Target) -> None:
        self.target = target

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, error, traceback) -> bool:
        if error is None:
            return False
        from botocore import exceptions as aws

        where = self.target.describe()
        endpoint = os.environ.get("AWS_ENDPOINT_URL") or "AWS S3 (set AWS_ENDPOINT_URL for R2, B2 or MinIO)"
        if isinstance(error, (aws.NoCredentialsError, aws.PartialCredentialsError)):
            raise PublishError(f"{where}: no AWS credentials found; set AWS_ACCESS_KEY_ID and "
                               f"AWS_SECRET_ACCESS_KEY (or AWS_PROFILE)") from None
        if isinstance(error, aws.EndpointConnectionError):
            raise PublishError(f"{where}: cannot reach {endpoint}; check AWS_ENDPOINT_URL and the network") from None
        if isinstance(error, aws.ClientError):
            code = error.response.get("Error", {}).get("Code", "")
            if code in ("NoSuchBucket", "404"):
                raise PublishError(f"{where}: bucket '{self.target.bucket}' does not exist at {endpoint}; "
                                   f"create it or fix the name") from None
            if code in ("InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied", "403", "InvalidToken",
                        "ExpiredToken"):
                raise PublishError(f"{where}: the store refused the credentials ({code}); check "
                                   f"AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and the key's permissions "
                                   f"(list, put and delete objects)") from None
            raise PublishError(f"{where}: {code or 'error'}: {error}") from None
        if isinstance(error, aws.BotoCoreError):
            raise PublishError(f"{where}: {error}") from None
        return False


def parse_target(value: str, site_dir: Path, client=None) -> Target:
    """`dir:PATH` or `s3://BUCKET/PREFIX`."""
    if value.startswith("dir:") and value[4:]:
        return DirectoryTarget(Path(value[4:]).expanduser(), site_dir)
    if value.startswith("s3://"):
        bucket, _, prefix = value[5:].partition("/")
        if not bucket:
            raise PublishError(f"{value!r} names no bucket; write s3://BUCKET or s3://BUCKET/PREFIX")
        return S3Target(bucket, prefix, client)
    raise PublishError(f"unknown target {value!r}; use dir:PATH or s3://BUCKET/PREFIX")
