"""Reading names and numbers the same way in every language and script (a foundation module:
translation and stories both use it, and neither imports the other)."""

from bbabo.lexical.names import WORD, is_name, skeleton
from bbabo.lexical.numbers import NumberMention, find_numbers

__all__ = ["WORD", "is_name", "skeleton", "NumberMention", "find_numbers"]
