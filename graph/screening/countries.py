"""Country names as sanctions lists spell them, mapped to ISO 3166-1 alpha-2 codes.

Lists name countries in words, each in its own house style ("Korea, North", "Burma", "Iran
(Islamic Republic of)"); the graph keys jurisdictions by ISO code, so screening compares codes.
The table is deliberately plain data: add a spelling when a list uses a new one.

Example:
    >>> country_code("Korea, North")
    'kp'
    >>> country_code("Region: Crimea") is None
    True
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["country_code", "country_words"]

# ISO code -> accepted spellings (lower case, punctuation kept as lists print it is not needed:
# _key() strips it). The first spelling is the usual English short name.
_NAMES: dict[str, tuple[str, ...]] = {
    "af": ("afghanistan",),
    "al": ("albania",),
    "dz": ("algeria",),
    "ad": ("andorra",),
    "ao": ("angola",),
    "ag": ("antigua and barbuda",),
    "ar": ("argentina",),
    "am": ("armenia",),
    "aw": ("aruba",),
    "au": ("australia",),
    "at": ("austria",),
    "az": ("azerbaijan",),
    "bs": ("bahamas", "bahamas the", "the bahamas"),
    "bh": ("bahrain",),
    "bd": ("bangladesh",),
    "bb": ("barbados",),
    "by": ("belarus",),
    "be": ("belgium",),
    "bz": ("belize",),
    "bj": ("benin",),
    "bm": ("bermuda",),
    "bt": ("bhutan",),
    "bo": ("bolivia", "bolivia plurinational state of"),
    "ba": ("bosnia and herzegovina",),
    "bw": ("botswana",),
    "br": ("brazil",),
    "vg": ("british virgin islands", "virgin islands british"),
    "bn": ("brunei", "brunei darussalam"),
    "bg": ("bulgaria",),
    "bf": ("burkina faso",),
    "mm": ("myanmar", "burma"),
    "bi": ("burundi",),
    "kh": ("cambodia",),
    "cm": ("cameroon",),
    "ca": ("canada",),
    "cv": ("cabo verde", "cape verde"),
    "ky": ("cayman islands",),
    "cf": ("central african republic",),
    "td": ("chad",),
    "cl": ("chile",),
    "cn": ("china", "peoples republic of china", "prc"),
    "co": ("colombia",),
    "km": ("comoros",),
    "cd": ("democratic republic of the congo", "congo democratic republic of the", "drc"),
    "cg": ("republic of the congo", "congo republic of the", "congo"),
    "cr": ("costa rica",),
    "ci": ("cote divoire", "cote d ivoire", "ivory coast"),
    "hr": ("croatia",),
    "cu": ("cuba",),
    "cw": ("curacao",),
    "cy": ("cyprus",),
    "cz": ("czechia", "czech republic"),
    "dk": ("denmark",),
    "dj": ("djibouti",),
    "dm": ("dominica",),
    "do": ("dominican republic",),
    "ec": ("ecuador",),
    "eg": ("egypt",),
    "sv": ("el salvador",),
    "gq": ("equatorial guinea",),
    "er": ("eritrea",),
    "ee": ("estonia",),
    "sz": ("eswatini", "swaziland"),
    "et": ("ethiopia",),
    "fj": ("fiji",),
    "fi": ("finland",),
    "fr": ("france",),
    "ga": ("gabon",),
    "gm": ("gambia", "the gambia", "gambia the"),
    "ge": ("georgia",),
    "de": ("germany",),
    "gh": ("ghana",),
    "gi": ("gibraltar",),
    "gr": ("greece",),
    "gd": ("grenada",),
    "gt": ("guatemala",),
    "gg": ("guernsey",),
    "gn": ("guinea",),
    "gw": ("guinea bissau",),
    "gy": ("guyana",),
    "ht": ("haiti",),
    "hn": ("honduras",),
    "hk": ("hong kong",),
    "hu": ("hungary",),
    "is": ("iceland",),
    "in": ("india",),
    "id": ("indonesia",),
    "ir": ("iran", "iran islamic republic of"),
    "iq": ("iraq",),
    "ie": ("ireland",),
    "im": ("isle of man", "man isle of"),
    "il": ("israel",),
    "it": ("italy",),
    "jm": ("jamaica",),
    "jp": ("japan",),
    "je": ("jersey",),
    "jo": ("jordan",),
    "kz": ("kazakhstan",),
    "ke": ("kenya",),
    "ki": ("kiribati",),
    "kp": ("north korea", "korea north", "democratic peoples republic of korea", "dprk"),
    "kr": ("south korea", "korea south", "republic of korea", "korea republic of"),
    "xk": ("kosovo",),
    "kw": ("kuwait",),
    "kg": ("kyrgyzstan",),
    "la": ("laos", "lao peoples democratic republic"),
    "lv": ("latvia",),
    "lb": ("lebanon",),
    "ls": ("lesotho",),
    "lr": ("liberia",),
    "ly": ("libya",),
    "li": ("liechtenstein",),
    "lt": ("lithuania",),
    "lu": ("luxembourg",),
    "mo": ("macau", "macao"),
    "mg": ("madagascar",),
    "mw": ("malawi",),
    "my": ("malaysia",),
    "mv": ("maldives",),
    "ml": ("mali",),
    "mt": ("malta",),
    "mh": ("marshall islands",),
    "mr": ("mauritania",),
    "mu": ("mauritius",),
    "mx": ("mexico",),
    "fm": ("micronesia",),
    "md": ("moldova", "republic of moldova"),
    "mc": ("monaco",),
    "mn": ("mongolia",),
    "me": ("montenegro",),
    "ma": ("morocco",),
    "mz": ("mozambique",),
    "na": ("namibia",),
    "nr": ("nauru",),
    "np": ("nepal",),
    "nl": ("netherlands", "the netherlands"),
    "an": ("netherlands antilles",),
    "nz": ("new zealand",),
    "ni": ("nicaragua",),
    "ne": ("niger",),
    "ng": ("nigeria",),
    "mk": ("north macedonia", "macedonia"),
    "no": ("norway",),
    "om": ("oman",),
    "pk": ("pakistan",),
    "pw": ("palau",),
    "ps": ("palestine", "palestinian", "state of palestine", "west bank", "gaza", "region gaza"),
    "pa": ("panama",),
    "pg": ("papua new guinea",),
    "py": ("paraguay",),
    "pe": ("peru",),
    "ph": ("philippines",),
    "pl": ("poland",),
    "pt": ("portugal",),
    "qa": ("qatar",),
    "ro": ("romania",),
    "ru": ("russia", "russian federation"),
    "rw": ("rwanda",),
    "kn": ("saint kitts and nevis",),
    "lc": ("saint lucia",),
    "vc": ("saint vincent and the grenadines",),
    "ws": ("samoa",),
    "sm": ("san marino",),
    "st": ("sao tome and principe",),
    "sa": ("saudi arabia",),
    "sn": ("senegal",),
    "rs": ("serbia",),
    "sc": ("seychelles",),
    "sl": ("sierra leone",),
    "sg": ("singapore",),
    "sk": ("slovakia",),
    "si": ("slovenia",),
    "sb": ("solomon islands",),
    "so": ("somalia",),
    "za": ("south africa",),
    "ss": ("south sudan",),
    "es": ("spain",),
    "lk": ("sri lanka",),
    "sd": ("sudan",),
    "sr": ("suriname",),
    "se": ("sweden",),
    "ch": ("switzerland",),
    "sy": ("syria", "syrian arab republic"),
    "tw": ("taiwan",),
    "tj": ("tajikistan",),
    "tz": ("tanzania", "united republic of tanzania"),
    "th": ("thailand",),
    "tl": ("timor leste", "east timor"),
    "tg": ("togo",),
    "to": ("tonga",),
    "tt": ("trinidad and tobago",),
    "tn": ("tunisia",),
    "tr": ("turkey", "turkiye"),
    "tm": ("turkmenistan",),
    "tv": ("tuvalu",),
    "ug": ("uganda",),
    "ua": ("ukraine",),
    "ae": ("united arab emirates", "uae"),
    "gb": (
        "united kingdom",
        "uk",
        "great britain",
        "united kingdom of great britain and northern ireland",
        "england",
        "scotland",
        "wales",
        "northern ireland",
    ),
    "us": ("united states", "united states of america", "usa", "us"),
    "uy": ("uruguay",),
    "uz": ("uzbekistan",),
    "vu": ("vanuatu",),
    "va": ("holy see", "vatican"),
    "ve": ("venezuela", "venezuela bolivarian republic of"),
    "vn": ("vietnam", "viet nam"),
    "ye": ("yemen",),
    "zm": ("zambia",),
    "zw": ("zimbabwe",),
}

_BY_NAME: dict[str, str] = {name: code for code, names in _NAMES.items() for name in names}
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def _key(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold())
    bare = (
        "".join(c for c in folded if not unicodedata.combining(c))
        .replace("'", "")
        .replace("\u2019", "")
    )
    return _NON_ALNUM.sub(" ", bare).strip()


def country_code(text: str | None) -> str | None:
    """The ISO alpha-2 code (lower case) for a country as a list writes it, or None.

    Two-letter input is taken as already a code; regions ("Region: Crimea") and
    "undetermined" give None rather than a guess.
    """
    if not text:
        return None
    key = _key(text)
    if len(key) == 2 and key in _NAMES:
        return key
    return _BY_NAME.get(key)


def country_words() -> frozenset[str]:
    """Country names that are one word ("iran", "uk", "china", ...), for name weighting:
    "Hikvision UK" and "Hikvision" differ by a place, not by who they are."""
    return frozenset(n for names in _NAMES.values() for n in names if " " not in n and len(n) > 2)
