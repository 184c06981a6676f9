"""The guided timer's phase sequence (selfcare/timer.py), which timer.js plays as given."""

import pytest

from selfcare.timer import (
    DONE,
    HOLD,
    MOVE,
    READY,
    READY_SECONDS,
    SWITCH,
    phases,
    total_seconds,
)


def test_two_spots_on_both_sides_run_left_then_right_with_moves_and_a_switch():
    sequence = phases(hold_seconds=60, spots_per_side=2, sides="both")
    assert [(p.kind, p.side, p.spot) for p in sequence] == [
        (READY, "left", 1),
        (HOLD, "left", 1),
        (MOVE, "left", 2),
        (HOLD, "left", 2),
        (SWITCH, "right", 1),
        (HOLD, "right", 1),
        (MOVE, "right", 2),
        (HOLD, "right", 2),
        (DONE, "", 0),
    ]
    holds = [p for p in sequence if p.kind == HOLD]
    assert [p.seconds for p in holds] == [60] * 4
    assert [p.title for p in holds] == [
        "Hold: left side, spot 1 of 2",
        "Hold: left side, spot 2 of 2",
        "Hold: right side, spot 1 of 2",
        "Hold: right side, spot 2 of 2",
    ]
    assert sequence[0].seconds == READY_SECONDS == 3
    assert sequence[4].title == "Change to the right side"
    assert all(p.prompt for p in sequence)
    assert total_seconds(sequence) == 3 + 4 * 60 + 2 * 5 + 8


@pytest.mark.parametrize(
    ("sides", "expected_sides"),
    [("left", {"left"}), ("right", {"right"}), ("midline", {""})],
)
def test_one_sided_and_midline_routines_run_one_side_without_a_switch(sides, expected_sides):
    sequence = phases(hold_seconds=45, spots_per_side=3, sides=sides)
    holds = [p for p in sequence if p.kind == HOLD]
    assert len(holds) == 3 and {p.side for p in holds} == expected_sides
    assert SWITCH not in {p.kind for p in sequence}


def test_a_stretch_holds_a_position_rather_than_a_tender_spot():
    sequence = phases(hold_seconds=30, spots_per_side=1, sides="midline", pressure=False)
    assert [p.kind for p in sequence] == [READY, HOLD, DONE]
    assert sequence[1].title == "Hold"
    assert "tender" not in sequence[0].prompt


def test_each_phase_serialises_to_plain_json_values():
    data = phases(hold_seconds=30, spots_per_side=1, sides="both")[0].as_dict()
    assert set(data) == {"kind", "seconds", "side", "spot", "spots", "title", "prompt"}


@pytest.mark.parametrize("bad", [{"hold_seconds": 0}, {"spots_per_side": 0}, {"sides": "up"}])
def test_nonsense_doses_are_refused(bad):
    args = {"hold_seconds": 30, "spots_per_side": 1, "sides": "both", **bad}
    with pytest.raises(ValueError):
        phases(**args)
