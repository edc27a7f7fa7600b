"""Every catalogue of whole sentences the engine words in a reader's language (the
explanations, the reconciliation, the targets, the what-ifs): each language has
the same sentences, each with the same named places, so that no language falls
back to another's or drops a figure."""

from __future__ import annotations

import re

import pytest

from kaoping.engine import EXPLAIN_LANGUAGES, RECONCILE_WORDING, TARGET_WORDING, WHATIF_WORDING
from kaoping.engine._explain import WORDING

PLACES = re.compile(r"\{(\w+)\}")
CATALOGUES = {
    "WORDING": WORDING,
    "RECONCILE_WORDING": RECONCILE_WORDING,
    "TARGET_WORDING": TARGET_WORDING,
    "WHATIF_WORDING": WHATIF_WORDING,
}


@pytest.mark.parametrize("name", sorted(CATALOGUES))
def test_every_language_words_the_same_sentences_with_the_same_places(name: str) -> None:
    catalogue = CATALOGUES[name]
    assert tuple(catalogue) == EXPLAIN_LANGUAGES == ("zh", "en")
    zh = catalogue["zh"]
    for lang, sentences in catalogue.items():
        assert sorted(sentences) == sorted(zh), lang
        for key, text in sentences.items():
            assert sorted(PLACES.findall(text)) == sorted(PLACES.findall(zh[key])), (lang, key)
