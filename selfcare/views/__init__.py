from .library import library, routine, routine_image, routine_new
from .patient import practice, practice_log, today
from .plans import plan_edit

__all__ = [
    "library",
    "plan_edit",
    "practice",
    "practice_log",
    "routine",
    "routine_image",
    "routine_new",
    "today",
]
