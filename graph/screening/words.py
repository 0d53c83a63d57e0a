"""Classes of words in organisation names that say little about which organisation is meant.

Kinds of business ("group", "services"), the words of legal forms written out ("limited",
"obshchestvo"), sectors and product lines ("software", "bank") and places ("london", "hangzhou",
every country name). Spellings are normalised ones (graph.screening.normalise). Legal-form
splitting and word weights (graph.screening.legal_forms, graph.screening.weights) both read them.
"""

from __future__ import annotations

from graph.screening.countries import country_words

__all__ = ["DESCRIPTORS", "FORM_WORDS", "GENERIC_WORDS", "PLACE_WORDS"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that name a kind of business, not a business (normalised spellings: see normalise.py).
GENERIC_WORDS = _words(
    """
    group holding technology international trading industries services company corporation
    enterprises enterprise systems solutions global general national development investment
    investments the and of de la el al du des der und et y for
    """
)
# Words of legal forms, left in a name when the form is written out of order or misspelt
# ("Liability Company Sberbank Capital Limited", "Joint Stock Comapny X"): they say nothing.
FORM_WORDS = _words(
    """
    company corporation incorporated limited joint stock closed open public private
    liability partnership obshchestvo ogranichennoi ogranichennoy otvetstvennostyu
    otvetstvennostiu aktsionernoe zakrytoe otkrytoe publichnoe tovarishchestvo sociedad
    anonima societe anonyme sociedade aktiengesellschaft gesellschaft beschrankter haftung
    jointstock branch
    """
)
# Words naming a sector or product line: more telling than "group", far less than a brand.
DESCRIPTORS = _words(
    """
    digital electronics software engineering energy logistics consulting consultants
    communications telecommunications networks network media security partners ventures
    resources products manufacturing industrial commercial finance financial insurance
    pharmaceutical pharmaceuticals chemical chemicals science research marine shipping
    petroleum oil gas construction materials building equipment machinery trade import export
    transport supply supplies management capital properties property estates healthcare
    medical foods food agriculture agricultural mining metals steel textiles automotive motors
    airlines aviation travel hotels retail stores business data information bank
    """
)
# Places often put before or after a company's own name; country names come from countries.py.
PLACE_WORDS = country_words() | _words(
    """
    british english scottish welsh irish european american chinese russian iranian korean
    japanese german french indian asia asian europe middle eastern western northern southern
    london manchester birmingham edinburgh glasgow cardiff belfast leeds bristol
    beijing shanghai shenzhen hangzhou guangzhou guangdong zhejiang jiangsu tianjin wuhan
    chengdu chongqing dalian xiamen fujian shandong hubei sichuan hunan anhui hebei henan
    moscow petersburg tehran dubai istanbul damascus baghdad caracas pyongyang minsk
    hong kong macau singapore
    """
)
