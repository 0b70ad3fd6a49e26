"""`zi-decree serve`: the options checked (a password for any address but this machine's), then uvicorn."""

from __future__ import annotations

import os
import socket
import sys
import threading
import webbrowser
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from zi_decree.errors import ArgumentError, Location, Problem, excerpt
from zi_decree.i18n import Language, _
from zi_decree.web.security import PasswordHash, is_loopback

__all__ = ["DEFAULT_PORT", "PASSWORD_ENV", "Settings", "serve", "settings"]

DEFAULT_PORT = 8765
PASSWORD_ENV = "ZI_DECREE_PASSWORD"
_PASSWORD_FILE_LIMIT = 4096


@dataclass(frozen=True)
class Settings:
    """What `serve` runs with: the folder, the address, and the password's hash (None: no login)."""

    folder: Path
    host: str
    port: int
    password: PasswordHash | None

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "") else f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"


def _refuse(field: str, message: str) -> ArgumentError:
    return ArgumentError([Problem(message, Location(field=field), code="invalid-option")])


def _password(password_file: Path | None, environ: Mapping[str, str]) -> str | None:
    if password_file is not None:
        try:
            with password_file.open("rb") as handle:
                data = handle.read(_PASSWORD_FILE_LIMIT + 1)
        except OSError as exc:
            raise _refuse("--password-file", _("cannot read {file}: {reason}").format(
                file=excerpt(str(password_file)), reason=exc.strerror or exc)) from None
        if len(data) > _PASSWORD_FILE_LIMIT:
            raise _refuse("--password-file", _("{file} is not a password file (over {limit} bytes); write the "
                                               "password alone on its line").format(
                file=excerpt(str(password_file)), limit=_PASSWORD_FILE_LIMIT))
        try:
            lines = data.decode("utf-8").splitlines()
        except UnicodeDecodeError:
            raise _refuse("--password-file", _("{file} is not UTF-8 text").format(
                file=excerpt(str(password_file)))) from None
        password = lines[0] if lines else ""
        if not password.strip():
            raise _refuse("--password-file", _("{file} is empty; write the password on its first line").format(
                file=excerpt(str(password_file))))
        return password
    typed = environ.get(PASSWORD_ENV)
    if typed is not None and not typed.strip():
        raise _refuse(PASSWORD_ENV, _("the environment variable is empty; set the password, or unset it"))
    return typed


def settings(folder: Path, host: str, port: int, password_file: Path | None = None,
             environ: Mapping[str, str] | None = None) -> Settings:
    """The options of `serve`, checked: the folder exists, the port is free, and any address but this machine's
    has a password (from `password_file`, else ZI_DECREE_PASSWORD), which is kept only as its hash."""
    problems = []
    if not folder.is_dir():
        problems.append(Problem(_("{folder} is not a folder; name the workspace folder").format(
                                    folder=excerpt(str(folder))),
                                Location(field="FOLDER"), code="invalid-option"))
    if not 0 < port < 65536:
        problems.append(Problem(_("{port} is not a port; choose one from 1 to 65535").format(port=port),
                                Location(field="--port"),
                                code="invalid-option"))
    if problems:
        raise ArgumentError(problems)
    password = _password(password_file, os.environ if environ is None else environ)
    if password is None and not is_loopback(host):
        raise _refuse("--host", _("listening on {host} lets other computers reach the workspace, so it needs a "
                                  "password: give --password-file FILE or set {variable} (without --host, it listens "
                                  "on 127.0.0.1, this computer only)").format(host=excerpt(host),
                                                                              variable=PASSWORD_ENV))
    return Settings(folder, host, port, PasswordHash.of(password) if password is not None else None)


def _check_free(host: str, port: int) -> None:
    try:
        info = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        with socket.socket(info[0], socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(info[4])
    except OSError as exc:
        raise _refuse("--port", _("cannot listen on {address}: {reason}; choose another port with --port, or "
                                  "another address with --host").format(address=f"{host}:{port}",
                                                                        reason=exc.strerror or exc)) from None


def serve(folder: Path, host: str = "127.0.0.1", port: int = DEFAULT_PORT, browser: bool = True,
          password_file: Path | None = None, lang: Language = "id") -> None:
    """Run the workspace over `folder` until interrupted (Ctrl+C), opening it in the browser unless not; its pages
    speak `lang` until their user switches language."""
    chosen = settings(folder, host, port, password_file)
    _check_free(host, port)
    import uvicorn

    from zi_decree.web.app import create_app

    app = create_app(folder, chosen.password, loopback_only=chosen.password is None, lang=lang)
    print(_("The workspace {folder} is open at {url} (Ctrl+C to stop).").format(folder=folder.resolve(),
                                                                                 url=chosen.url), file=sys.stderr)
    if browser:
        threading.Timer(1.0, webbrowser.open, [chosen.url]).start()
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False, access_log=False)
