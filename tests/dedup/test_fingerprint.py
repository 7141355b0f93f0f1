"""MinHash signatures are stored and compared with signatures stored earlier, so the fast path
in ``minhash`` must give exactly what datasketch's own ``update_batch`` gives (datasketch is the
reference here, in the tests; bbabo does not import it at run time)."""

from __future__ import annotations

import random

import numpy as np
import pytest
from datasketch import MinHash

from bbabo.dedup import from_bytes, minhash, signature_bytes
from bbabo.dedup.fingerprint import MIN_WORDS, NUM_PERM, SHINGLE_WORDS, _permutations, _tokens


def _reference(text: str) -> MinHash:
    """The signature as datasketch makes it: a fresh affine32 MinHash (default seed and hash
    function, sha1_hash32) fed the UTF-8 shingles through ``update_batch``."""
    tokens = _tokens(text)
    shingles = {" ".join(tokens[i:i + SHINGLE_WORDS]).encode("utf-8")
                for i in range(len(tokens) - SHINGLE_WORDS + 1)}
    reference = MinHash(num_perm=NUM_PERM, scheme="affine32")
    reference.update_batch(list(shingles))
    return reference


LATIN = ("The city council approved the budget for next year on Tuesday. Most of the money will go "
         "to a new tram line linking the left bank with the centre; work starts in spring, and "
         "the first cars should run in two years. Residents asked why the project costs more "
         "than promised last autumn.")
CYRILLIC = ("Городской совет Новосибирска во вторник утвердил бюджет на следующий год. Большая "
            "часть средств пойдёт на строительство новой трамвайной линии, которая соединит "
            "левый берег с центром города. Міська рада Вінниці затвердила бюджет — «Ёлка» №5. "
            "Урад зацвердзіў новы план развіцця чыгунак; Үкімет темір жолдарды дамытудың жаңа "
            "жоспарын бекітті.")
CJK = ("東京都は新しい交通計画を発表しました。市内の路面電車を二〇三〇年までに延伸する。"
       "政府批准了新的铁路发展计划。서울시는 새로운 교통 계획을 발표했다.")
TEXTS = {
    "latin": LATIN,
    "cyrillic": CYRILLIC,
    "cjk": CJK * 2,
    "thai": "รัฐบาลอนุมัติแผนพัฒนาทางรถไฟสายใหม่ในวันอังคาร " * 3,
    "repeats": (LATIN + " ") * 3 + " ".join(["again and again"] * 30),
    "casefold and marks": ("STRASSE Straße ǅemal İstanbul ΣΊΣΥΦΟΣ naïve café e\u0301 snake_case "
                           "x² ½ ١٢٣ 42 ") * 6,
    "symbols": ("word — another, «quoted» (bracket) e-mail 10:30 50% #tag @user 🙂 ") * 8,
    "mixed scripts": CYRILLIC + " " + LATIN + " " + CJK,
}


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_bit_identical_to_datasketch(name: str) -> None:
    text = TEXTS[name]
    assert len(_tokens(text)) >= MIN_WORDS
    signature, reference = minhash(text), _reference(text)
    assert signature is not None
    assert signature.values.dtype == reference.hashvalues.dtype == np.uint32
    assert np.array_equal(signature.values, reference.hashvalues)
    assert np.array_equal(_permutations(), reference.permutations)
    assert signature_bytes(signature) == reference.hashvalues.astype("<u4").tobytes()
    restored = from_bytes(signature_bytes(signature))
    assert np.array_equal(restored.values, reference.hashvalues)
    assert restored.jaccard(signature) == 1.0


def test_the_jaccard_estimate_is_datasketch_s() -> None:
    first, second = minhash(LATIN), minhash(LATIN.replace("budget", "plan") + " Extra words.")
    assert first is not None and second is not None
    assert first.jaccard(second) == _reference(LATIN).jaccard(
        _reference(LATIN.replace("budget", "plan") + " Extra words."))
    assert 0 < first.jaccard(second) < 1


def test_bit_identical_on_random_texts() -> None:
    rng = random.Random(7)
    alphabet = "abcdefghij" + "абвгдеёжзи" + "ßİσς" + "東京都は" + "0123456789_" + "é\u0301"
    vocabulary = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8)))
                  for _ in range(60)]
    separators = [" ", " ", " ", ", ", ". ", " — ", "\n", "-", "'"]
    for _ in range(200):
        words = [rng.choice(vocabulary) for _ in range(rng.randint(MIN_WORDS, 300))]
        text = "".join(word + rng.choice(separators) for word in words)
        signature = minhash(text)
        if signature is None:
            continue
        assert np.array_equal(signature.values, _reference(text).hashvalues), text[:80]
