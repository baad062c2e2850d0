"""OAuth mode: many workspaces install the app through /slack/install, each with its own token.

Bolt's OAuth flow does the work (state, cookie, oauth.v2.access, the installation store); this
module gives it our stores (storage.installations: tokens encrypted at rest), the scopes the
manifest asks for, pages in Danish and English for every outcome, and two rules of our own:
an Enterprise Grid org-wide install is refused (Temadag's data is per workspace), and an
install that lands in another workspace than the one `/slack/install?team=…` asked for is
refused too. A workspace that installs (again) is active at once: sending resumes without an
operator command.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any
from urllib.parse import quote

import yaml
from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.oauth import OAuthFlow
from slack_bolt.oauth.callback_options import CallbackOptions, FailureArgs, SuccessArgs
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth import AuthorizeUrlGenerator
from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.token_rotation import TokenRotator
from sqlalchemy import Engine

from bot.config import ConfigError, Settings
from bot.slack.gateway import Gateways, make_client
from storage.crypto import TokenCipher, TokenKeyError
from storage.db import make_engine, make_session_factory, transaction
from storage.erasure import erase_traces
from storage.installation_tables import reencrypt_tokens
from storage.installations import DatabaseOAuthStateStore, EncryptedInstallationStore
from storage.migrate import upgrade
from storage.repositories import workspaces

log = logging.getLogger(__name__)

# Shipped inside the package (the repository's manifest.yml, which people paste into Slack):
# an installed copy has no repository beside it.
MANIFEST: Traversable = files("bot") / "manifest.yml"
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
# Remembers which workspace /slack/install?team=… was asked for, to refuse an install elsewhere.
TEAM_COOKIE = "temadag-install-team"
# What a Slack workspace id looks like; anything else in ?team= is dropped, never pasted on.
TEAM_ID = re.compile(r"T[A-Z0-9]{1,31}")
# Refresh a rotating token this long before it expires (Bolt's default for listeners too).
ROTATE_MINUTES = 120


@cache
def manifest_bot_scopes() -> tuple[str, ...]:
    """The bot scopes the manifest asks for: the install asks for exactly the same."""
    return bot_scopes_in(MANIFEST)


def bot_scopes_in(path: Traversable) -> tuple[str, ...]:
    manifest = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(str(scope) for scope in manifest["oauth_config"]["scopes"]["bot"])


def installation_store(settings: Settings, engine: Engine) -> EncryptedInstallationStore:
    cipher = TokenCipher.from_setting(settings.token_encryption_key)
    return EncryptedInstallationStore(settings.slack_client_id, engine, cipher)


def installation_gateways(settings: Settings, engine: Engine, *, interactive: bool) -> Gateways:
    """Gateways whose tokens come from the installation store (refreshed when they rotate)."""
    store = installation_store(settings, engine)
    rotator = TokenRotator(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        client=make_client("", settings.slack_api_url, interactive=True),
    )

    def token_for(team_id: str) -> str | None:
        bot = store.find_bot(enterprise_id=None, team_id=team_id)
        if bot is None:
            return None
        if bot.bot_refresh_token:
            refreshed = rotator.perform_bot_token_rotation(
                bot=bot, minutes_before_expiration=ROTATE_MINUTES
            )
            if refreshed is not None:
                store.save_bot(refreshed)
                bot = refreshed
        return bot.bot_token

    def remove(team_id: str) -> None:
        store.delete_installation(enterprise_id=None, team_id=team_id)
        store.delete_bot(enterprise_id=None, team_id=team_id)
        # The encrypted token must leave the file's bytes too, not only the table.
        erase_traces(engine)

    return Gateways(token_for, settings.slack_api_url, interactive=interactive, remove=remove)


class InstallFlow(OAuthFlow):
    """Bolt's flow, refusing org-wide and wrong-workspace installs before anything is stored."""

    on_installed: Callable[[str], None] = staticmethod(lambda _team: None)
    operator: Operator = None  # type: ignore[assignment]  # set by build_oauth_flow

    def handle_installation(self, request: BoltRequest) -> BoltResponse:
        # Bolt pastes ?team= raw into Slack's authorize URL: a crafted value would add its own
        # redirect_uri or scope there.
        wanted = _team_id((request.query.get("team") or [""])[0])
        query = {key: value for key, value in request.query.items() if key != "team"}
        if wanted:
            query["team"] = [quote(wanted, safe="")]
        request.query = query
        response = super().handle_installation(request)
        cookie = f"{TEAM_COOKIE}={_cookie_value(wanted)}; Secure; HttpOnly; Path=/; "
        cookie += "Max-Age=600" if wanted else "Max-Age=0"
        response.headers["set-cookie"] = [*response.headers.get("set-cookie", []), cookie]
        return response

    def build_install_page_html(self, url: str, request: BoltRequest) -> str:
        return install_page(url, self.operator)

    def store_installation(self, request: BoltRequest, installation: Installation) -> None:
        if installation.is_enterprise_install:
            _revoke(self, installation)
            raise _Refused("enterprise_install")
        wanted = _cookie(request, TEAM_COOKIE)
        if wanted and installation.team_id != wanted:
            _revoke(self, installation)
            raise _Refused("wrong_workspace")
        super().store_installation(request, installation)
        if installation.team_id:
            self.on_installed(installation.team_id)


class _Refused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _revoke(flow: OAuthFlow, installation: Installation) -> None:
    """Leave no live token behind for an install we do not keep."""
    if installation.bot_token:
        try:
            flow.client.auth_revoke(token=installation.bot_token)
        except Exception as exc:  # the token expires unused; nothing else to do
            log.warning("could not revoke a refused install's token (%s)", type(exc).__name__)


def _team_id(value: str) -> str:
    return value if TEAM_ID.fullmatch(value) else ""


def _cookie_value(value: str) -> str:
    return "".join(ch for ch in value if ch.isalnum())[:32]


def _cookie(request: BoltRequest, name: str) -> str:
    for header in request.headers.get("cookie", []):
        for part in header.split(";"):
            key, _, value = part.strip().partition("=")
            if key == name:
                return _cookie_value(value)
    return ""


def build_oauth_flow(
    settings: Settings,
    engine: Engine,
    *,
    on_installed: Callable[[str], None],
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> InstallFlow:
    store = installation_store(settings, engine)
    scopes = list(manifest_bot_scopes())
    redirect_uri = settings.slack_redirect_uri or None
    oauth = OAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        scopes=scopes,
        redirect_uri=redirect_uri,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        installation_store=store,
        installation_store_bot_only=True,
        state_store=DatabaseOAuthStateStore(engine, clock=clock),
        callback_options=CallbackOptions(success=_success, failure=_failure),
        logger=logging.getLogger("slack_bolt.oauth"),
    )
    oauth.authorize_url_generator = AuthorizeUrlGenerator(
        client_id=settings.slack_client_id,
        scopes=scopes,
        redirect_uri=redirect_uri,
        authorization_url=settings.slack_authorize_url,
    )
    flow = InstallFlow(
        client=make_client("", settings.slack_api_url, interactive=True), settings=oauth
    )
    flow.on_installed = on_installed
    flow.operator = Operator(settings.operator_name, settings.privacy_notice_url)
    original = flow.handle_callback

    def handle_callback(request: BoltRequest) -> BoltResponse:
        try:
            return original(request)
        except _Refused as refused:
            return _failure(
                FailureArgs(
                    request=request,
                    reason=refused.reason,
                    suggested_status_code=400,
                    settings=oauth,
                    default=flow.default_callback_options,
                )
            )

    flow.handle_callback = handle_callback  # type: ignore[method-assign]
    return flow


def resume_on_install(
    engine: Engine, gateways: Gateways, clock: Callable[[], datetime]
) -> Callable[[str], None]:
    """What an install does to the workspace: active again, its cached token forgotten."""
    sessions = make_session_factory(engine)

    def installed(team_id: str) -> None:
        gateways.forget(team_id)
        with transaction(sessions) as session:
            workspaces.installed(session, team_id, clock())
        log.info("workspace %s installed the app", team_id)

    return installed


# -- pages --------------------------------------------------------------------------------

_PAGE = """<!doctype html>
<html lang="da"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Temadag</title>
<style>body{{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;
line-height:1.5;color:#1d1d1d}} h1{{color:#1d4f6e}} .en{{color:#555;border-top:1px solid #ddd;
margin-top:2rem;padding-top:1rem}} {style}</style></head>
<body><main>
<section lang="da"><h1>{da_title}</h1>{da_body}</section>
<section class="en" lang="en"><h2>{en_title}</h2>{en_body}</section>
</main></body></html>
"""

# Drawn here, not Slack's hosted image: the page makes no request to a third party, and the
# button reads the same offline or behind a proxy.
_BUTTON = '<p><a href="{url}" class="add">{label}</a></p>'
_BUTTON_STYLE = (
    ".add{display:inline-block;padding:.6rem 1.2rem;border:1px solid #611f69;"
    "border-radius:.4rem;background:#fff;color:#611f69;font-weight:600;text-decoration:none}"
    " .add:hover,.add:focus{background:#611f69;color:#fff}"
)

_RESTART = (
    f'<p><a href="{INSTALL_PATH}">Start installationen forfra</a>.</p>',
    f'<p><a href="{INSTALL_PATH}">Start the installation again</a>.</p>',
)

# reason -> (Danish title, Danish text, English title, English text)
FAILURES: dict[str, tuple[str, str, str, str]] = {
    "access_denied": (
        "Installationen blev annulleret",
        "Temadag er ikke føjet til jeres Slack, fordi installationen blev annulleret. "
        "Der er ikke sket noget andet.",
        "The installation was cancelled",
        "Temadag was not added to your Slack because the installation was cancelled. "
        "Nothing else has changed.",
    ),
    "expired": (
        "Linket er udløbet",
        "Installationslinket er for gammelt, allerede brugt eller åbnet i en anden browser. "
        "Start forfra i den samme browser.",
        "The link has expired",
        "The installation link is too old, was already used or was opened in another "
        "browser. Start again in the same browser.",
    ),
    "enterprise_install": (
        "Installation for hele organisationen understøttes ikke",
        "Temadag installeres i ét workspace ad gangen, ikke i en hel Enterprise Grid-"
        "organisation. Vælg det enkelte workspace øverst til højre på Slacks side og "
        "installer igen.",
        "Organisation-wide installs are not supported",
        "Temadag is installed in one workspace at a time, not in a whole Enterprise Grid "
        "organisation. Pick the workspace in the top right corner of Slack's page and "
        "install again.",
    ),
    "wrong_workspace": (
        "Forkert workspace",
        "Installationen blev godkendt i et andet workspace end det, linket var til. "
        "Intet er installeret. Log ind i det rigtige workspace og start forfra.",
        "Wrong workspace",
        "The installation was approved in another workspace than the link was for. "
        "Nothing was installed. Sign in to the right workspace and start again.",
    ),
    "failed": (
        "Installationen lykkedes ikke",
        "Slack bekræftede ikke installationen, eller vi kunne ikke gemme den. "
        "Prøv igen om lidt; sker det igen, så kontakt jeres it-afdeling.",
        "The installation did not succeed",
        "Slack did not confirm the installation, or we could not save it. Try again in a "
        "moment; if it happens again, contact your IT department.",
    ),
}
_REASONS = {"invalid_browser": "expired", "invalid_state": "expired"}


@dataclass(frozen=True)
class Operator:
    """Who runs this deployment (OPERATOR_NAME) and where its privacy notice is."""

    name: str = ""
    privacy_notice_url: str = ""

    def paragraph(self, lang: str) -> str:
        name = html.escape(self.name)
        link = html.escape(self.privacy_notice_url, quote=True)
        if lang == "da":
            said = f"Temadag drives af {name}." if name else ""
            notice = f'<a href="{link}">Læs, hvordan vi behandler data</a>.' if link else ""
        else:
            said = f"Temadag is run by {name}." if name else ""
            notice = f'<a href="{link}">Read how we process data</a>.' if link else ""
        shown = " ".join(part for part in (said, notice) if part)
        return f'<p class="operator">{shown}</p>' if shown else ""


def page(da_title: str, da_body: str, en_title: str, en_body: str, style: str = "") -> str:
    return _PAGE.format(
        da_title=da_title, da_body=da_body, en_title=en_title, en_body=en_body, style=style
    )


def install_page(url: str, operator: Operator | None = None) -> str:
    operator = operator or Operator()
    href = html.escape(url, quote=True)
    return page(
        "Føj Temadag til Slack",
        "<p>Temadag guider deltagerne gennem refleksionen på temadagen og følger op på "
        "deres næste skridt bagefter.</p>"
        + _BUTTON.format(url=href, label="Føj til Slack")
        + operator.paragraph("da"),
        "Add Temadag to Slack",
        "<p>Temadag guides participants through the reflection on the theme day and follows "
        "up on their next steps afterwards.</p>"
        + _BUTTON.format(url=href, label="Add to Slack")
        + operator.paragraph("en"),
        _BUTTON_STYLE,
    )


def _html(status: int, body: str) -> BoltResponse:
    return BoltResponse(
        status=status, body=body, headers={"Content-Type": "text/html; charset=utf-8"}
    )


def _success(args: SuccessArgs) -> BoltResponse:
    team = html.escape(args.installation.team_name or args.installation.team_id or "")
    return _html(
        200,
        page(
            "Temadag er installeret",
            f"<p>Temadag er nu føjet til <strong>{team}</strong>. Skriv "
            "<code>/temadag ny</code> i en kanal for at oprette en temadag.</p>",
            "Temadag is installed",
            f"<p>Temadag has been added to <strong>{team}</strong>. Type "
            "<code>/temadag new</code> in a channel to create a theme day.</p>",
        ),
    )


def _failure(args: FailureArgs) -> BoltResponse:
    reason = _REASONS.get(args.reason, args.reason)
    da_title, da_text, en_title, en_text = FAILURES.get(reason, FAILURES["failed"])
    log.info("installation refused or failed: %s", args.reason)
    status = 200 if reason == "access_denied" else 400
    return _html(
        status,
        page(
            da_title,
            f"<p>{html.escape(da_text)}</p>" + _RESTART[0],
            en_title,
            f"<p>{html.escape(en_text)}</p>" + _RESTART[1],
        ),
    )


# -- operator commands ----------------------------------------------------------------------


def add_commands(sub: Any) -> None:
    """`temadag generate-key` and `temadag reencrypt-tokens` (rotating TOKEN_ENCRYPTION_KEY)."""
    sub.add_parser("generate-key", help="print a new key for TOKEN_ENCRYPTION_KEY").set_defaults(
        func=cmd_generate_key
    )
    sub.add_parser(
        "reencrypt-tokens",
        help="encrypt every stored Slack token with the first key in TOKEN_ENCRYPTION_KEY",
    ).set_defaults(func=cmd_reencrypt_tokens)


def cmd_generate_key(_: Any, load: Callable[[], Settings]) -> int:
    print(TokenCipher.generate_key())
    return 0


def cmd_reencrypt_tokens(_: Any, load: Callable[[], Settings]) -> int:
    settings = load()
    if not settings.token_encryption_key:
        raise ConfigError("TOKEN_ENCRYPTION_KEY is not set: there is nothing to re-encrypt with")
    try:
        cipher = TokenCipher.from_setting(settings.token_encryption_key)
    except TokenKeyError as exc:
        raise ConfigError(str(exc)) from None
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        count = reencrypt_tokens(engine, cipher)
    except TokenKeyError as exc:
        raise ConfigError(str(exc)) from None
    finally:
        engine.dispose()
    print(f"Re-encrypted {count} rows with the first key; older keys can now be removed.")
    return 0
