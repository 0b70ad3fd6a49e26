"""Regenerate examples/README.md from the seed corrections: `python tests/make_examples_readme.py`.

The corrections (tests/seed_corrections/*.yaml) are the single source; tests/test_seeds.py checks that the
README is up to date, so the list a legal officer reads is the list the tests apply.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ruamel.yaml import YAML

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

TITLES = {
    "kab-semarang-2025": "Keputusan KPU Kabupaten Semarang Nomor 6 Tahun 2025",
    "kota-magelang-2022": "Keputusan KPU Kota Magelang Nomor 9 Tahun 2022",
    "kota-surakarta-2025": "Keputusan KPU Kota Surakarta Nomor 31 Tahun 2025",
    "kab-batang-2022": "Keputusan KPU Kabupaten Batang Nomor 6 Tahun 2022",
}

INTRO = """\
# Examples

Each spec here is one of the four published decrees in `tests/seeds/` written as data: the same decree,
every Menimbang item, legal basis, dictum clause and table row, from which zi-decree renders the decree.
Render one with `zi-decree render examples/kab-semarang-2025.yaml -o out/`.

| spec | decree | what it shows |
|---|---|---|
| `kab-semarang-2025.yaml` (+ `.plan.yaml`) | Keputusan KPU Kabupaten Semarang Nomor 6 Tahun 2025 | seat differs from name (Ungaran); objectives clause with sub-items; TARGET WAKTU column; plan in its own file |
| `kota-magelang-2022.yaml` | Keputusan KPU Kota Magelang Nomor 9 Tahun 2022 | Memperhatikan; budget clause with Bagian Anggaran 076; validity until December; 12-month grid |
| `kota-surakarta-2025.yaml` (+ `.plan.yaml`) | Keputusan KPU Kota Surakarta Nomor 31 Tahun 2025 | collegial issuer; lettered indicators; place and date at the end of the lampiran |
| `kab-batang-2022.yaml` | Keputusan KPU Kabupaten Batang Nomor 6 Tahun 2022 | two lampiran: narrative, then the table with a LINK BUKTI FISIK column |

`jawa-tengah-2025.offices.csv` and `jawa-tengah-2025.plan.yaml` are sample data, not published decrees: the
35 regency and city offices of Jawa Tengah (fictitious officials and numbers) sharing one generic 2025 plan
that covers every component of PermenPANRB 90/2021. Render all 35 packages with
`zi-decree batch examples/jawa-tengah-2025.offices.csv --plan examples/jawa-tengah-2025.plan.yaml --year 2025 -o out/`.

## Corrections of the published decrees

The published decrees were made by copying and editing last year's file, and they carry its errors. The
examples correct them; each correction is listed below with the published wording. These lists are generated
from `tests/seed_corrections/*.yaml` (run `python tests/make_examples_readme.py`); the seed comparison test
applies exactly these, and nothing else, before checking that every line of the published decree is in
our rendering.
"""


def _show(text: str) -> str:
    text = " ".join(str(text).split())
    return "`" + text.replace("`", "'") + "`" if text else "*(removed)*"


def build() -> str:
    parts = [INTRO]
    for name, title in TITLES.items():
        path = HERE / "seed_corrections" / f"{name}.yaml"
        entries = YAML(typ="safe").load(path.read_text(encoding="utf-8")) if path.exists() else []
        parts.append(f"\n### {title} (`{name}`)\n\n")
        if not entries:
            parts.append("No corrections.\n")
            continue
        for entry in entries:
            parts.append(f"- {' '.join(str(entry['reason']).split())}  \n"
                         f"  published: {_show(entry['seed'])}  \n  ours: {_show(entry['ours'] or '')}\n")
    return "".join(parts)


if __name__ == "__main__":
    target = ROOT / "examples" / "README.md"
    target.write_text(build(), encoding="utf-8")
    print(f"wrote {target}", file=sys.stderr)
