"""Hostile and damaged workbooks (issue 12): plans (`plan import`, `render`) and offices tables (`batch`) are
refused, before openpyxl expands anything, with one message per problem naming the sheet, row and column; a plan
that `plan import` would refuse is not exported either."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from conftest import run_cli

HEADER = ["AREA PERUBAHAN", "KOMPONEN", "INDIKATOR", "LANGKAH AKSI", "BUKTI FISIK", "TARGET WAKTU"]
ROW = ["Manajemen Perubahan", "Tim Kerja", "SK Tim Kerja ditetapkan", "Menyusun SK", "SK Tim Kerja", "Januari 2025"]


def _book(path: Path, rows: list[list[object]], title: str = "Rencana Aksi") -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = title
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def _import(path: Path, tmp_path: Path) -> str:
    result = run_cli("plan", "import", str(path), "-o", str(tmp_path / "out.yaml"))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert not (tmp_path / "out.yaml").exists()
    return result.stderr


def test_a_deleted_required_column_is_named_not_a_crash(tmp_path: Path) -> None:
    path = _book(tmp_path / "plan.xlsx", [[h for h in HEADER if h != "INDIKATOR"],
                                          [v for v, h in zip(ROW, HEADER) if h != "INDIKATOR"]])
    errors = [line for line in _import(path, tmp_path).splitlines() if line.startswith("error:")]
    assert errors == [f"error: {path}, sheet 'Rencana Aksi', row 1, column A: no INDIKATOR column in the header row "
                      "(a plan's columns are AREA PERUBAHAN, KOMPONEN, INDIKATOR, LANGKAH AKSI, BUKTI FISIK and TARGET "
                      "WAKTU)"]
