import pytest
from hypothesis import given
from hypothesis import strategies as st

from jinzai.core.text import (
    kana_to_hiragana,
    neutralize_cell,
    normalize_digits,
    normalize_staff_no,
    normalize_text,
    search_key,
    search_terms,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ タロウ"),
        ("ｶﾞｷﾞﾊﾟｰｳﾞ", "ガギパーヴ"),
        ("ＡＢＣ１２３", "ABC123"),
        ("ｙａｍａｄａ＠ｅｘａｍｐｌｅ．ｊｐ", "yamada@example.jp"),
        ("山田\u3000太郎", "山田 太郎"),
        ("  山田 \t\u3000 太郎\n", "山田 太郎"),
        ("髙橋　﨑", "髙橋 﨑"),  # variant kanji are stored as typed
        ("総務課", "総務課"),
        ("", ""),
        ("\u3000\u3000", ""),
        ("山田\x00太郎\u200b\ufeff", "山田太郎"),  # invisible characters and NUL are dropped
        ("ﾞ", "゛"),
    ],
)
def test_normalize_text(raw, expected):
    assert normalize_text(raw) == expected


def test_normalize_text_is_idempotent_on_examples():
    for raw in ["ﾔﾏﾀﾞ\u3000ＴＡＲＯ", "　髙橋　ｶﾅ　１２ ", "a\u00a0b"]:
        once = normalize_text(raw)
        assert normalize_text(once) == once


@given(st.text())
def test_normalize_text_never_raises_and_is_idempotent(s):
    result = normalize_text(s)
    assert result == result.strip()
    assert "  " not in result
    assert "\u3000" not in result
    assert normalize_text(result) == result


def test_normalize_digits():
    assert normalize_digits(" ２０２４年４月１日 ") == "2024年4月1日"
    assert normalize_digits("ＡＢ１") == "ＡＢ1"  # letters are left alone


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("００１２３", "00123"), (" 00 123 ", "00123"), ("Ａ－０１", "A-01"), ("0042", "0042")],
)
def test_normalize_staff_no_keeps_leading_zeros(raw, expected):
    assert normalize_staff_no(raw) == expected


def test_search_key_folds_kana_width_case_and_spaces():
    assert search_key("やまだ たろう") == search_key("ﾔﾏﾀﾞ\u3000ﾀﾛｳ") == "ヤマダタロウ"
    assert search_key("ＹＡＭＡＤＡ") == search_key("yamada") == "yamada"


def test_search_key_folds_variant_kanji():
    assert search_key("髙橋") == search_key("高橋")
    assert search_key("渡邊") == search_key("渡邉") == search_key("渡辺")


def test_search_key_separates_fields():
    key = search_key("00123", "山田 太郎", "やまだ たろう")
    assert key == "00123|山田太郎|ヤマダタロウ"
    # a query term cannot span two fields, even when it contains the separator itself
    assert all(term not in key for term in search_terms("123山田"))
    assert search_key("a|b") == "ab"
    assert search_key(None, "x") == "|x"


def test_search_terms():
    assert search_terms("  やまだ\u3000ＴＡＲＯ  ") == ["ヤマダ", "taro"]
    assert search_terms("") == []
    assert search_terms("\u3000 ") == []
    assert search_terms(None) == []


def test_search_terms_match_stored_key():
    stored = search_key("00123", "山田 太郎", "ヤマダ タロウ")
    for query in ["やまだ", "ﾀﾛｳ", "山田太郎", "123", "山田 太郎"]:
        assert all(term in stored for term in search_terms(query)), query


@given(st.lists(st.text(), max_size=4))
def test_search_key_never_raises(parts):
    key = search_key(*parts)
    assert key.count("|") == max(len(parts) - 1, 0)
    assert " " not in key
    for term in search_terms(" ".join(parts)):
        assert term
        assert " " not in term


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ヤマダ タロウ", "やまだ たろう"),
        ("ﾔﾏﾀﾞ\u3000ﾀﾛｰ", "やまだ たろー"),
        ("やまだ", "やまだ"),
        ("ヴィクトリア", "ゔぃくとりあ"),
        ("  ｽｽﾞｷ  ", "すずき"),
    ],
)
def test_kana_to_hiragana(raw, expected):
    assert kana_to_hiragana(raw) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+81-3-1234-5678", "'+81-3-1234-5678"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("＝1+1", "'＝1+1"),
        ("山田", "山田"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralize_cell_strings(value, expected):
    assert neutralize_cell(value) == expected


@pytest.mark.parametrize("value", [-1, 1.5, None, True])
def test_neutralize_cell_leaves_non_strings_alone(value):
    assert neutralize_cell(value) is value
