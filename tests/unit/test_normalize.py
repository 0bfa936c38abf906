"""Spoken forms a Mandarin listener expects for numbers, dates, times, phones and symbols."""

from __future__ import annotations

import pytest

from tingjian.text.normalize import cardinal, spoken_form

from conftest import FIXTURES


@pytest.mark.parametrize(
    "n, spoken",
    [(0, "零"), (10, "十"), (12, "十二"), (20, "二十"), (105, "一百零五"), (110, "一百一十"), (1550, "一千五百五十"),
     (2000, "两千"), (10005, "一万零五"), (11000, "一万一千"), (20000, "两万"), (100000000, "一亿"), (-3, "负三")],
)  # fmt: skip
def test_cardinals(n: int, spoken: str) -> None:
    assert cardinal(n) == spoken


def _cases() -> list[tuple[str, str]]:
    lines = (FIXTURES / "normalize" / "cases.tsv").read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")) for line in lines if line and not line.startswith("#")]  # type: ignore[misc]


CASES = _cases()


def test_the_case_table_is_large_and_well_formed() -> None:
    assert len(CASES) >= 150
    assert all(len(case) == 2 for case in CASES)


@pytest.mark.parametrize(("written", "spoken"), CASES, ids=[w for w, _ in CASES])
def test_spoken_form(written: str, spoken: str) -> None:
    assert spoken_form(written) == spoken


def test_spoken_form_leaves_no_digits_in_seed_like_text() -> None:
    text = "1月28日起，2019年6月，20000余人次，1550名，428小区，2号楼，130余天，4个多月，5500余名。"
    assert not any(c.isdigit() for c in spoken_form(text))
