"""Property tests: any valid spec composes, in both variants, and user text comes out literally."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings

from strategies import spec_data
from zi_decree import Catalogue, compose, load_data, render_text, resolve
from zi_decree.base.markup import plain
from zi_decree.model.keputusan import NarrativeLampiran, PlanLampiran

CATALOGUE = Catalogue.load()


def _cell(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value.intro, *value.items]


_TYPED_END = re.compile(r"(?i)(?:(?:^|[\s;,.:]+)(?:dan|atau))?[\s;,.:]*$")


def _texts(k) -> list[str]:
    """Every piece of user text of a decree, as the model holds it."""
    texts = [*k.menimbang, *[t.rstrip(";.,") for t in k.memperhatikan]]
    for clause in k.diktum:
        if clause.kind == "text":
            texts.append(clause.text)
            # A tabulated item (UU 12/2011 Lampiran II): its typed ending ('; dan') is the composer's, and its first
            # letter may be put in lower case; the rest is the user's, literally.
            texts += [_TYPED_END.sub("", item.text)[1:] for item in clause.items]
    for lamp in k.lampiran:
        if isinstance(lamp, PlanLampiran):
            for area in lamp.areas:
                texts.append(area.name)
                for comp in area.components:
                    texts.append(comp.name)
                    for ind in comp.indicators:
                        texts += _cell(ind.text)
                        for step in ind.steps:
                            texts += _cell(step.text)
                            for ev in step.evidence:
                                texts += _cell(ev.text)
                                texts += _cell(ev.link)
                                grid = lamp.columns.schedule == "month_grid"
                                if ev.schedule and ev.schedule.label and not (grid and ev.schedule.months):
                                    texts.append(ev.schedule.label)
        elif isinstance(lamp, NarrativeLampiran):
            for block in lamp.blocks:
                texts.append(getattr(block, "heading", None) or getattr(block, "paragraph", None) or "")
                if hasattr(block, "list"):
                    texts += [item.text for item in block.list.items]
    return [t for t in texts if t]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(spec_data())
def test_any_valid_spec_composes_and_carries_user_text_literally(data) -> None:
    loaded = load_data(data, catalogue=CATALOGUE)
    resolved = resolve(loaded)
    k = loaded.keputusan
    for variant in ("original", "salinan"):
        document = compose(resolved, variant)
        text = render_text(document).decode("utf-8")
        for piece in _texts(k):
            # A clause's final mark is the composer's; emphasis marks are not printed in the text (base.markup).
            assert plain(piece).rstrip(";.,:") in text, piece
        # Lines of their own: user text may say "ttd." too (Hypothesis tries the strings this test names).
        lines = text.splitlines()
        assert lines.count("ttd.") == (len(document.sections) if variant == "salinan" else 0)
        assert ("Salinan sesuai dengan aslinya" in lines) == (variant == "salinan")
        assert text.startswith("SALINAN\n") == (variant == "salinan")
        assert plain(k.signatory.name).upper() in text
        assert (plain(k.attestation.name) in text) or variant == "original"  # "{{7*7}} {{7*7}}": emphasis
        # Same input, same bytes.
        assert render_text(compose(resolved, variant)) == render_text(document)
    assert len(resolved.citations) == len(k.mengingat)
