"""The one walk over a plan's rows: table order, group starts, paths, raw data; no module walks the plan itself."""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

import zi_decree
from zi_decree.loading.spec import load
from zi_decree.model.walk import plan_places, raw_plan_places

EXAMPLES = Path(__file__).parent.parent / "examples"


def test_places_follow_the_table_in_order_with_their_paths() -> None:
    k = load(EXAMPLES / "kab-semarang-2025.yaml").keputusan
    lamp = k.lampiran[0]
    places = list(plan_places(lamp.areas))  # type: ignore[union-attr]
    expected = [ev for a in lamp.areas for c in a.components for i in c.indicators  # type: ignore[union-attr]
                for s in i.steps for ev in s.evidence]
    assert [p.evidence for p in places] == expected
    first = places[0]
    assert first.index == (0, 0, 0, 0, 0) and first.starts == (True, True, True, True)
    assert first.path == ("areas", 0, "components", 0, "indicators", 0, "steps", 0, "evidence", 0)
    # Each later row begins exactly the groups whose index moved on.
    for before, place in itertools.pairwise(places):
        a, c, i, s, _ = place.index
        pa, pc, pi, ps, _ = before.index
        new_area, new_comp = a != pa, (a, c) != (pa, pc)
        new_ind, new_step = (a, c, i) != (pa, pc, pi), (a, c, i, s) != (pa, pc, pi, ps)
        assert place.starts == (new_area, new_comp, new_ind, new_step)


def test_raw_data_is_walked_alike_and_what_is_not_a_list_is_skipped() -> None:
    areas = [{"name": "A", "components": [
        {"name": "K", "indicators": [{"text": "I", "steps": [{"text": "S", "evidence": [{"text": "E1"}, {"text": "E2"}]},
                                                             {"text": "T", "evidence": "not a list"}]}]},
        {"name": "L", "indicators": None}]}]
    places = list(raw_plan_places(areas))
    assert [p.evidence["text"] for p in places] == ["E1", "E2"]
    assert places[1].path[-1] == 1 and places[1].starts == (False, False, False, False)
    assert list(raw_plan_places({"not": "a list"})) == []


def test_no_other_module_walks_down_to_the_evidence_itself() -> None:
    # A hand-written walk nests loops over components, indicators, steps and evidence; the walk module owns that.
    package = Path(zi_decree.__file__).parent
    for path in package.rglob("*.py"):
        if path.name == "walk.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.For, ast.comprehension)) and not isinstance(node.iter, (ast.Tuple, ast.List)):
                source = ast.unparse(node.iter)
                assert not source.rstrip(")").endswith((".steps", "'steps'", ".evidence", "'evidence'")), \
                    f"{path.relative_to(package)}: walks the plan by hand ({source}); use zi_decree.model.walk"
