"""The workspace's pages: the folder's decrees, a new decree, preview with problems, package download, login.

Each answers through the workspace and the tasks; long work runs in a thread, so that other requests go on.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_eval_context, select_autoescape
from jinja2.nodes import EvalContext
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

from zi_decree.base.indonesian import month_name
from zi_decree.base.meta import VERSION
from zi_decree.composing.document import Variant
from zi_decree.errors import Problem, ZiDecreeError
from zi_decree.i18n import LANGUAGES, N_, Language, _, language, ngettext, translate, use_language
from zi_decree.web import editing
from zi_decree.web.forms import KINDS, NewForm, create, labels
from zi_decree.web.planning import PlanPages, problem_href
from zi_decree.web.security import CSRF_FIELD, Guard, Limiter, PasswordHash, Security, Session, Sessions
from zi_decree.web.workspace import Decree, Outside, PackageInfo, Workspace
from zi_decree.web.yearly import Yearly

__all__ = ["DOWNLOADS", "LANGUAGE_COOKIE", "LANGUAGE_SWITCH", "Speaking", "create_app"]

HERE = Path(__file__).parent
# What a package offers, as the package's files are named after their folder: the label staff see for each.
DOWNLOADS = {
    "original.docx": N_("Original for signing (DOCX)"),
    "salinan.docx": N_("Copy (DOCX)"),
    "salinan.pdf": N_("Copy (PDF)"),
    "record.json": N_("JDIH data (record.json)"),
}
ZIP = "semua.zip"
# The language switch (a form in every page's header) and the cookie that remembers its choice.
LANGUAGE_SWITCH = "/bahasa"
LANGUAGE_COOKIE = "zi_bahasa"
_MEDIA = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          "pdf": "application/pdf", "json": "application/json", "zip": "application/zip"}


# One per process, shared by every application made in it: each template is compiled once (compiling the edit
# page's took longer than rendering it; a test run makes hundreds of applications). Jinja still reloads a template
# whose file changed.
@functools.cache
def _templates() -> Environment:
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=select_autoescape(default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, extensions=["jinja2.ext.i18n"])
    # The page's texts in the request's language: _() and {% trans %} read the context's language when called.
    # Trimmed as babel.cfg extracts them, so that a text broken over lines is one message.
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_callables(gettext=_, ngettext=ngettext, newstyle=True)  # type: ignore[attr-defined]
    # _() and {% trans %} straight to the catalogue, as the extension's gettext does through two more of Jinja's
    # calls each (an edit page says a few thousand texts).
    env.globals.update(gettext=_gettext, _=_gettext)
    env.filters["url"] = lambda name: quote(str(name), safe="/")
    return env


# (It asks for the evaluation context, which says whether the page escapes, not for the whole context: Jinja makes
# a copy of the whole context for each call of a function that asks for it inside a loop that sets a variable.)
@pass_eval_context
def _gettext(eval_ctx: EvalContext, message: str, **values: Any) -> str:
    """A template's text in the request's language, its values filled in (escaped in an escaped page), as the i18n
    extension's newstyle gettext says it."""
    text = _(message)
    return (Markup(text) if eval_ctx.autoescape else text) % values


def _when(moment: dt.datetime) -> str:
    # The month named in the page's language (calendar's names are English in the C locale the server runs in).
    month = month_name(moment.month) if language() == "id" else calendar.month_name[moment.month]
    return _("{day} {month} {year}, at {time}").format(day=moment.day, month=month, year=moment.year,
                                                        time=f"{moment:%H.%M}")


class _Pages:
    """The application's pages over one workspace."""

    def __init__(self, workspace: Workspace, security: Security) -> None:
        self.workspace, self.security = workspace, security
        self.env = _templates()
        self.edit_pages = False  # whether the edit pages (/ubah/...) are served, for problems to link to fields

    # ------------------------------------------------------------------------------------------ helpers

    def page(self, request: Request | None, template: str, status: int = 200, **values: Any) -> HTMLResponse:
        session: Session | None = request.state.session if request is not None else None
        html = self.env.get_template(template).render(
            csrf=session.csrf if session else "", csrf_field=CSRF_FIELD, version=VERSION, lang=language(),
            here=_here(request),
            folder=self.workspace.root.name, logged_in=bool(session and session.authenticated),
            password=self.security.password is not None, **values)
        return HTMLResponse(html, status)

    def message_page(self, status: int, message: str) -> bytes:
        titles = {400: _("The request cannot be served"), 403: _("Not allowed"), 404: _("Not found"),
                  405: _("Cannot be done"), 413: _("Too large"), 429: _("Too many attempts"),
                  500: _("Internal error")}
        return self.env.get_template("message.html").render(
            csrf="", csrf_field=CSRF_FIELD, version=VERSION, lang=language(), here="/",
            folder=self.workspace.root.name, logged_in=False,
            password=False, title=titles.get(status, _("Error")), message=message, status=status).encode("utf-8")

    def problem(self, problem: Problem, name: str | None = None) -> dict[str, Any]:
        """A problem as the pages show it: where (file names relative to the workspace) and what; with the decree's
        `name`, a link to the field or cell it concerns."""
        loc = problem.location
        where = []
        if loc.file:
            where.append(self.workspace.name(loc.file))
        if loc.sheet is not None:
            where.append(_("sheet {sheet}").format(sheet=loc.sheet))
        if loc.line is not None:
            where.append(_("line {line}").format(line=loc.line))
        if loc.column is not None:
            where.append(_("column {column}").format(column=loc.column))
        return {"severity": problem.severity, "where": ", ".join(where), "field": loc.field or "",
                "message": problem.message, "accepted": problem.accepted or "",
                "href": problem_href(self.workspace, name, problem, self.edit_pages) if name else None}

    def decree(self, name: str) -> Decree:
        try:
            return self.workspace.decree(name)
        except Outside:
            raise HTTPException(404, _("This decree is not in the workspace folder.")) from None

    def summary(self, decree: Decree) -> dict[str, Any]:
        """A decree as the start page lists it."""
        row: dict[str, Any] = {"name": decree.name, "errors": len(decree.errors), "warnings": len(decree.warnings),
                               "accepted": len(decree.accepted), "office": "", "number": "", "year": "", "date": "",
                               "package": None}
        row.update(decree.heading)
        package = self.workspace.package(decree)
        if package is not None:
            row["package"] = self.package(package)
        return row

    def package(self, package: PackageInfo) -> dict[str, Any]:
        kinds = [package.kind(f) for f in package.files]
        return {"folder": package.folder, "made": _when(package.made), "current": package.current,
                "files": [(kind, translate(DOWNLOADS[kind])) for kind in DOWNLOADS if kind in kinds]}

    # ------------------------------------------------------------------------------------------ pages

    async def start(self, request: Request) -> Response:
        def rows() -> list[dict[str, Any]]:
            return [self.summary(self.workspace.decree(name)) for name in self.workspace.specs()]

        return self.page(request, "start.html", title=_("Decrees"), rows=await run_in_threadpool(rows))

    async def new(self, request: Request) -> Response:
        plans = await run_in_threadpool(self.workspace.plans)
        if request.method == "GET":
            return self.page(request, "new.html", title=_("New decree"), form=NewForm.blank(dt.date.today()),
                             kinds=KINDS, plans=plans, labels=labels())
        form = NewForm.read(await request.form())
        made = await run_in_threadpool(create, form, self.workspace.root, plans)
        if made is None:
            return self.page(request, "new.html", 400, title=_("New decree"), form=form, kinds=KINDS, plans=plans,
                             labels=labels())
        return RedirectResponse(f"/pratinjau/{quote(made.name)}?baru=1", 303)

    async def preview(self, request: Request) -> Response:
        name = request.path_params["name"]
        variant: Variant = "original" if request.query_params.get("varian") == "asli" else "salinan"

        def look() -> tuple[Decree, str | None, PackageInfo | None]:
            decree = self.decree(name)
            return decree, decree.preview(variant), self.workspace.package(decree)

        decree, html, package = await run_in_threadpool(look)
        return self.page(request, "preview.html", title=_("Preview {name}").format(name=name), name=name,
                         variant=variant,
                         preview=html, row=self.summary(decree),
                         errors=[self.problem(p, name) for p in decree.errors],
                         warnings=[self.problem(p, name) for p in decree.warnings],
                         accepted=[self.problem(p, name) for p in decree.accepted],
                         package=self.package(package) if package else None,
                         created=request.query_params.get("baru") == "1",
                         saved=request.query_params.get("disimpan") == "1",
                         rendered=request.query_params.get("paket") == "1", render_problems=[])

    async def render(self, request: Request) -> Response:
        name = request.path_params["name"]
        self.decree(name)  # 404 for what is not a decree of the workspace
        try:
            await run_in_threadpool(self.workspace.render, name)
        except ZiDecreeError as exc:
            decree = self.decree(name)
            package = self.workspace.package(decree)
            return self.page(request, "preview.html", 409, title=_("Preview {name}").format(name=name), name=name,
                             variant="salinan",
                             preview=decree.preview("salinan"), row=self.summary(decree),
                             errors=[self.problem(p, name) for p in decree.errors],
                             warnings=[self.problem(p, name) for p in decree.warnings],
                             accepted=[self.problem(p, name) for p in decree.accepted],
                             package=self.package(package) if package else None, created=False, rendered=False,
                             render_problems=[self.problem(p) for p in exc.problems])
        return RedirectResponse(f"/pratinjau/{quote(name)}?paket=1#paket", 303)

    async def download(self, request: Request) -> Response:
        name, kind = request.path_params["name"], request.path_params["kind"]
        decree = await run_in_threadpool(self.decree, name)
        package = self.workspace.package(decree)
        if package is None:
            raise HTTPException(404, _("This decree's package has not been made yet."))
        if kind == ZIP:
            data = await run_in_threadpool(self.workspace.zip, package)
            return Response(data, media_type=_MEDIA["zip"], headers={
                "content-disposition": f'attachment; filename="{package.folder}.zip"'})
        if kind not in DOWNLOADS:
            raise HTTPException(404, _("This file is not in the package."))
        file = kind if kind == "record.json" else f"{package.folder}.{kind}"
        try:
            path = self.workspace.download(package, file)
        except Outside:
            raise HTTPException(404, _("This file is not in the package.")) from None
        return FileResponse(path, media_type=_MEDIA[kind.rsplit(".", 1)[1]], filename=path.name)

    async def login(self, request: Request) -> Response:
        security = self.security
        if security.password is None:
            return RedirectResponse("/", 303)
        if request.method == "GET":
            return self.page(request, "login.html", title=_("Log in"), failed=False)
        client = request.client.host if request.client else "?"
        wait = security.limiter.wait(client)
        if wait:
            response = HTMLResponse(self.message_page(429, _("Too many wrong login attempts. Try again in {seconds} "
                                                             "seconds.").format(seconds=wait)), 429)
            response.headers["retry-after"] = str(wait)
            return response
        form = await request.form()
        typed = form.get("password")
        ok = isinstance(typed, str) and await run_in_threadpool(security.password.matches, typed)
        if not ok:
            security.limiter.failed(client)
            return self.page(request, "login.html", 403, title=_("Log in"), failed=True)
        security.limiter.succeeded(client)
        # A new session on login: a session id known before it (set by someone else) gains nothing.
        security.sessions.drop(request.state.session)
        request.state.session = security.sessions.new(authenticated=True)
        return RedirectResponse("/", 303)

    async def logout(self, request: Request) -> Response:
        self.security.sessions.drop(request.state.session)
        request.state.session = self.security.sessions.new()
        return RedirectResponse("/masuk" if self.security.password else "/", 303)

    async def switch_language(self, request: Request) -> Response:
        form = await request.form()
        lang, back = form.get("lang"), form.get("next")
        # Back to a page of this site only: a path, never another host (//host) or a scheme.
        if not isinstance(back, str) or not back.startswith("/") or back.startswith("//") or "\\" in back:
            back = "/"
        response = RedirectResponse(back, 303)
        if isinstance(lang, str) and lang in LANGUAGES:
            response.set_cookie(LANGUAGE_COOKIE, lang, max_age=365 * 24 * 3600, path="/", httponly=True,
                                samesite="strict", secure=request.url.scheme == "https")
        return response

    async def http_error(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        messages = {404: _("This page does not exist."), 405: _("This page cannot be used that way.")}
        message = exc.detail if exc.detail and exc.detail not in ("Not Found", "Method Not Allowed") else \
            messages.get(exc.status_code, _("The request cannot be served."))
        return HTMLResponse(self.message_page(exc.status_code, message), exc.status_code)

    async def internal_error(self, request: Request, exc: Exception) -> Response:
        message = _("An internal error occurred ({name}). Report it to the developers; your files were not "
                    "changed.").format(name=type(exc).__name__)
        return HTMLResponse(self.message_page(500, message), 500)


class Speaking:
    """The workspace speaks Indonesian, or the language its user chose (the cookie of the language switch) or it
    was started with: each request's texts (pages, check's problems, the guard's refusals), in its own context."""

    def __init__(self, app: Guard, default: Language = "id") -> None:
        self.app, self.default = app, default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        with use_language(_chosen(scope) or self.default):
            await self.app(scope, receive, send)


def _chosen(scope: Scope) -> Language | None:
    for key, value in scope.get("headers", []):
        if key == b"cookie":
            for part in value.decode("latin-1").split(";"):
                name, _eq, lang = part.strip().partition("=")
                if name == LANGUAGE_COOKIE:
                    return next((known for known in LANGUAGES if known == lang), None)
    return None


def _here(request: Request | None) -> str:
    """The page to come back to after switching language: this one; for the answer to a form, the form's page (the
    Referer, when it is of this site), since the form's address may take no GET."""
    if request is None:
        return "/"
    if request.method == "GET":
        return request.url.path + (f"?{request.url.query}" if request.url.query else "")
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc == request.url.netloc and referer.path.startswith("/"):
        return referer.path + (f"?{referer.query}" if referer.query else "")
    return "/"


def create_app(folder: Path | str, password: PasswordHash | None = None, *, loopback_only: bool = True,
               limiter: Limiter | None = None, max_body: int | None = None, lang: Language = "id") -> Speaking:
    """The workspace application over `folder`. With a `password`, every page asks for a login; `loopback_only`
    refuses requests whose Host header is not this machine's (for a workspace on 127.0.0.1 without a password).
    Its pages speak `lang` unless their user switches language."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    workspace = Workspace(folder)
    security = Security(password, Sessions(open_by_default=password is None), limiter or Limiter(), loopback_only)
    if max_body is not None:
        security.max_body = max_body
    pages = _Pages(workspace, security)
    plans = PlanPages(pages)
    routes = [
        Route("/", pages.start),
        Route("/baru", pages.new, methods=["GET", "POST"]),
        Route("/pratinjau/{name:path}", pages.preview),
        Route("/paket/{name:path}", pages.render, methods=["POST"]),
        Route("/unduh/{kind}/{name:path}", pages.download),
        # Editing a decree's spec in forms (issue 15 item 3): web/editing.py
        *editing.routes(pages),
        Route("/masuk", pages.login, methods=["GET", "POST"]),
        Route("/keluar", pages.logout, methods=["POST"]),
        Route(LANGUAGE_SWITCH, pages.switch_language, methods=["POST"]),
        # The plan through Excel (web/planning.py): the plan page, its workbook downloads and upload.
        Route("/rencana/{name:path}", plans.show),
        Route("/rencana/{name:path}", plans.upload, methods=["POST"]),
        Route("/rencana-templat/{name:path}", plans.template),
        Route("/rencana-unduh/{name:path}", plans.current),
        # Next year's decree (rollover) and a province's batch: web/yearly.py.
        *Yearly(pages).routes(),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    pages.edit_pages = any(str(getattr(route, "path", "")).startswith("/ubah/") for route in routes)
    app = Starlette(routes=routes,
                    exception_handlers={HTTPException: pages.http_error, Exception: pages.internal_error})
    # The guard goes around everything, Starlette's own error pages included, so that every answer has its headers;
    # the language around the guard, so that its refusals speak it too.
    return Speaking(Guard(app, security, pages.message_page), lang)
