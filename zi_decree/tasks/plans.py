"""Plan files: the workbook template, and plans moved between XLSX and YAML (the tasks of `zi-decree plan`)."""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zi_decree.base import arguments
from zi_decree.composing.wording import schedule_text
from zi_decree.errors import Location, Problem, SpecError
from zi_decree.i18n import _
from zi_decree.legal.catalogue import Catalogue
from zi_decree.model.keputusan import CellList, Lampiran, PlanLampiran, Schedule
from zi_decree.model.schedule import parse_schedule
from zi_decree.model.walk import plan_places

if TYPE_CHECKING:
    from ruamel.yaml.comments import CommentedMap

__all__ = ["PlanFile", "export_plan", "import_plan", "plan_data", "plan_year", "plan_yaml", "write_template"]


@dataclass(frozen=True)
class PlanFile:
    """A file `zi-decree plan` wrote, and the warnings met on the way (schedules kept as written, serials)."""

    path: Path
    warnings: tuple[Problem, ...] = ()


def _refuse_existing(path: Path, force: bool, reads: tuple[Path, ...] = ()) -> None:
    from zi_decree.writing.files import unwritable

    problems = unwritable([path], force=force, reads=reads)
    if problems:
        raise SpecError(problems)


# ----------------------------------------------------------------------------------------------- YAML


def _text(content: Any) -> Any:
    if content is None:
        return None
    if isinstance(content, CellList):
        return {"intro": content.intro, "items": list(content.items)}
    return content[0] if len(content) == 1 else list(content)


def _schedule(schedule: Schedule) -> Any:
    """A phrase where it reads back to the same schedule on its own, without a year from a spec ('Juni dan
    Desember 2025'); else the months and the label."""
    if schedule.months:
        phrase = schedule_text(schedule)
        parsed = parse_schedule(phrase)
        if parsed.schedule == schedule and not parsed.warnings:
            return phrase
    out: dict[str, Any] = {"months": list(schedule.months)} if schedule.months else {}
    if schedule.label:
        out["label"] = schedule.label
    return out


def plan_data(lamp: PlanLampiran) -> dict[str, Any]:
    """The plan as a plan file holds it: columns, then areas, in the compact forms staff write."""
    columns = lamp.columns.model_dump(exclude_defaults=True)
    columns = {"schedule": lamp.columns.schedule, **columns}
    if not columns.get("headings", True):
        del columns["headings"]
    areas: list[dict[str, Any]] = []
    # Every level holds at least one item (the model says so), so the rows rebuild the whole tree.
    for p in plan_places(lamp.areas):
        new_area, new_comp, new_ind, new_step = p.starts
        if new_area:
            areas.append({"name": p.area.name, **({"responsible": p.area.responsible} if p.area.responsible else {}),
                          "components": []})
        if new_comp:
            comp = p.component
            areas[-1]["components"].append({**({"name": comp.name} if comp.name else {}),
                                            **({"responsible": comp.responsible} if comp.responsible else {}),
                                            "indicators": []})
        if new_ind:
            text = p.indicator.text
            areas[-1]["components"][-1]["indicators"].append(
                {**({} if text is None else {"text": _text(text)}), "steps": []})
        if new_step:
            text = p.step.text
            areas[-1]["components"][-1]["indicators"][-1]["steps"].append(
                {**({} if text is None else {"text": _text(text)}), "evidence": []})
        ev = p.evidence
        e: dict[str, Any] = {}
        if ev.text is not None:
            e["text"] = _text(ev.text)
        if ev.link is not None:
            e["link"] = _text(ev.link)
        if ev.schedule is not None:
            e["schedule"] = _schedule(ev.schedule)
        areas[-1]["components"][-1]["indicators"][-1]["steps"][-1]["evidence"].append(e)
    return {"columns": columns, "areas": areas}


def plan_yaml(lamp: PlanLampiran, note: str) -> str:
    """A plan file's YAML text, headed by `note` as a comment."""
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

    from zi_decree.tasks.new import _commented, _dump

    def blocks(value: Any) -> Any:
        # Line breaks inside a cell stay visible as lines, not as \n escapes.
        if isinstance(value, str) and "\n" in value:
            return LiteralScalarString(value)
        if isinstance(value, dict):
            for key, item in value.items():
                value[key] = blocks(item)
        if isinstance(value, list):
            return [blocks(v) for v in value]
        return value

    doc = _commented(blocks(plan_data(lamp)))
    for node in _maps(doc):
        sched = node.get("schedule")
        if isinstance(sched, CommentedMap):
            sched.fa.set_flow_style()
            for key, value in sched.items():
                # ruamel writes `{label: :5}` and `{label: ?5}` plain, which libyaml (and ruamel itself, for ?)
                # cannot read back: such a text is quoted.
                if isinstance(value, str) and value[:1] in (":", "?"):
                    sched[key] = DoubleQuotedScalarString(value)
    doc.yaml_set_start_comment(note)
    return _dump(doc)


def _maps(node: Any) -> Iterator[CommentedMap]:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap):
        yield node
        for value in node.values():
            yield from _maps(value)
    elif isinstance(node, CommentedSeq):
        for value in node:
            yield from _maps(value)


# ----------------------------------------------------------------------------------------------- the tasks


def import_plan(workbook: Path | str, output: Path | str, *, year: int | None = None,
                force: bool = False) -> PlanFile:
    """Read a plan workbook and write it as a YAML plan file (`plan: file.yaml` in a spec)."""
    from zi_decree.base import yaml as zyaml
    from zi_decree.loading.spec import load_plan
    from zi_decree.writing.files import write_atomic

    workbook, output = arguments.path("workbook", workbook), arguments.path("output", output)
    year = None if year is None else arguments.year("year", year)
    arguments.flag("force", force)
    if output.suffix.lower() not in (".yaml", ".yml"):
        raise SpecError([Problem(_("the plan is written as YAML: name a .yaml file"), Location(str(output)),
                                 code="invalid-option")])
    _refuse_existing(output, force, (workbook,))
    loaded = load_plan(workbook, year)
    note = (f"Rencana aksi read from {workbook.name} by `zi-decree plan import`.\n"
            "Edit the workbook and import it again, or edit this file; a spec names it with plan: <this file>.")
    # A plan file larger than this is refused when read: write none that cannot be read back. Its texts alone
    # are a lower bound of its size, known before the YAML is made (that takes a minute for 60 MiB of text).
    size = _text_bytes(plan_data(loaded.lampiran))
    text = b"" if size > zyaml.MAX_YAML_BYTES else plan_yaml(loaded.lampiran, note).encode("utf-8")
    if size > zyaml.MAX_YAML_BYTES or len(text) > zyaml.MAX_YAML_BYTES:
        raise SpecError([Problem(_("the plan would make a YAML file of more than {max} bytes, more than a plan file "
                                   "may be ({max_yaml_bytes}); nothing was written (keep the plan in the workbook, or "
                                   "shorten its texts)").format(max=max(size, len(text)),
                                       max_yaml_bytes=zyaml.MAX_YAML_BYTES), Location(str(workbook)),
                                     code="file-too-large")])
    write_atomic(output, text)
    return PlanFile(output, loaded.warnings)


def _text_bytes(node: Any) -> int:
    """The UTF-8 size of every text in `node`: YAML writes each at least whole."""
    if isinstance(node, str):
        return len(node.encode("utf-8"))
    if isinstance(node, dict):
        return sum(_text_bytes(v) for v in node.values())
    if isinstance(node, list):
        return sum(_text_bytes(v) for v in node)
    return 0


def plan_year(lamp: PlanLampiran) -> int | None:
    """The year most of the plan's schedules fall in (None for a plan without schedules)."""
    years = [m[:4] for p in plan_places(lamp.areas) if p.evidence.schedule for m in p.evidence.schedule.months]
    return int(max(sorted(set(years)), key=years.count)) if years else None


def export_plan(source: Path | str, output: Path | str, *, lampiran: int | None = None, year: int | None = None,
                force: bool = False, catalogue: Catalogue | None = None) -> PlanFile:
    """Write the plan of a spec (or of a plan file) as a workbook that `plan import` reads back unchanged."""
    from zi_decree.base.yaml import read_yaml
    from zi_decree.legal.guideline import guideline_at
    from zi_decree.loading.spec import load_data, load_plan
    from zi_decree.tasks.workbook import plan_workbook
    from zi_decree.writing.files import write_atomic

    source, output = arguments.path("source", source), arguments.path("output", output)
    lampiran = None if lampiran is None else arguments.whole("lampiran", lampiran, 1)
    year = None if year is None else arguments.year("year", year)
    arguments.flag("force", force)
    arguments.optional_instance("catalogue", catalogue, Catalogue, "from Catalogue.load")
    if output.suffix.lower() != ".xlsx":
        raise SpecError([Problem(_("the plan is written as an Excel workbook: name a .xlsx file"),
                                   Location(str(output)),
                                 code="invalid-option")])
    _refuse_existing(output, force, (source,))
    catalogue = catalogue or Catalogue.load()
    data, positions = (None, None) if source.suffix.lower() in (".xlsx", ".xlsm") else read_yaml(source)
    lamp: Lampiran  # a plan lampiran (asserted below)
    if data is None or (isinstance(data, dict) and "areas" in data and "office" not in data):
        plan = load_plan(source)
        lamp, date, warnings, origins, index = plan.lampiran, None, plan.warnings, plan.positions, 0
        year = year or plan_year(lamp)
        if year is None:
            raise SpecError([Problem(_("the plan has no schedule to take its year from; give --year"),
                                     plan.positions.get(("lampiran", 0, "areas"), Location(str(source))),
                                         code="invalid-option")])
    else:
        # The spec is read once: a large plan takes seconds to parse.
        loaded = load_data(data, positions, base=source.parent, catalogue=catalogue, source=str(source))
        k = loaded.keputusan
        plans = [i for i, lamp in enumerate(k.lampiran) if isinstance(lamp, PlanLampiran)]
        if not plans:
            raise SpecError([Problem(_("the spec has no plan lampiran (kind: plan)"), Location(str(source)),
                                     code="no-plan")])
        if lampiran is None and len(plans) > 1:
            raise SpecError([Problem(_("the spec has {count} plan lampiran; choose one with --lampiran ({names})")
                                       .format(count=len(plans), names=', '.join(str(i + 1) for i in plans)),
                                           Location(str(source)),
                                         code="no-plan")])
        index = plans[0] if lampiran is None else lampiran - 1
        if index not in plans:
            raise SpecError([Problem(_("lampiran {lampiran} is not a plan lampiran").format(lampiran=lampiran),
                                       Location(str(source)),
                                     code="no-plan")])
        lamp, year, date, warnings, origins = k.lampiran[index], k.year, k.date, loaded.warnings, loaded.positions
    assert isinstance(lamp, PlanLampiran)
    at = date or dt.date(year, 1, 1)
    places = plan_places(lamp.areas)

    def locate(row: int) -> Location:
        place = next(itertools.islice(places, row, None))
        return origins.get(("lampiran", index, *place.path), Location(str(source)))

    data = plan_workbook(lamp, year, guideline_at(catalogue, at), created=date, locate=locate)
    _readable(data, output)
    write_atomic(output, data)
    return PlanFile(output, tuple(warnings))


def _readable(data: bytes, output: Path) -> None:
    """Refuse a workbook that `plan import` would refuse: the same checks, on the bytes before they are written."""
    from zi_decree.loading.guards import check_workbook
    from zi_decree.loading.workbook import LIMITS, plan_sheet

    try:
        check_workbook(io.BytesIO(data), str(output), LIMITS, plan_sheet, read_only=False)
    except SpecError as exc:
        raise SpecError([Problem(_("{message} (in the workbook the plan would make, which `plan import` would refuse; "
                                   "nothing was written)").format(message=p.message), p.location,
                                     code=p.code) for p in exc.problems]) from None


def write_template(output: Path | str, year: int, *, grid: bool = False, link: bool = False,
                   responsible: bool = True, force: bool = False, catalogue: Catalogue | None = None) -> PlanFile:
    """Write the workbook staff fill in: the guideline's areas and components for `year`, lists to pick from."""
    from zi_decree.legal.guideline import guideline_at
    from zi_decree.tasks.workbook import template_workbook
    from zi_decree.writing.files import write_atomic

    output = arguments.path("output", output)
    arguments.year("year", year)
    for parameter, value in (("grid", grid), ("link", link), ("responsible", responsible), ("force", force)):
        arguments.flag(parameter, value)
    arguments.optional_instance("catalogue", catalogue, Catalogue, "from Catalogue.load")
    if output.suffix.lower() != ".xlsx":
        raise SpecError([Problem(_("the template is an Excel workbook: name a .xlsx file"), Location(str(output)),
                                 code="invalid-option")])
    _refuse_existing(output, force)
    guideline = guideline_at(catalogue or Catalogue.load(), dt.date(year, 1, 1))
    write_atomic(output, template_workbook(year, guideline, grid=grid, link=link, responsible=responsible))
    return PlanFile(output)
