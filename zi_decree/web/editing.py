"""The edit form of a decree: every part of its spec in the decree's order, saved back with its comments and layout.

A save is checked as `check` checks the file, and written only when it has no errors and the file is still what
the form opened (its hash rides in the form): an edit made meanwhile elsewhere is never overwritten.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from markupsafe import Markup, escape
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from zi_decree.base.indonesian import dictum_label, letter_label, roman
from zi_decree.base.roundtrip import Tree, dump_tree
from zi_decree.composing.compose import closing_consideration
from zi_decree.composing.wording import citation_text, office_body
from zi_decree.errors import Location, Problem, ZiDecreeError
from zi_decree.i18n import N_, _, translate
from zi_decree.legal.catalogue import Catalogue
from zi_decree.legal.guideline import guideline_at
from zi_decree.model.keputusan import Office
from zi_decree.tasks.new import fill_placeholders, plan_text, read_standard_decree, standard_plan
from zi_decree.web.drafts import (
    CLAUSE_KINDS,
    INSTRUMENT_TYPES,
    MAKE,
    ORIGIN,
    VALUE,
    Draft,
    act,
    apply,
    complete,
    draft_of,
    field_names,
    new_lampiran,
    parse,
    read_tree,
)
from zi_decree.web.workspace import Outside
from zi_decree.writing.files import write_atomic

if TYPE_CHECKING:
    from zi_decree.web.app import _Pages

__all__ = ["Editing", "routes"]

HASH = "~hash"
DO = "~do"
QUERY = "~q"
KIND = "~kind"
LAMPIRAN_KIND = "~lampiran"  # the kind of a lampiran the form adds
PLAN = "~plan"  # its plan file: one of the workspace's, or NEW_PLAN
NEW_PLAN = "~new"
FIELD = "bidang"  # the query of a problem's link: the field the edit page opens at
SEARCH_LIMIT = 25
TREES = 8  # trees of opened forms kept for their saves
MAX_FIELDS = 20_000  # fields one form posts: a decree's form has a few hundred

# (Marked for the catalogue; translated where shown.)
CLAUSE_LABELS = {"adopt": N_("Adopting the action plan in the lampiran"), "text": N_("Own text (with lettered items)"),
                 "budget": N_("Charging of costs (APBN)"), "in_force": N_("Entry into force")}
TYPE_LABELS = {"uu": N_("Law (Undang-Undang)"), "perppu": N_("Government regulation in lieu of law (Perppu)"),
               "pp": N_("Government Regulation"), "perpres": N_("Presidential Regulation"),
               "peraturan": N_("Other regulation (PKPU, Permen, ...)"), "keputusan": N_("Decision")}


@dataclass
class _Outcome:
    """What a save came to: saved (or nothing to save), refused for a change made elsewhere, or its errors."""

    saved: bool = False
    conflict: bool = False
    errors: list[Problem] = field(default_factory=list)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _parent(name: str) -> str:
    """'diktum[1].items[0]' -> 'diktum[1].items'; 'office.name' -> 'office'; 'subject' -> ''."""
    cut = max(name.rfind("."), name.rfind("["))
    return name[:cut] if cut > 0 else ""


def place(problem_fields: list[str], names: set[str]) -> list[str]:
    """The form's field each problem is shown beside: its own, or the nearest one above it ('' for none)."""
    placed = []
    for name in problem_fields:
        if re.search(r"\.items\[\d+\]$", name) and f"{name}.text" in names:
            name += ".text"  # a narrative list's item written as its text alone: at its text's control
        while name and name not in names:
            name = _parent(name)
        placed.append(name)
    return placed


class Editing:
    """The edit pages over the workspace's pages."""

    def __init__(self, pages: _Pages) -> None:
        self.pages = pages
        self.workspace = pages.workspace
        self._saving = threading.Lock()
        # The trees the forms were opened from, by the hash of the file's bytes: ruamel's round trip takes a second
        # or more to read a spec with a long lampiran, and its save need not read it again.
        self._trees: OrderedDict[str, Tree] = OrderedDict()
        self._trees_lock = threading.Lock()

    def opened(self, raw: bytes) -> Tree:
        """The tree a form opens (not to be changed), kept for its save."""
        digest = _sha(raw)
        with self._trees_lock:
            tree = self._trees.get(digest)
        if tree is None:
            tree = read_tree(raw)
            self.keep(raw, tree)
        return tree

    def to_change(self, raw: bytes) -> Tree:
        """The tree of the bytes a save changes: the one its form opened, taken out (it changes), or read again."""
        with self._trees_lock:
            tree = self._trees.pop(_sha(raw), None)
        return tree if tree is not None else read_tree(raw)

    # ------------------------------------------------------------------------------------------ the page

    async def edit(self, request: Request) -> Response:
        name = request.path_params["name"]
        await run_in_threadpool(self.pages.decree, name)  # 404 for what is not a decree of the workspace
        path = self.workspace.file(name)
        if request.method == "GET" and request.query_params.get(FIELD):
            # A problem's link (planning.problem_href): on to the control of its field, or the part holding it.
            return await run_in_threadpool(self.to_field, name, path, request.query_params[FIELD][:500])
        if request.method == "GET":
            raw = await run_in_threadpool(path.read_bytes)
            try:
                tree = await run_in_threadpool(self.opened, raw)
                if not isinstance(tree.data, dict):
                    raise ValueError("not a mapping")
            except Exception:  # any YAML the round trip cannot read is said the same way
                return HTMLResponse(self.pages.message_page(409, _(
                    "The file {file} cannot be read as YAML yet (or is larger than 1 MB). Correct the errors listed "
                    "on its preview page with a text editor.").format(file=name)), 409)
            return await self.show(request, name, draft_of(tree.data), _sha(raw))
        form = await request.form(max_fields=MAX_FIELDS)
        draft = parse((key, value) for key, value in form.multi_items() if isinstance(value, str))
        opened = str(form.get(HASH) or "")
        action = str(form.get(DO) or "save")
        query = str(form.get(QUERY) or "").strip()[:200]
        if action == "clause":
            action = f"clause:{form.get(KIND) or ''}"
        if action != "save":
            if action == "lampiran":
                await run_in_threadpool(self.add_lampiran, name, draft, str(form.get(LAMPIRAN_KIND) or ""),
                                        str(form.get(PLAN) or ""))
            elif action not in ("search", "keep") and not action.startswith("confirm:"):
                # (confirm:lampiran:1 asks before removing a lampiran: the page shows the question, by `focus`)
                act(draft, action)
            return await self.show(request, name, draft, opened, query=query, searched=action == "search",
                                   focus=action)
        outcome = await run_in_threadpool(self.save, name, draft, opened)
        if outcome.saved:
            return RedirectResponse(f"/pratinjau/{quote(name)}?disimpan=1", 303)
        return await self.show(request, name, draft, opened, status=409 if outcome.conflict else 400,
                               conflict=outcome.conflict, problems=outcome.errors, query=query)

    def to_field(self, name: str, path: Path, field: str) -> Response:
        """A redirect to the edit page at the control of `field` (its id is the field's name), or at the nearest
        part of the form that holds it; at the page's top when the spec cannot be read as a form."""
        page = f"/ubah/{quote(name)}"
        try:
            tree = self.opened(path.read_bytes())
            names = set(field_names(complete(draft_of(tree.data)))) if isinstance(tree.data, dict) else set()
        except Exception:  # an unreadable spec: the page itself says why
            names = set()
        (placed,) = place([field], names)
        return RedirectResponse(page + (f"#{quote(placed, safe='')}" if placed else ""), 303)

    def add_lampiran(self, name: str, draft: Draft, kind: str, plan: str) -> None:
        """Add the lampiran the form asks for: a narrative one, or a plan one naming a plan file of the workspace or
        a new one (written with the spec)."""
        if kind == "narrative":
            draft["lampiran"].append(new_lampiran("narrative"))
        elif kind == "plan":
            make = plan not in self.workspace.plans()
            draft["lampiran"].append(new_lampiran("plan", title=self.plan_title(draft), make=make,
                                                  plan=self.free_plan(name, draft) if make else plan))

    @staticmethod
    def plan_title(draft: Draft) -> str:
        """The standard title of a plan lampiran, for the decree's office and year as the form has them."""
        office = draft.get("office", {})
        try:
            body = office_body(Office.model_validate({k: v for k, v in office.items() if v}))
        except ValueError:
            return ""
        title = read_standard_decree()["lampiran"]["title"]
        return str(fill_placeholders(title, {"office_upper": body.upper(), "office": body,
                                             "year": str(draft.get("year", ""))}))

    def free_plan(self, name: str, draft: Draft) -> str:
        """A name for a new plan file beside the spec that no file has and no lampiran of the form names."""
        stem = name.rsplit("/", 1)[-1].removesuffix(".yaml").removesuffix(".yml")
        taken = {str(lamp.get("plan")) for lamp in draft["lampiran"] if isinstance(lamp, dict)}
        folder = self.workspace.file(name).parent
        for n in range(1, 100):
            candidate = f"{stem}.plan.yaml" if n == 1 else f"{stem}-{n}.plan.yaml"
            if candidate not in taken and not (folder / candidate).exists():
                return candidate
        return f"{stem}-{_sha(name.encode())[:8]}.plan.yaml"

    async def show(self, request: Request, name: str, draft: Draft, opened: str, *, status: int = 200,
                   conflict: bool = False, problems: list[Problem] | None = None, query: str = "",
                   searched: bool = False, focus: str = "") -> Response:
        view = complete(draft)
        values = await run_in_threadpool(self.values, name, view, problems or [], query, searched)
        return self.pages.page(request, "edit.html", status, title=_("Edit {name}").format(name=name), name=name,
                               draft=view,
                               hash=opened, conflict=conflict, query=query, searched=searched, focus=focus,
                               hash_field=HASH, do=DO, query_field=QUERY, kind_field=KIND, value=VALUE,
                               clause_kinds=CLAUSE_KINDS,
                               clause_labels={kind: translate(label) for kind, label in CLAUSE_LABELS.items()},
                               type_options=[(t, translate(TYPE_LABELS[t])) for t in INSTRUMENT_TYPES],
                               dictum_label=dictum_label, letter=letter_label, **values)

    def values(self, name: str, draft: Draft, found: list[Problem], query: str, searched: bool) -> dict[str, Any]:
        """What the page shows beside the draft: citations, search results, the generated item, problems."""
        decree = self.pages.decree(name)
        catalogue = decree.loaded.catalogue if decree.loaded is not None else self.workspace.catalogue()
        when = _date(draft.get("date"))
        if when is None:
            when = decree.loaded.keputusan.date if decree.loaded is not None else dt.date.today()
        cited = [self.citation(catalogue, str(item.get(VALUE, "")), when) for item in draft["mengingat"]]
        chosen = {str(item.get(VALUE, "")) for item in draft["mengingat"]}
        results = [self.citation(catalogue, inst_id, when) for inst_id in _search(catalogue, query)
                   if inst_id not in chosen] if searched and query else []
        closing = ""
        office = draft.get("office", {})
        try:
            closing = closing_consideration(Office.model_validate({k: v for k, v in office.items() if v}),
                                            str(draft.get("subject") or "…"), max(1, len(draft["menimbang"])))
        except ValueError:
            closing = ""
        names = set(field_names(draft))
        shown = [self.pages.problem(p) for p in found]
        for entry, at in zip(shown, place([p.location.field or "" for p in found], names)):
            entry["at"] = at
        by_field: dict[str, list[str]] = {}
        for entry in shown:
            by_field.setdefault(entry["at"], []).append(entry["message"])
        return {"cited": cited, "results": results, "when": when.isoformat(), "closing": closing,
                "problems": shown, "errors": by_field, "plans": self.workspace.plans(),
                # the lampiran part (templates/edit_lampiran.html): adding one, its new plan file's name
                "lampiran_field": LAMPIRAN_KIND, "plan_field": PLAN, "new_plan": NEW_PLAN,
                "new_plan_name": self.free_plan(name, draft), "roman": roman,
                # What the page says at every field, made here (as the page's macros they took a fifth of its time)
                "errors_of": functools.partial(errors_of, by_field),
                "described": functools.partial(described, by_field), "origin": origin,
                "edit_url": f"/ubah/{quote(name, safe='/')}"}

    @staticmethod
    def citation(catalogue: Catalogue, inst_id: str, when: dt.date) -> dict[str, Any]:
        """An instrument as the form shows it: its citation as of the decree's date, and its warnings."""
        if inst_id not in catalogue:
            return {"id": inst_id, "text": "", "warnings": [], "known": False}
        try:
            citation = catalogue.resolve(inst_id, when)
        except ZiDecreeError as exc:
            return {"id": inst_id, "text": "", "warnings": [str(p.message) for p in exc.problems], "known": True}
        return {"id": inst_id, "text": citation_text(citation), "known": True,
                "warnings": [str(w) for w in citation.warnings]}

    # ------------------------------------------------------------------------------------------ saving

    def save(self, name: str, draft: Draft, opened: str) -> _Outcome:
        path = self.workspace.file(name)
        with self._saving:  # one save at a time: the check of the hash and the write go together
            raw = path.read_bytes()
            if _sha(raw) != opened:
                return _Outcome(conflict=True)
            try:
                tree = self.to_change(raw)
            except Exception:  # not what the form opened, whatever the hash sent says
                return _Outcome(conflict=True)
            if not isinstance(tree.data, dict):
                return _Outcome(conflict=True)
            apply(tree.data, draft)
            data = dump_tree(tree)
            if data == raw:
                self.keep(raw, tree)  # (as it was)
                return _Outcome(saved=True)  # nothing changed: nothing written
            errors = self.refused(draft)
            if errors:
                return _Outcome(errors=errors)
            made = self.make_plans(path, draft, _date(draft.get("date")))
            # A new plan's empty rows are the plan pages' to fill: their errors do not hold the spec back.
            checked = self.workspace.check_text(name, data)
            errors = [p for p in checked.problems
                      if p.severity == "error" and not (p.location.file and Path(p.location.file) in made)]
            if errors:
                for plan in made:
                    plan.unlink(missing_ok=True)
                return _Outcome(errors=errors)
            write_atomic(path, data)
            self.keep(data, tree)
            self.workspace.keep(name, checked)
        return _Outcome(saved=True)

    def keep(self, raw: bytes, tree: Tree) -> None:
        """Keep a tree as the one of these bytes (what a save wrote from it): the form opened after a save does not
        read the file again, which takes ruamel a second or more under load."""
        with self._trees_lock:
            self._trees[_sha(raw)] = tree
            while len(self._trees) > TREES:
                self._trees.popitem(last=False)

    def make_plans(self, spec: Path, draft: Draft, when: dt.date | None) -> list[Path]:
        """Write the new plan files of the plan lampiran the form added (a plan skeleton, as `new` writes one):
        the paths written; a file that exists by now is never replaced."""
        made = []
        for lamp in draft["lampiran"]:
            plan = str(lamp.get("plan") or "")
            # Only a plan file beside the spec, by the name the form gave it, and never one that exists.
            if (lamp.get(MAKE) != "1" or lamp.get(ORIGIN) or lamp.get("kind") != "plan"
                    or not re.fullmatch(r"[^/\\]+\.plan\.yaml", plan) or plan.startswith(".")):
                continue
            target = spec.parent / plan
            if target.exists() or not self.workspace.inside(target):
                continue
            at = when or dt.date.today()
            catalogue = self.workspace.catalogue()
            guideline = guideline_at(catalogue, at)
            try:
                skeleton = standard_plan(catalogue, at)
            except ZiDecreeError:
                continue  # no guideline in force on that date: check says the plan file is missing
            write_atomic(target, plan_text(skeleton, guideline.title if guideline else "").encode("utf-8"))
            made.append(target)
        return made

    def refused(self, draft: Draft) -> list[Problem]:
        """A plan file the form names that is not a file of the workspace (it would be read from outside it)."""
        found = []
        for i, lamp in enumerate(draft["lampiran"]):
            plan = lamp.get("plan")
            if not plan:
                continue
            try:
                self.workspace.file(str(plan))
            except Outside:
                found.append(Problem(_("is not a plan file of the workspace folder; choose one from the list"),
                                     Location(field=f"lampiran[{i}].plan"), code="outside-workspace"))
        return found


def errors_of(errors: dict[str, list[str]], name: str) -> Markup:
    """The error messages of the field `name`, each a paragraph its control names (described)."""
    return Markup("".join(f'<p class="error" id="{escape(name)}-error">{escape(message)}</p>'
                          for message in errors.get(name, [])))


def described(errors: dict[str, list[str]], name: str, help: object) -> Markup:
    """The attributes of the control of the field `name` that name its help (when it has one) and its errors."""
    ids = [f"{name}-help"] if help else []
    if errors.get(name):
        ids.append(f"{name}-error")
    out = f' aria-describedby="{" ".join(str(escape(i)) for i in ids)}"' if ids else ""
    return Markup(out + ' aria-invalid="true"' if errors.get(name) else out)


def origin(name: str, element: dict[str, Any]) -> Markup:
    """The hidden field that says where a list's element came from (its index in the file as the form opened it)."""
    return Markup(f'<input type="hidden" name="{escape(name)}~" value="{escape(element[ORIGIN])}">')


def _date(text: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text))
    except ValueError:
        return None


def _search(catalogue: Catalogue, query: str) -> list[str]:
    """The ids of the instruments whose type, number, year or title hold every word of the query."""
    words = query.lower().split()
    found = []
    for inst in sorted(catalogue.instruments.values(), key=catalogue.sort_key):
        hay = " ".join((inst.id, inst.type, inst.display_form, str(inst.number), str(inst.year), inst.subject,
                        catalogue.name(inst))).lower()
        if all(word in hay for word in words):
            found.append(inst.id)
            if len(found) == SEARCH_LIMIT:
                break
    return found


def routes(pages: _Pages) -> list[Route]:
    """The edit form's routes."""
    editing = Editing(pages)
    return [Route("/ubah/{name:path}", editing.edit, methods=["GET", "POST"])]
