"""What guards every request: password hash, sessions, login attempts, CSRF tokens, body size, Host, headers.

The headers every answer carries include a Content-Security-Policy that allows only the workspace's own files.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from zi_decree.i18n import _

__all__ = ["COOKIE", "CSRF_FIELD", "MAX_BODY", "PUBLIC", "Guard", "Limiter", "PasswordHash", "Security", "Session",
           "Sessions", "is_loopback"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
Page = Callable[[int, str], bytes]  # (status, message) -> an HTML page saying it

COOKIE = "zi_sesi"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = b"x-csrf-token"
# The largest request body: above the largest file a later page takes (a plan file has at most 20 MiB).
MAX_BODY = 20 * 1024 * 1024
# What is answered without a login: the login page, the style sheet it uses, and the language switch.
PUBLIC = ("/masuk", "/static/", "/bahasa")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
SESSION_SECONDS = 12 * 3600

HEADERS = [
    (b"content-security-policy", b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                 b"font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
                                 b"base-uri 'none'; object-src 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),  # no-referrer would make browsers send "Origin: null" with forms
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


def is_loopback(host: str) -> bool:
    """Whether an address to listen on is this machine's own (127.0.0.1, ::1, localhost)."""
    return host in _LOOPBACK or host.startswith("127.")


# ------------------------------------------------------------------------------------------------ the password

@dataclass(frozen=True)
class PasswordHash:
    """A password as scrypt keeps it (salt and digest): the password itself is not kept."""

    salt: bytes
    digest: bytes

    # scrypt's cost: about 50 ms and 16 MiB per try, which makes guessing slow.
    N, R, P = 2 ** 14, 8, 1

    @classmethod
    def of(cls, password: str) -> PasswordHash:
        salt = secrets.token_bytes(16)
        return cls(salt, cls._derive(password, salt))

    @classmethod
    def _derive(cls, password: str, salt: bytes) -> bytes:
        return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=cls.N, r=cls.R, p=cls.P, dklen=32)

    def matches(self, password: str) -> bool:
        return hmac.compare_digest(self._derive(password, self.salt), self.digest)


class Limiter:
    """Failed login attempts per client: at most `attempts` within `seconds`, then a wait."""

    def __init__(self, attempts: int = 5, seconds: float = 300.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.attempts, self.seconds, self.clock = attempts, seconds, clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, client: str) -> deque[float]:
        now = self.clock()
        failures = self._failures.setdefault(client, deque())
        while failures and failures[0] <= now - self.seconds:
            failures.popleft()
        return failures

    def wait(self, client: str) -> int:
        """Seconds the client must wait before trying again (0: it may try now)."""
        with self._lock:
            failures = self._recent(client)
            if len(failures) < self.attempts:
                return 0
            return max(1, int(failures[0] + self.seconds - self.clock()) + 1)

    def failed(self, client: str) -> None:
        with self._lock:
            self._recent(client).append(self.clock())

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._failures.pop(client, None)


# ------------------------------------------------------------------------------------------------ sessions

@dataclass
class Session:
    """A browser's session: its id (the cookie), its CSRF token, and whether it has logged in."""

    id: str
    csrf: str
    authenticated: bool
    expires: float
    new: bool = field(default=False, compare=False)


class Sessions:
    """Sessions kept in memory (a restart logs everyone out); the oldest go first beyond `limit`."""

    def __init__(self, open_by_default: bool, limit: int = 10_000) -> None:
        self.open_by_default = open_by_default  # no password: every session may use the workspace
        self.limit = limit
        self._sessions: OrderedDict[str, Session] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, sid: str | None) -> Session | None:
        with self._lock:
            session = self._sessions.get(sid) if sid else None
            if session is not None and session.expires < time.time():
                del self._sessions[session.id]
                return None
            return session

    def new(self, authenticated: bool | None = None) -> Session:
        session = Session(secrets.token_urlsafe(32), secrets.token_urlsafe(32),
                          self.open_by_default if authenticated is None else authenticated,
                          time.time() + SESSION_SECONDS, new=True)
        with self._lock:
            self._sessions[session.id] = session
            while len(self._sessions) > self.limit:
                self._sessions.popitem(last=False)
        return session

    def drop(self, session: Session) -> None:
        with self._lock:
            self._sessions.pop(session.id, None)


@dataclass
class Security:
    """The workspace's protections: its password (None on 127.0.0.1 without one), sessions, login attempts, and
    whether the Host header must name this machine (no password: a page of another site that makes its name lead
    to 127.0.0.1 must not reach the workspace)."""

    password: PasswordHash | None
    sessions: Sessions
    limiter: Limiter
    loopback_only: bool
    max_body: int = MAX_BODY


# ------------------------------------------------------------------------------------------------ the guard

def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return str(value.decode("latin-1"))
    return None


def _cookie(scope: Scope) -> str | None:
    for part in (_header(scope, b"cookie") or "").split(";"):
        key, _eq, value = part.strip().partition("=")
        if key == COOKIE:
            return value
    return None


def _hostname(netloc: str) -> str:
    return (urlsplit("//" + netloc).hostname or "").lower()


def _size(count: int) -> str:
    for unit, size in (("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= size:
            return f"{count // size} {unit}"
    return _("{count} bytes").format(count=count)


class _TooLarge(Exception):
    pass


class Guard:
    """ASGI middleware in front of the whole application.

    Every answer carries the security headers (and the session cookie when the session is new). Without a
    password, a Host header that does not name this machine is refused (400). With one, a session that has not
    logged in reaches only the login page (others are sent there, or refused with 403). Every request that may
    change something (not GET, HEAD or OPTIONS) must come from the workspace's own pages (Origin), carry the
    session's CSRF token (form field `csrf_token` or header X-CSRF-Token; 403 without) and a body within the limit
    (413 beyond: checked before the application reads any of it, so every page that takes a file inherits it).
    """

    def __init__(self, app: ASGIApp, security: Security, page: Page) -> None:
        self.app, self.security, self.page = app, security, page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        security = self.security
        state = scope.setdefault("state", {})
        send = self._headers(scope, send, state)
        path: str = scope.get("path", "/")
        method: str = scope.get("method", "GET")
        host = _header(scope, b"host") or ""
        if security.loopback_only and _hostname(host) not in _LOOPBACK:
            await self._refuse(send, 400, _("This address is unknown. Open the workspace at http://127.0.0.1."))
            return
        session = security.sessions.get(_cookie(scope)) or security.sessions.new()
        state["session"] = session  # the application may replace it (a login starts a new session)
        public = path in (PUBLIC[0], PUBLIC[2]) or path.startswith(PUBLIC[1])
        if not session.authenticated and not public:
            if method in SAFE_METHODS:
                await self._redirect(send, "/masuk")
            else:
                await self._refuse(send, 403, _("Log in first with the workspace's password."))
            return
        if method not in SAFE_METHODS:
            origin = _header(scope, b"origin")
            if origin is not None and urlsplit(origin).netloc.lower() != host.lower():
                await self._refuse(send, 403, _("This request did not come from a page of the workspace."))
                return
            try:
                body = await self._body(scope, receive)
            except _TooLarge:
                await self._refuse(send, 413, _("The file or the form is too large: at most {size}.").format(
                    size=_size(security.max_body)))
                return
            if not await self._token_ok(scope, body, session):
                await self._refuse(send, 403, _("This form has expired or is not valid (the CSRF token does not "
                                                "match). Reload the page and try again."))
                return
            receive = _replay(body, receive)
        await self.app(scope, receive, send)

    def _headers(self, scope: Scope, send: Send, state: dict[str, Any]) -> Send:
        secure = scope.get("scheme") == "https"
        static = str(scope.get("path", "")).startswith(PUBLIC[1])

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in dict(HEADERS)]
                headers += HEADERS
                if not static:
                    headers.append((b"cache-control", b"no-store"))
                session = state.get("session")
                if session is not None and session.new:
                    session.new = False  # the browser has it from now on
                    cookie = f"{COOKIE}={session.id}; Path=/; HttpOnly; SameSite=Strict{'; Secure' if secure else ''}"
                    headers.append((b"set-cookie", cookie.encode("latin-1")))
                message["headers"] = headers
            await send(message)

        return wrapped

    async def _body(self, scope: Scope, receive: Receive) -> bytes:
        limit = self.security.max_body
        declared = _header(scope, b"content-length")
        if declared is not None and (not declared.strip().isdigit() or int(declared) > limit):
            raise _TooLarge
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise _TooLarge
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)

    async def _token_ok(self, scope: Scope, body: bytes, session: Session) -> bool:
        token = _header(scope, CSRF_HEADER)
        if token is None:
            kind = (_header(scope, b"content-type") or "").split(";")[0].strip().lower()
            if kind in ("application/x-www-form-urlencoded", "multipart/form-data"):
                from starlette.requests import Request

                try:
                    form = await Request(scope, _replay(body, None)).form()
                except Exception:  # a form that cannot be read carries no token
                    return False
                value = form.get(CSRF_FIELD)
                await form.close()
                token = value if isinstance(value, str) else None
        return token is not None and hmac.compare_digest(token.encode("utf-8"), session.csrf.encode("utf-8"))

    async def _refuse(self, send: Send, status: int, message: str) -> None:
        body = self.page(status, message)
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"text/html; charset=utf-8"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

    async def _redirect(self, send: Send, location: str) -> None:
        await send({"type": "http.response.start", "status": 303,
                    "headers": [(b"location", location.encode()), (b"content-length", b"0")]})
        await send({"type": "http.response.body", "body": b""})


def _replay(body: bytes, receive: Receive | None) -> Receive:
    """A receive that gives the body read already, then waits for the client to go (as a server's does)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        if receive is not None:
            return await receive()
        return {"type": "http.disconnect"}

    return replay
