import pytest

from assessment.due import assessment_due


@pytest.mark.parametrize(
    ("attended", "initial", "re", "at", "due"),
    [
        (0, False, 0, ("middle", "last"), "initial"),
        (3, False, 0, ("middle", "last"), "initial"),
        (1, True, 0, ("middle", "last"), None),
        (3, True, 0, ("middle", "last"), "reassessment"),  # the 4th of 8 is the middle
        (4, True, 1, ("middle", "last"), None),
        (7, True, 1, ("middle", "last"), "reassessment"),  # the 8th is the last
        (7, True, 2, ("middle", "last"), None),
        (3, True, 0, ("last",), None),
        (7, True, 0, ("last",), "reassessment"),
    ],
)
def test_initial_then_reassessment_at_the_middle_and_last_visit(attended, initial, re, at, due):
    assert (
        assessment_due(sessions=8, attended=attended, initial_done=initial, reassessments=re, at=at)
        == due
    )


def test_unknown_points_are_refused():
    with pytest.raises(ValueError):
        assessment_due(sessions=8, attended=3, initial_done=True, reassessments=0, at=("soon",))
