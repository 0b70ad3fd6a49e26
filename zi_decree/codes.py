"""The stable codes of every error and warning: what each means, with an example of its message."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from zi_decree.i18n import N_

__all__ = ["CODES", "Code", "CodeInfo"]

# A code names a kind of problem, not its wording: messages may be reworded, codes stay. A spec accepts a warning
# by its code (`accepted:`), tools read it from `check --json`, and the README lists them all (from CODES).
Code = Literal[
    # files and their text
    "file-not-found", "file-unreadable", "file-too-large", "line-too-long", "not-utf8", "bad-character",
    "wrong-file-kind", "wrong-structure",
    # YAML
    "yaml-syntax", "yaml-duplicate-key", "yaml-unsupported", "yaml-too-complex", "csv-syntax",
    # fields of a spec, a plan, an offices table
    "unknown-field", "missing-field", "wrong-type", "not-a-choice", "invalid-value", "empty-text", "text-too-long",
    # the decree
    "unknown-instrument", "cited-twice", "cites-amendment", "retyped-citation", "date-not-in-year",
    "number-year-mismatch",
    "duplicate-decree", "plan-twice", "no-plan", "unknown-placeholder",
    # workbooks
    "workbook-damaged", "workbook-layout", "formula", "empty-cell", "responsible-differs", "nip-as-number",
    # catalogue, guideline, template
    "catalogue-invalid", "template-invalid",
    # commands and the library's arguments
    "invalid-argument", "invalid-option", "output-exists", "output-is-input", "outside-workspace", "package-edited",
    "cannot-write", "internal-error",
    # warnings: schedules and years
    "schedule-unreadable", "schedule-serial-date", "schedule-english", "schedule-control", "schedule-outside-year",
    "schedule-beyond-grid", "grid-label", "schedule-grid-mismatch", "no-schedule", "stale-year", "plan-year-mismatch",
    "column-ignored",
    # warnings: citations
    "not-in-force", "maybe-not-in-force", "revoked", "maybe-revoked", "period-ended", "maybe-enacted",
    "amendment-uncertain", "amendment-unrecorded", "gazette-unknown", "basis-left-out",
    # warnings: the Zona Integritas guideline
    "coverage-unchecked", "area-missing", "area-unknown", "area-misnamed", "component-missing", "component-unknown",
    "component-old-name",
    # warnings: proofreading
    "spelling-nonstandard", "spelling-unknown", "spelling-unchecked", "repeated-word", "unbalanced-emphasis",
    # warnings: what the generator computes and staff typed
    "typed-label",
    # warnings: accepting warnings
    "accepted-unused",
]


@dataclass(frozen=True)
class CodeInfo:
    """What a code means: its severity, one line saying what is wrong, and an example of its message.

    The summary is English, marked for the catalogues: translate(info.summary) says it in the current language."""

    severity: Literal["error", "warning"]
    summary: str
    example: str


E: Literal["error"] = "error"
W: Literal["warning"] = "warning"

CODES: dict[Code, CodeInfo] = {
    "file-not-found": CodeInfo(E, N_("A file or folder named in a spec, an option or an argument does not exist."),
                               "plan.yaml: lampiran[0].plan: plan file 'rencana.yaml' not found (looked in .)"),
    "file-unreadable": CodeInfo(E, N_("A file exists but cannot be read (permissions, a folder, a name too long)."),
                                "spec.yaml: cannot read the file: Permission denied"),
    "file-too-large": CodeInfo(E, N_("A file, sheet or table is larger than such a file ever is; refused before "
                                    "reading it all."),
                               "plan.xlsx, sheet 'Rencana Aksi': has 100000 rows; a plan has at most 5000"),
    "line-too-long": CodeInfo(E, N_("A line of a YAML file is longer than a line may be."),
                              "spec.yaml:12:30001: line 12 has 40000 characters, more than the 30000 a line may "
                              "have; break the text over several lines"),
    "not-utf8": CodeInfo(E, N_("A text file is not UTF-8 (save it as UTF-8, or CSV UTF-8)."),
                         "spec.yaml:3:7: is not UTF-8 text (the byte 0xE9 here); save it as UTF-8"),
    "bad-character": CodeInfo(E, N_("Text holds a control character or a character that is not a character."),
                              "spec.yaml:4:9: contains U+0007 (a control character); remove it"),
    "wrong-file-kind": CodeInfo(E, N_("A file of another kind than expected (a plan given as a spec, a .doc for a "
                                     "workbook)."),
                                "plan.ods: a plan is read from .yaml or .xlsx, not .ods"),
    "wrong-structure": CodeInfo(E, N_("A file's top level is not the mapping or list it should be."),
                                "spec.yaml:1:1: a spec is a mapping of fields (office:, number:, ...)"),
    "yaml-syntax": CodeInfo(E, N_("YAML syntax: the text cannot be read as YAML."),
                            "spec.yaml:7:3: YAML syntax: mapping values are not allowed here"),
    "yaml-duplicate-key": CodeInfo(E, N_("A key is written twice in one mapping."),
                                   "spec.yaml:9:1: the key 'number' is given twice in one mapping (first on line 3); "
                                   "keep one"),
    "yaml-unsupported": CodeInfo(E, N_("A YAML feature a spec does not use: tags, anchors and aliases, merge keys, "
                                      "keys that are not names, directives."),
                                 "spec.yaml:5:7: the tag '!!python/object' is not allowed: a spec holds plain text, "
                                 "numbers, lists "
                                 "and mappings; remove the tag"),
    "yaml-too-complex": CodeInfo(E, N_("Nesting or repetition far beyond any spec (deep lists, aliases repeating "
                                      "parts)."),
                                 "spec.yaml:40:3: lists and mappings nested more than 100 levels deep; a spec or plan "
                               "has far "
                               "fewer"),
    "csv-syntax": CodeInfo(E, N_("A CSV file cannot be read as rows (an unclosed quote mark)."),
                           "offices.csv:12: CSV: unexpected end of data (an unclosed quote mark?)"),
    "unknown-field": CodeInfo(E, N_("A field or column that is not one of the fields it could be."),
                              "spec.yaml:6:1: nomer: unknown field 'nomer'; did you mean 'number'?"),
    "missing-field": CodeInfo(E, N_("A required field or column is missing."),
                              "spec.yaml:30:1: signatory: required field 'name' is missing"),
    "wrong-type": CodeInfo(E, N_("A value of the wrong kind (a list for a text, a text for a number)."),
                           "spec.yaml:6:1: year: expected a whole number, got 'dua ribu dua lima'"),
    "not-a-choice": CodeInfo(E, N_("A value that is not one of the field's choices."),
                             "spec.yaml:2:7: office.kind: expected 'kabupaten', 'kota' or 'provinsi'"),
    "invalid-value": CodeInfo(E, N_("A value of the right kind that the field does not take (the message says what "
                                   "it takes)."),
                              "spec.yaml:3:9: number: a decree number is positive"),
    "empty-text": CodeInfo(E, N_("A text field is empty."),
                           "spec.yaml:20:5: menimbang[1]: is empty; write the text or leave the field out"),
    "text-too-long": CodeInfo(E, N_("A text is longer than its field allows."),
                              "spec.yaml:20:5: menimbang[1]: is 12,000 characters long; at most 10,000 are allowed"),
    "unknown-instrument": CodeInfo(E, N_("A citation names an id the catalogue does not have."),
                                   "spec.yaml:14:5: mengingat[2]: unknown catalogue id 'pkpu-8-2091'; did you mean "
                                   "'pkpu-8-2019'?"),
    "cited-twice": CodeInfo(E, N_("An instrument is cited twice in Mengingat (or Memperhatikan)."),
                            "spec.yaml:16:5: mengingat: 'uu-7-2017' is cited twice"),
    "cites-amendment": CodeInfo(E, N_("An amendment is cited by itself; cite the instrument it amends, whose "
                                     "amendments in force are cited with it."),
                                "spec.yaml:15:5: mengingat[3]: 'pkpu-12-2023' amends 'pkpu-8-2019': cite "
                                "'pkpu-8-2019' only"),
    "retyped-citation": CodeInfo(E, N_("An office's own instrument repeats a catalogue entry (its type, number and "
                                      "year): cite the catalogue's id."),
                                 "spec.yaml:30:5: instruments[0]: PKPU 8/2019 is in the catalogue as "
                                 "'pkpu-8-2019'; cite that id"),
    "date-not-in-year": CodeInfo(E, N_("The decree's date is not in its year."),
                                 "spec.yaml:5:7: date: the date 2024-12-30 is not in 2025"),
    "number-year-mismatch": CodeInfo(E, N_("A registry code ends in another year than the decree's."),
                                     "spec.yaml:4:9: number: the registry code 11/HK.03.1/3322/2022 ends in the "
                                     "year 2022, but the decree is of 2025"),
    "duplicate-decree": CodeInfo(E, N_("Two decrees of one office and year with the same number (one package)."),
                                 "offices.csv:7: the same office and number as the row at offices.csv:3"),
    "plan-twice": CodeInfo(E, N_("A lampiran gives its areas and also a plan file."),
                           "spec.yaml:40:5: lampiran[0].plan: give the areas either here or in the plan file, not "
                           "both"),
    "no-plan": CodeInfo(E, N_("A command needs a plan lampiran that the spec does not have (or has several of)."),
                        "spec.yaml: the spec has no plan lampiran (kind: plan)"),
    "unknown-placeholder": CodeInfo(E, N_("A text template names a placeholder that does not exist."),
                                    "wording.yaml:4: unknown placeholder {kantor}; known: {office}, {year}"),
    "workbook-damaged": CodeInfo(E, N_("A workbook cannot be read as an Excel workbook, or parts of it are damaged."),
                                 "plan.xlsx: cannot be read as a workbook (BadZipFile); save it again as .xlsx"),
    "workbook-layout": CodeInfo(E, N_("A plan workbook's sheets, header row or columns are not laid out as a plan."),
                                "plan.xlsx, sheet 'Rencana Aksi': no header row found in the first 20 rows"),
    "formula": CodeInfo(E, N_("A cell holds a formula or an error value where the value itself is needed."),
                        "plan.xlsx, sheet 'Rencana Aksi', row 7, column F: holds a formula (=B2); type the value "
                        "itself"),
    "empty-cell": CodeInfo(E, N_("A cell that begins an area, component, indicator or step is empty."),
                           "plan.xlsx, sheet 'Rencana Aksi', row 9, column C: empty indicator; write the "
                           "indicator's text, or merge the cell with the one above"),
    "responsible-differs": CodeInfo(E, N_("PENANGGUNG JAWAB differs within one component (one merged cell in the "
                                         "decree)."),
                                    "plan.xlsx, sheet 'Rencana Aksi', row 12, column H: PENANGGUNG JAWAB differs "
                                    "within component 'Tim Kerja'"),
    "nip-as-number": CodeInfo(E, N_("A NIP stored as a number, which Excel rounds."),
                              "offices.xlsx, sheet 'Kantor', row 4, column F: the NIP is stored as a number, "
                              "which Excel rounds"),
    "catalogue-invalid": CodeInfo(E, N_("A catalogue or guideline file is inconsistent (for whoever keeps the "
                                       "catalogue)."),
                                  "uu.yaml: uu-19-2019: amends 'uu-30-2020', which is not in the catalogue"),
    "template-invalid": CodeInfo(E, N_("A DOCX template cannot be used (not a DOCX, too large, unknown fields in a "
                                      "header or footer)."),
                                 "kop.docx: word/header1.xml: 'kota' is not one of the fields"),
    "invalid-argument": CodeInfo(E, N_("A library function or a command was given an argument it does not take."),
                                 "paper: expected 'f4' or 'a4', not 'letter'"),
    "invalid-option": CodeInfo(E, N_("A command's option does not fit the task (a .yaml name for a workbook, a year "
                                    "not after the spec's)."),
                               "--year: the new year 2024 is not after the spec's year 2025"),
    "output-exists": CodeInfo(E, N_("A file the command would write exists already; it is replaced only with "
                                    "--force (or another name)."),
                              "kab-x-2026.yaml: exists; choose another name or give --force to replace it (nothing "
                              "was overwritten)"),
    "output-is-input": CodeInfo(E, N_("A file the command would write is one it reads; even --force does not replace "
                                      "it."),
                                "kab-x.yaml: is a file this command reads; choose another name (nothing was "
                                "overwritten)"),
    "outside-workspace": CodeInfo(E, N_("The browser workspace refuses a name or a file outside its folder."),
                                  "name: is not a file of the workspace"),
    "package-edited": CodeInfo(E, N_("A package's files were changed by hand (or are not zi-decree's); rendering "
                                    "again would replace them unless --force."),
                               "out/kpu-kota-x/kpu-kota-x.original.docx: changed since zi-decree made it"),
    "cannot-write": CodeInfo(E, N_("An output cannot be written (permissions, a full disk, a file open in Word)."),
                             "out/kpu-kota-x: cannot write the package: Permission denied"),
    "internal-error": CodeInfo(E, N_("zi-decree failed where it should not; please report it."),
                               "offices.csv:5: internal error: KeyError: 'x' (please report it)"),
    "schedule-unreadable": CodeInfo(W, N_("A schedule could not be read as months; it is kept as written and fills "
                                         "no month of a grid."),
                                    "plan.yaml:30:17: 'Sesuai kebutuhan' could not be read as months; kept as "
                                    "written"),
    "schedule-serial-date": CodeInfo(W, N_("A schedule was a spreadsheet date serial number; read as its month."),
                                     "plan.xlsx, sheet 'Rencana Aksi', row 8, column G: '45689' is a spreadsheet "
                                     "date serial number; read as Februari 2025"),
    "schedule-english": CodeInfo(W, N_("A schedule names a month in English; written in Indonesian."),
                                 "plan.yaml:30:17: 'March 2025' uses an English month name; written in "
                                 "Indonesian"),
    "schedule-control": CodeInfo(W, N_("A schedule held control characters, each shown as \ufffd."),
                                 "plan.yaml:30:17: 'Mei\\x07 2025' held control characters"),
    "schedule-outside-year": CodeInfo(W, N_("A schedule has months before the plan's year (a year left from last "
                                           "year's plan?) or lies wholly outside it."),
                                      "plan.yaml:30:17: months before the plan year 2025 (Desember 2024)"),
    "schedule-beyond-grid": CodeInfo(W, N_("A schedule has months after the plan's year, which a 12-month grid "
                                          "cannot show."),
                                     "plan.yaml:30:17: months after 2025 (Januari 2026) cannot be shown in the "
                                     "12-month grid of 2025"),
    "grid-label": CodeInfo(W, N_("A month grid shows a schedule's months, not its wording."),
                           "plan.yaml:30:17: the grid shows the months of 'Setiap triwulan', not its wording"),
    "schedule-grid-mismatch": CodeInfo(W, N_("A workbook's TARGET WAKTU and its month grid say different months."),
                                       "plan.xlsx, sheet 'Rencana Aksi', row 9: TARGET WAKTU says 'Maret 2025' but "
                                       "the month grid ticks April"),
    "no-schedule": CodeInfo(W, N_("An evidence item has no schedule (TARGET WAKTU or months), so no one knows when it "
                                  "is due."),
                            "plan.yaml:88:11: lampiran[0].areas[2].components[0].indicators[1].steps[0].evidence[0]: "
                            "this evidence item has no schedule (TARGET WAKTU or months)"),
    "stale-year": CodeInfo(W, N_("A text names a year that does not fit the decree's (a year left from last year's "
                                "decree?)."),
                           "spec.yaml:22:40: menimbang[0]: names the year 2024 ('Tahun 2024') but the decree is of "
                           "2025"),
    "plan-year-mismatch": CodeInfo(W, N_("A plan workbook's Tahun is not the decree's year."),
                                   "plan.xlsx, sheet 'Pengaturan': the workbook's Tahun is 2024 but the decree is "
                                   "for 2025"),
    "column-ignored": CodeInfo(W, N_("A workbook column that is not a plan column; it is not read."),
                               "plan.xlsx, sheet 'Rencana Aksi', row 4, column J: column 'CATATAN' is not a plan "
                               "column; it is not read"),
    "not-in-force": CodeInfo(W, N_("A cited instrument is not yet in force on the decree's date."),
                             "spec.yaml:14:5: mengingat[2]: Peraturan ... Nomor 9 Tahun 2023 is not yet in force "
                             "on 2023-01-05"),
    "maybe-not-in-force": CodeInfo(W, N_("A cited instrument's date is not known exactly; it may not yet be in force."),
                                   "spec.yaml:14:5: mengingat[2]: ... may not yet be in force on 2023-07-20: its "
                                   "date is not known exactly"),
    "revoked": CodeInfo(W, N_("A cited instrument was revoked before the decree's date."),
                        "spec.yaml:14:5: mengingat[2]: ... Nomor 26 Tahun 2020 was revoked by ... Nomor 9 Tahun "
                        "2023 (permenpanrb-9-2023); cite that instead"),
    "maybe-revoked": CodeInfo(W, N_("A cited instrument may already be revoked (the revoking instrument's date is not "
                                   "known exactly)."),
                              "spec.yaml:14:5: mengingat[2]: ... may already be revoked by ...; check"),
    "period-ended": CodeInfo(W, N_("A cited instrument's period ended before the decree's date (a Grand Design, a "
                                  "Road Map)."),
                             "spec.yaml:14:5: mengingat[4]: Peraturan Presiden Nomor 81 Tahun 2010: its period "
                             "(2010-2025) ended on 2025-12-31; the catalogue knows no successor"),
    "maybe-enacted": CodeInfo(W, N_("An amending Perppu may already be enacted as law; the Perppu is cited."),
                              "spec.yaml:12:5: mengingat[1]: Perppu Nomor 1 Tahun 2015 may already be enacted as "
                              "Undang-Undang Nomor 10 Tahun 2015"),
    "amendment-uncertain": CodeInfo(W, N_("An amendment may or may not be in force on the decree's date; it is left "
                                         "out of the citation."),
                                    "spec.yaml:12:5: mengingat[5]: ... (amending ...) may or may not be in force "
                                    "on 2023-10-20"),
    "amendment-unrecorded": CodeInfo(W, N_("The catalogue lacks an amendment before the latest it has; the citation "
                                          "may be incomplete."),
                                     "spec.yaml:12:5: mengingat[5]: amendment no. 2 is not recorded in the "
                                     "catalogue"),
    "gazette-unknown": CodeInfo(W, N_("A cited instrument's gazette (LN/BN) number is not known; the citation lacks "
                                     "it."),
                                "spec.yaml:12:5: mengingat[6]: PKPU 21/2020: its BN number is not recorded in the "
                                "catalogue"),
    "basis-left-out": CodeInfo(W, N_("`new`, `rollover` or `batch` left out a legal basis no longer in force on the "
                                    "date, saying what replaced it."),
                               "offices.csv:4, column tanggal: left out perpres-81-2010: its period ended on "
                               "2025-12-31; the catalogue knows no successor"),
    "coverage-unchecked": CodeInfo(W, N_("The plan's coverage of the Zona Integritas guideline was not checked (no "
                                        "guideline in force on the date)."),
                                   "spec.yaml:5:7: date: the plan's coverage ... was not checked: no guideline in "
                                   "the catalogue is in force on 2019-01-02"),
    "area-missing": CodeInfo(W, N_("The plan lacks an area that the guideline requires."),
                             "plan.yaml: the plan lacks the area VI 'Peningkatan Kualitas Pelayanan Publik'"),
    "area-unknown": CodeInfo(W, N_("An area of the plan is not an area of the guideline."),
                             "plan.yaml:3:9: lampiran[0].areas[6].name: area VII 'Inovasi' is not an area of "
                             "PermenPANRB 90/2021"),
    "area-misnamed": CodeInfo(W, N_("An area holds the components of a guideline's area but is named otherwise."),
                              "plan.yaml:3:9: lampiran[0].areas[0].name: area I 'Rencana Aksi ZI' holds the "
                              "components of the area 'Manajemen Perubahan' of PermenPANRB 90/2021 but is named "
                              "otherwise"),
    "component-missing": CodeInfo(W, N_("An area lacks a component that the guideline requires."),
                                  "plan.yaml:491:5: lampiran[0].areas[5].name: area VI lacks the component "
                                  "'Pengelolaan Pengaduan'"),
    "component-unknown": CodeInfo(W, N_("A component is not a component of its area in the guideline."),
                                  "plan.yaml:80:9: area II, component 4 'Arsip' is not a component of this area"),
    "component-old-name": CodeInfo(W, N_("A component carries the name it had before the guideline in force, or a "
                                        "spelling that only resembles it."),
                                   "plan.yaml:12:9: area I, component 1 'Tim Kerja' uses the name it had before "
                                   "PermenPANRB 90/2021, which calls it 'Penyusunan Tim Kerja'"),
    "spelling-nonstandard": CodeInfo(W, N_("A word is not the standard (baku) form; the KBBI's form is suggested."),
                                     "spec.yaml:23:66: menimbang[0]: spelling: 'mengkoordinasikan' is not the "
                                     "standard (baku) form; write 'mengoordinasikan' (KBBI)"),
    "spelling-unknown": CodeInfo(W, N_("A word is in no dictionary (the Indonesian one, the domain's, the office's "
                                      "kata.txt); up to three suggestions."),
                                 "plan.yaml:263:60: spelling: 'Lancana' is not in the dictionary; did you mean "
                                 "'Lencana'?"),
    "spelling-unchecked": CodeInfo(W, N_("Spelling was not checked (the dictionary could not be read)."),
                                   "spec.yaml: spelling was not checked: the dictionary could not be read"),
    "repeated-word": CodeInfo(W, N_("A word typed twice in a row."),
                              "spec.yaml:40:21: lampiran[0].blocks[3].text: 'piagam piagam': the word 'piagam' is "
                              "typed twice"),
    "unbalanced-emphasis": CodeInfo(W, N_("An emphasis mark (* or **) opens or closes nothing; it is printed as "
                                          "typed."),
                                    "spec.yaml:22:31: menimbang[1]: emphasis: the '*' (italic mark) at character 14 "
                                    "opens or closes nothing; write \\* for an asterisk"),
    "typed-label": CodeInfo(W, N_("Letters or numbers typed before evidence items (the generator computes them); "
                                 "removed."),
                            "plan.yaml:40:15: lampiran[0].areas[0].components[0].indicators[0].steps[0].evidence: "
                            "'a.', 'b.' typed before the evidence items of this action step, removed"),
    "accepted-unused": CodeInfo(W, N_("An entry of `accepted:` matches no warning (the warning is gone: remove the "
                                     "entry)."),
                                "spec.yaml:60:5: accepted[2]: accepts 'stale-year' at 'menimbang[0]', but there is "
                                "no such warning"),
}
