"""The sample letter, checked cell by cell against values read off the text by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from support import SAMPLE, SAMPLE_RAW

from pipeline.extraction import extract_letter
from pipeline.reading import read_letter
from pipeline.tidy import letter_columns, to_tables

M = 1_000_000
YEARS = ["2015", "2016", "2017", "2018", "2019", "2020"]
CAPTION = "In mln euro 2015 2016 2017 2018 2019 2020"

# (table, section, header line, rows: (label, line, printed values, euros))
GOLDEN = [
    (
        1,
        None,
        40,
        [
            (
                "Totaal",
                42,
                ["24,9", "105,4", "116,7", "120,9", "122,4", "128,8"],
                [24_900_000, 105_400_000, 116_700_000, 120_900_000, 122_400_000, 128_800_000],
            ),
        ],
    ),
    (
        2,
        "1. Intensiveren van preventieve maatregelen",
        189,
        [
            (
                "Totaal spoor 1",
                191,
                ["0", "11,9", "12,1", "12", "11,5", "11,5"],
                [0, 11_900_000, 12_100_000, 12_000_000, 11_500_000, 11_500_000],
            ),
        ],
    ),
    (
        3,
        "2. Uitbreiding van de scope en intensiteit van de activiteiten van AIVD en MIVD in binnen- en buitenland",
        245,
        [
            ("AIVD", 247, ["–", "14", "26", "26", "31", "40"], [0, 14 * M, 26 * M, 26 * M, 31 * M, 40 * M]),
            ("MIVD", 248, ["–", "12,7", "20,5", "17", "17", "17"], [0, 12_700_000, 20_500_000, 17 * M, 17 * M, 17 * M]),
            ("CTIVD", 249, ["–", "0,5", "0,5", "0,5", "0,5", "0,5"], [0] + [500_000] * 5),
            ("Kmar", 250, ["–", "1,5", "1,5", "1,5", "1,5", "1,5"], [0] + [1_500_000] * 5),
            ("Politie", 251, ["–", "1,6", "1,6", "8", "8", "8"], [0, 1_600_000, 1_600_000, 8 * M, 8 * M, 8 * M]),
            (
                "OM",
                252,
                ["–", "0,8", "1,3", "2,1", "2,1", "2,1"],
                [0, 800_000, 1_300_000, 2_100_000, 2_100_000, 2_100_000],
            ),
            (
                "Totaal spoor 2",
                253,
                ["0", "31,1", "51,4", "55, 1", "60,1", "69,1"],
                [0, 31_100_000, 51_400_000, 55_100_000, 60_100_000, 69_100_000],
            ),
        ],
    ),
    (
        4,
        "3. Meer capaciteit ten behoeve van te beveiligen objecten en uitbreiding van snel "
        "beschikbare interventiecapaciteit",
        291,
        [
            (
                "Kmar",
                293,
                ["15,2", "37", "28,8", "28,8", "28,8", "28,8"],
                [15_200_000, 37 * M, 28_800_000, 28_800_000, 28_800_000, 28_800_000],
            ),
            (
                "DSI militair",
                294,
                ["4,3", "5,6", "4", "4", "4", "4"],
                [4_300_000, 5_600_000, 4 * M, 4 * M, 4 * M, 4 * M],
            ),
            ("DSI politie", 295, ["5,4", "10,4", "10,4", "10,4", "10,4", "10,4"], [5_400_000] + [10_400_000] * 5),
            (
                "Totaal spoor 3",
                296,
                ["24,9", "53", "43,2", "43,2", "43,2", "43,2"],
                [24_900_000, 53 * M, 43_200_000, 43_200_000, 43_200_000, 43_200_000],
            ),
        ],
    ),
    (
        5,
        "4. Meer Nederlandse inzet (niet-militair) in risicolanden en multilaterale fora en "
        "samenwerkingsverbanden met het oog op de verwevenheid van interne en externe veiligheid",
        350,
        [
            ("BZ", 352, ["–", "9,4", "10", "10,6", "7,6", "5"], [0, 9_400_000, 10 * M, 10_600_000, 7_600_000, 5 * M]),
            (
                "Totaal spoor 4",
                353,
                ["0", "9,4", "10", "10,6", "7,6", "5"],
                [0, 9_400_000, 10 * M, 10_600_000, 7_600_000, 5 * M],
            ),
        ],
    ),
]


@pytest.fixture(scope="module")
def resources():
    return to_tables([letter_columns(extract_letter(read_letter(SAMPLE, SAMPLE_RAW)))])


def test_every_cell_of_the_sample(resources):
    expected = []
    for table, _section, _header, rows in GOLDEN:
        for row_number, (label, line, printed, euros) in enumerate(rows, start=1):
            for column, (period, value, amount) in enumerate(zip(YEARS, printed, euros), start=1):
                expected.append(
                    {
                        "document_id": "2015-02-27-versterking-veiligheidsketen",
                        "table_number": table,
                        "row_number": row_number,
                        "column_number": column,
                        "row_label": label,
                        "row_code": None,
                        "subheading": None,
                        "is_total": label.startswith("Totaal"),
                        "column_header": period,
                        "period": period,
                        "year": int(period),
                        "kind": "amount",
                        "amount_eur": amount,
                        "unit_eur": M,
                        "value": value,
                        "line": line,
                    }
                )
    assert len(expected) == 90
    assert resources["amounts"].to_pylist() == expected


def test_tables_of_the_sample(resources):
    got = resources["tables"].to_pylist()
    assert [
        (
            t["table_number"],
            t["section"],
            t["caption"],
            t["unit_eur"],
            t["columns"],
            t["first_line"],
            t["last_line"],
            t["text_form"],
        )
        for t in got
    ] == [(table, section, CAPTION, M, 6, header, rows[-1][1], "pdf-copy") for table, section, header, rows in GOLDEN]


def test_document_of_the_sample(resources):
    (doc,) = resources["documents"].to_pylist()
    assert doc["date"] == dt.date(2015, 2, 27)
    assert doc["letterhead"] == "SOCIALE ZAKEN EN WERKGELEGENHEID"
    assert doc["addressee"] == "Voorzitter van de Tweede Kamer der Staten-Generaal"
    assert doc["title"] == "Versterking veiligheidsketen"
    assert doc["reference"] == "Kamerstuk 29 754, nr. 302"
    assert doc["url"] == "https://zoek.officielebekendmakingen.nl/kst-29754-302.html"
    assert doc["source_path"] == "raw/2015-02-27-versterking-veiligheidsketen.txt"
    assert doc["lines"] == 392  # grep -c "" counts the last line, " ", which has no newline
    assert doc["problems"] == 0
    assert resources["problems"].num_rows == 0


def test_consistency_of_the_sample_is_exact(resources):
    rows = resources["consistency"].to_pylist()
    overview = [r for r in rows if r["relation"] == "sections_sum_to_overview"]
    sums = [r for r in rows if r["relation"] == "rows_sum_to_total"]
    assert [
        (r["table_number"], r["row_number"], r["column_number"], r["period"], r["reported_eur"], r["parts"])
        for r in overview
    ] == [(1, 1, c, p, v, "tables 2+3+4+5") for c, (p, v) in enumerate(zip(YEARS, GOLDEN[0][3][0][3]), start=1)]
    assert {r["parts"] for r in sums if r["table_number"] == 3} == {"1+2+3+4+5+6"}
    # Table 2 is a total row alone: nothing to add up. Tables 3, 4 and 5 have parts.
    assert sorted({r["table_number"] for r in sums}) == [3, 4, 5]
    assert len(rows) == 24
    assert all(r["status"] == "exact" and r["difference_eur"] == 0 for r in rows)
    assert all(r["reported_eur"] == r["computed_eur"] for r in rows)
