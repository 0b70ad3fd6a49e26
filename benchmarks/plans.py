"""Synthetic plans of any size, for benchmarks and scale tests: realistic text, every column filled."""

from __future__ import annotations

import datetime as dt

AREAS = ["Manajemen Perubahan", "Penataan Tata Laksana", "Penataan Sistem Manajemen SDM",
         "Penguatan Akuntabilitas Kinerja", "Penguatan Pengawasan", "Peningkatan Kualitas Pelayanan Publik"]


def plan_spec(rows: int, *, grid: bool = False, link: bool = False, year: int = 2025) -> dict:
    """A spec (as data) whose plan table has exactly `rows` evidence rows, spread over the six areas."""
    areas = []
    per_area = [rows // 6 + (1 if i < rows % 6 else 0) for i in range(6)]
    n = 0
    for a, count in enumerate(per_area):
        components = []
        left = count
        c = 0
        while left > 0:
            c += 1
            indicators = []
            for i in range(1, 4):
                if left <= 0:
                    break
                evidence = []
                for e in range(1, 3):
                    if left <= 0:
                        break
                    n += 1
                    left -= 1
                    month = (n % 12) + 1
                    ev = {"text": [f"Dokumen bukti {n} bagian {e} untuk indikator {i}", f"Laporan pendukung {n}"],
                          "schedule": {"months": [f"{year}-{month:02d}", f"{year}-{(month % 12) + 1:02d}"]}}
                    if link:
                        ev["link"] = f"https://bit.ly/bukti-{n}"
                    evidence.append(ev)
                indicators.append({
                    "text": f"Indikator {a + 1}.{c}.{i}: kebijakan telah ditetapkan dan dilaksanakan secara berkala",
                    "steps": [{"text": f"Menyusun dan melaksanakan langkah aksi {n} bersama seluruh pegawai",
                               "evidence": evidence}]})
            components.append({"name": f"Komponen {c} area {a + 1}", "indicators": indicators})
        areas.append({"name": AREAS[a], "responsible": f"Tim {AREAS[a]}", "components": components})
    return {
        "office": {"kind": "Kabupaten", "name": "Contoh", "province": "Jawa Tengah"},
        "number": 1, "year": year, "date": dt.date(year, 1, 6).isoformat(),
        "subject": f"Rencana Aksi Pembangunan Zona Integritas di Lingkungan Komisi Pemilihan Umum Kabupaten "
                   f"Contoh Tahun {year}",
        "menimbang": ["dalam rangka pembangunan zona integritas, perlu menyusun rencana aksi yang terukur"],
        "mengingat": ["uu-28-1999", "uu-7-2017", "pkpu-8-2019", "permenpanrb-90-2021"],
        "diktum": [{"kind": "adopt"}, {"kind": "in_force"}],
        "signatory": {"name": "Nama Ketua"},
        "attestation": {"position": "Kepala Sub Bagian Hukum dan Sumber Daya Manusia", "name": "Nama Pejabat"},
        "lampiran": [{"kind": "plan", "title": "Rencana Aksi Pembangunan Zona Integritas",
                      "columns": {"schedule": "month_grid" if grid else "target_time", "link": link},
                      "areas": areas}],
    }
