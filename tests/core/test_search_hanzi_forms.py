"""A hanzi name finds its point in whichever encoding of the same characters a keyboard or a pasted text gives."""

from __future__ import annotations

import unicodedata


def test_a_name_typed_with_a_compatibility_ideograph_finds_its_point(index, reference):
    typed = "\uf904肉门"  # U+F904 is the compatibility form of 滑 (U+6ED1)
    assert unicodedata.normalize("NFKC", typed) == reference.points["ST24"].hanzi
    assert [h.code for h in index.search(typed, limit=3)][:1] == ["ST24"]
