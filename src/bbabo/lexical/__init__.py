"""Reading names, numbers and sentences the same way in every language and script (a foundation
module: translation, stories and the store use it, and none of them imports another)."""

from bbabo.lexical.names import WORD, is_name, skeleton
from bbabo.lexical.numbers import NumberMention, find_numbers
from bbabo.lexical.sentences import first_sentence

__all__ = ["WORD", "is_name", "skeleton", "NumberMention", "find_numbers", "first_sentence"]
