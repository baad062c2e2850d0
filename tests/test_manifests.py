"""The two Slack app manifests: Socket Mode and HTTP describe the same app."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
SOCKET = ROOT / "manifest.yml"
HTTP = ROOT / "manifest.http.yml"


def load(path: Path) -> dict[str, Any]:
    manifest = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(manifest, dict), path
    return manifest


def without_transport(manifest: dict[str, Any]) -> dict[str, Any]:
    """The manifest minus what differs between the modes: request URLs and the mode switch."""
    features = dict(manifest["features"])
    features["slash_commands"] = [
        {k: v for k, v in command.items() if k != "url"} for command in features["slash_commands"]
    ]
    settings = dict(manifest["settings"])
    settings.pop("socket_mode_enabled")
    settings["event_subscriptions"] = {
        k: v for k, v in settings["event_subscriptions"].items() if k != "request_url"
    }
    settings["interactivity"] = {
        k: v for k, v in settings["interactivity"].items() if k != "request_url"
    }
    return {**manifest, "features": features, "settings": settings}


def request_urls(manifest: dict[str, Any]) -> list[str | None]:
    settings = manifest["settings"]
    return [
        *(command.get("url") for command in manifest["features"]["slash_commands"]),
        settings["event_subscriptions"].get("request_url"),
        settings["interactivity"].get("request_url"),
    ]


def test_the_socket_mode_manifest_needs_no_public_url() -> None:
    manifest = load(SOCKET)
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert request_urls(manifest) == [None, None, None]


def test_the_http_manifest_sends_everything_to_the_one_slack_endpoint() -> None:
    manifest = load(HTTP)
    assert manifest["settings"]["socket_mode_enabled"] is False
    urls = request_urls(manifest)
    assert len(set(urls)) == 1
    (url,) = set(urls)
    assert url is not None and url.startswith("https://") and url.endswith("/slack/events")


def test_both_manifests_ask_for_the_same_scopes_commands_and_events() -> None:
    socket, http = load(SOCKET), load(HTTP)
    assert without_transport(socket) == without_transport(http)
    scopes = socket["oauth_config"]["scopes"]["bot"]
    assert "commands" in scopes and "chat:write" in scopes
    assert [c["command"] for c in socket["features"]["slash_commands"]] == ["/temadag"]
    events = set(socket["settings"]["event_subscriptions"]["bot_events"])
    assert {"app_home_opened", "app_uninstalled", "tokens_revoked"} <= events


def test_the_readme_says_which_manifest_to_use_when() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "manifest.yml" in readme and "manifest.http.yml" in readme
