"""Faithfulness checks run on every translation (see ``checks.QualityChecker``)."""

from bbabo.translate.qa.checks import Detector, QualityChecker, find_repetition, length_problem
from bbabo.translate.qa.dates import compare_dates, find_months
from bbabo.translate.qa.numbers import compare_numbers, find_numbers

__all__ = [
    "Detector",
    "QualityChecker",
    "compare_dates",
    "compare_numbers",
    "find_months",
    "find_numbers",
    "find_repetition",
    "length_problem",
]
