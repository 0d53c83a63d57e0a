"""Name normalisation: case, accents, scripts, punctuation, initials, abbreviations, legal forms."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.screening.countries import country_code
from graph.screening.normalise import fold, normalise


@pytest.mark.parametrize(
    ("name", "tokens", "forms"),
    [
        (
            "Hangzhou Hikvision Digital Tech. Co., Ltd.",
            ("hangzhou", "hikvision", "digital", "technology"),
            ("co", "ltd"),
        ),
        ("OOO «Интер Тобако»", ("inter", "tobako"), ("ooo",)),
        ("Siemens AG", ("siemens",), ("ag",)),
        ("AB Volvo", ("volvo",), ("ab",)),
        ("Bayerische Motoren Werke GmbH & Co. KG", ("bayerische", "motoren", "werke"), ("kg",)),
        ("I.B.M. Corp", ("ibm",), ("corp",)),
        ("Cemex, S.A.B. de C.V.", ("cemex",), ("sa",)),
        ("Crédit Agricole S.A.", ("credit", "agricole"), ("sa",)),
        ("D'S SUPERMARKET COMPANY LTD.", ("ds", "supermarket"), ("co", "ltd")),
        ("Limited", ("limited",), ()),
        ("Αθήνα Ναυτιλιακή", ("athina", "naytiliaki"), ()),
        ("Mohamed Ali", ("muhammad", "ali"), ()),
    ],
)
def test_normalise(name: str, tokens: tuple[str, ...], forms: tuple[str, ...]) -> None:
    norm = normalise(name)
    assert norm.tokens == tokens
    assert norm.legal_forms == forms


def test_people_keep_every_token() -> None:
    assert normalise("KIM, Se", organisation=False).tokens == ("kim", "se")
    assert normalise("KIM, Se").tokens == ("kim",)


@given(st.text(max_size=60))
def test_fold_is_idempotent_and_plain(text: str) -> None:
    once = fold(text)
    assert fold(once) == once
    assert once == once.strip() and "  " not in once


def test_country_codes() -> None:
    assert country_code("Korea, North") == "kp"
    assert country_code("Congo, Democratic Republic of the") == "cd"
    assert country_code("Man, Isle of") == "im"
    assert country_code("cn") == "cn"
    assert country_code("Region: Crimea") is None
    assert country_code(None) is None
