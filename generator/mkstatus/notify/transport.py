"""Delivery: an HTTP POST (every chat platform, Mastodon, webhooks) or SMTP (email).

The payloads are built in `messages.py`; this module only adds the destination and secrets from
the environment and sends. The standard library does it, so any destination, including a test
server on 127.0.0.1, is reached exactly as configured. Error messages never contain the URL:
it is a secret.
"""

from __future__ import annotations

import smtplib
import ssl
import urllib.error
import urllib.request
from ipaddress import ip_address
from typing import Mapping
from urllib.parse import unquote, urlsplit

from .. import __version__
from .messages import SIGNATURE_HEADER, Message, sign

TIMEOUT = 20  # seconds per request: a hanging receiver must not hold up the others for long
USER_AGENT = f"MkStatus/{__version__} (+notifications)"
SMTP_PORTS = {"smtp": 587, "smtps": 465}


class DeliveryError(Exception):
    """A message could not be delivered; it is tried again on the next run."""


class ConfigurationError(DeliveryError):
    """The environment lacks what a channel needs (an unset or invalid variable)."""


def destination(message: Message, environ: Mapping[str, str]) -> str:
    channel = message.channel
    value = environ.get(channel.url_env, "").strip()
    if not value:
        raise ConfigurationError(f"channel '{channel.id}': the environment variable {channel.url_env} is not set "
                                 "(in CI: add the repository secret and pass it to the notify step)")
    scheme = urlsplit(value).scheme
    allowed = ("smtp", "smtps") if channel.type == "email" else ("https", "http")
    if scheme not in allowed or not urlsplit(value).hostname:
        raise ConfigurationError(f"channel '{channel.id}': {channel.url_env} must hold a {' or '.join(allowed)} URL"
                                 + (" such as smtps://user:password@smtp.example.com" if channel.type == "email" else ""))
    return value


def secret(message: Message, environ: Mapping[str, str]) -> str:
    channel = message.channel
    if not channel.secret_env:
        return ""
    value = environ.get(channel.secret_env, "")
    if not value:
        raise ConfigurationError(f"channel '{channel.id}': the environment variable {channel.secret_env} is not set")
    return value


def deliver(message: Message, environ: Mapping[str, str]) -> None:
    """Send one message; raise DeliveryError when the receiver did not accept it."""
    url = destination(message, environ)
    if message.email is not None:
        return send_email(message, url)
    headers = {"User-Agent": USER_AGENT, **message.headers}
    key = secret(message, environ)
    if message.channel.type == "mastodon":
        url = url.rstrip("/") + "/api/v1/statuses"
        headers["Authorization"] = f"Bearer {key}"
    elif key:
        headers[SIGNATURE_HEADER] = sign(key, message.body)
    post(message.channel.id, url, message.body, headers)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is a failure: following it would re-send (or drop) the body somewhere unconfigured."""

    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


def post(channel_id: str, url: str, body: bytes, headers: Mapping[str, str]) -> None:
    request = urllib.request.Request(url, data=body, headers=dict(headers), method="POST")
    try:
        with _opener.open(request, timeout=TIMEOUT) as response:
            response.read(65536)
    except urllib.error.HTTPError as exc:
        raise DeliveryError(f"channel '{channel_id}': the receiver answered HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DeliveryError(f"channel '{channel_id}': cannot reach the receiver ({reason})") from None


def send_email(message: Message, url: str) -> None:
    """smtps://user:password@host:465 (TLS from the start) or smtp://user:password@host:587 (STARTTLS).

    Plain SMTP without TLS is only used for a server on the loopback interface (a local relay).
    """
    channel, parts = message.channel, urlsplit(url)
    host, port = parts.hostname or "", parts.port or SMTP_PORTS[parts.scheme]
    user, password = unquote(parts.username or ""), unquote(parts.password or "")
    email = message.email
    if "From" not in email:
        email["From"] = user if "@" in user else f"mkstatus@{host}"
    context = ssl.create_default_context()
    try:
        if parts.scheme == "smtps":
            client: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=TIMEOUT, context=context)
        else:
            client = smtplib.SMTP(host, port, timeout=TIMEOUT)
        with client:
            client.ehlo()
            if parts.scheme == "smtp" and client.has_extn("starttls"):
                client.starttls(context=context)
                client.ehlo()
            elif parts.scheme == "smtp" and not _loopback(host):
                raise DeliveryError(f"channel '{channel.id}': the SMTP server offers no STARTTLS; "
                                    "use smtps:// or a server that encrypts")
            if user:
                client.login(user, password)
            client.send_message(email)
    except smtplib.SMTPException as exc:
        raise DeliveryError(f"channel '{channel.id}': the SMTP server refused the message ({exc})") from None
    except OSError as exc:
        raise DeliveryError(f"channel '{channel.id}': cannot reach the SMTP server ({exc})") from None


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False
