"""Stories: every report of one event, from every outlet and language, as one story.

Values in, values out: ``Report`` (an article's lead in its languages) and its vector in;
``Placement`` (each report's story, stories opened and merged, their new state) out. The
``StoryIndex`` holds the active stories (the last week) in memory; ``pipeline/stories.py``
builds it from the store, feeds it new articles and writes what it decided.
"""

from bbabo.stories.evidence import Evidence, Report, gather_evidence, name_keys, number_keys
from bbabo.stories.index import Assignment, Merge, Placement, StoryIndex, StoryState
from bbabo.stories.metrics import BCubed, bcubed
from bbabo.stories.profile import FEATURES
from bbabo.stories.scoring import ScoreModel, StoryOptions, default_model

__all__ = ["Report", "Evidence", "gather_evidence", "name_keys", "number_keys", "StoryIndex",
           "Assignment", "Merge", "Placement", "StoryState", "BCubed", "bcubed", "FEATURES",
           "ScoreModel", "StoryOptions", "default_model"]
