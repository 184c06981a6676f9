"""The CMS 8-minute rule, checked against the worked examples of the Medicare Claims Processing
Manual, chapter 5, section 20.2, and the unit-chart edges."""

import pytest

from assessment.billing import Service, bill, total_units


@pytest.mark.parametrize(
    ("minutes", "units"),
    [
        (0, 0), (1, 0), (7, 0), (8, 1), (15, 1), (22, 1), (23, 2), (37, 2), (38, 3), (52, 3),
        (53, 4), (67, 4), (68, 5), (82, 5), (83, 6), (97, 6), (98, 7), (112, 7), (113, 8),
        (127, 8),
    ],
)  # fmt: skip
def test_total_timed_minutes_set_the_total_units(minutes, units):
    assert total_units(minutes) == units


@pytest.mark.parametrize("bad", [-1, 2.5, "20", None, True])
def test_total_units_refuse_what_is_not_a_count_of_minutes(bad):
    with pytest.raises(ValueError):
        total_units(bad)


# (services as (code, minutes), expected units per code, total units)
CMS_EXAMPLES = [
    # Example 1: 24 min 97112 + 23 min 97110 = 47 min, 3 units; more to the longer service.
    ([("97112", 24), ("97110", 23)], {"97112": 2, "97110": 1}, 3),
    # Example 2: 20 + 20 = 40 min, 3 units; either code takes 2, never 3 for one code.
    ([("97112", 20), ("97110", 20)], {"97112": 2, "97110": 1}, 3),
    # Example 3: 33 min 97110 + 7 min 97140 = 40 min: 2 units 97110, 1 unit 97140 (7 > 3).
    ([("97110", 33), ("97140", 7)], {"97110": 2, "97140": 1}, 3),
    # Example 4: 18 + 13 + 10 + 8 = 49 min, 3 units: one each of the three longest, none 97035.
    (
        [("97110", 18), ("97140", 13), ("97116", 10), ("97035", 8)],
        {"97110": 1, "97140": 1, "97116": 1, "97035": 0},
        3,
    ),
    # Example 5: 7 + 7 + 7 = 21 min, 1 unit, to one of the equal services.
    ([("97112", 7), ("97110", 7), ("97140", 7)], {"97112": 1, "97110": 0, "97140": 0}, 1),
]


@pytest.mark.parametrize(("services", "expected", "total"), CMS_EXAMPLES)
def test_units_are_assigned_as_the_cms_examples_show(services, expected, total):
    result = bill(Service(code, minutes) for code, minutes in services)
    assert result.timed_units == total
    assert {line.code: line.units for line in result.lines} == expected
    assert sum(line.units for line in result.lines) == total


def test_equal_services_split_the_units_whichever_is_listed_first_gets_the_extra():
    result = bill([Service("97110", 20), Service("97112", 20)])
    assert (result.units_for("97110"), result.units_for("97112")) == (2, 1)


@pytest.mark.parametrize(
    ("minutes", "units"),
    [(7, 0), (8, 1), (22, 1), (23, 2), (37, 2), (38, 3)],
)
def test_minute_edges_for_a_single_timed_service(minutes, units):
    assert bill([Service("97140", minutes)]).units_for("97140") == units


@pytest.mark.parametrize(
    ("split", "units"),
    [((4, 3), 0), ((4, 4), 1), ((11, 11), 1), ((12, 11), 2), ((20, 17), 2), ((20, 18), 3)],
)
def test_minute_edges_across_two_timed_services(split, units):
    result = bill([Service("97140", split[0]), Service("97110", split[1])])
    assert result.timed_units == units
    assert result.units_for("97140") + result.units_for("97110") == units


def test_two_short_services_that_reach_eight_minutes_bill_the_longer_one():
    result = bill([Service("97110", 3), Service("97140", 5)])
    assert (result.units_for("97140"), result.units_for("97110")) == (1, 0)


def test_several_timed_codes_over_an_hour():
    result = bill(
        [Service("97140", 25), Service("97110", 20), Service("97112", 10), Service("97535", 9)]
    )
    assert result.timed_minutes == 64 and result.timed_units == 4
    assert [result.units_for(c) for c in ("97140", "97110", "97112", "97535")] == [2, 1, 1, 0]


def test_untimed_codes_count_once_and_do_not_add_minutes():
    result = bill([Service("97161", 45, timed=False), Service("97140", 7)])
    assert result.units_for("97161") == 1
    assert result.timed_minutes == 7 and result.units_for("97140") == 0


def test_a_code_listed_twice_adds_its_minutes():
    result = bill([Service("97140", 5), Service("97140", 5)])
    assert result.units_for("97140") == 1 and len(result.lines) == 1


def test_negative_minutes_are_refused():
    with pytest.raises(ValueError):
        bill([Service("97140", -5)])
