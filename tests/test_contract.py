"""The compose -> render contract is typed: every role a composed block has is one a renderer lays out."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import zi_decree
from zi_decree.composing.document import Labeled, LabeledRole, Paragraph, ParagraphRole
from zi_decree.rendering import docx, pdf

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_the_renderers_handle_every_role_a_block_can_have() -> None:
    assert set(docx._PARAGRAPH_STYLES) == set(get_args(ParagraphRole))
    assert set(pdf._PARAGRAPHS) == set(get_args(ParagraphRole))
    assert set(docx._LABELED_STYLES) == set(get_args(LabeledRole))


def test_compose_gives_only_roles_of_the_contract() -> None:
    # Kab. Batang has a narrative lampiran (headings, paragraphs) besides the plan table.
    document = zi_decree.compose_spec(EXAMPLES / "kab-batang-2022.yaml", "salinan")
    roles = set()
    for section in document.sections:
        for block in section.blocks:
            if isinstance(block, (Paragraph, Labeled)):
                roles.add(block.role)
    assert roles <= set(get_args(ParagraphRole)) | set(get_args(LabeledRole))
    assert {"mark", "title", "narrative", "narrative-heading", "diktum", "mengingat"} <= roles
