"""When the next assessment is due (pure): the initial one at the first visit, re-assessments
at the middle and the last visit of the course by default. Which of those a clinic uses is a
setting (ASSESSMENT_REASSESS_AT, any of "middle" and "last")."""

from plans.instruments import mid_course_session

POINTS = ("middle", "last")


def session_for(point: str, sessions: int) -> int:
    if point == "middle":
        return mid_course_session(sessions)
    if point == "last":
        return sessions
    raise ValueError(f"Re-assessment points are {', '.join(POINTS)}, got {point!r}.")


def assessment_due(
    *, sessions: int, attended: int, initial_done: bool, reassessments: int, at=POINTS
) -> str | None:
    """What is due at the next visit: "initial", "reassessment" or None. `attended` counts the
    course visits attended so far; the visit after them is the one being planned."""
    if not initial_done:
        return "initial"
    upcoming = attended + 1
    wanted = sorted({session_for(p, sessions) for p in at})
    reached = [s for s in wanted if s <= upcoming]
    return "reassessment" if len(reached) > reassessments else None
