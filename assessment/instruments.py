"""The Neck Disability Index as a questionnaire in plans' registry, stored as a percentage.

The registry keeps whole numbers, so the total is the NDI percentage (0-100, points x 2) and the
meaningful change is 15 percentage points (7.5 points). Bands are the points bands of
CLINICAL.md section 5 doubled. The item wording is the clinic's to supply; items carry topics and
answer anchors scored 0-5."""

from plans.instruments import AnswerOption, Band, HeadacheType, Instrument, Item

from .measures import NDI_ITEMS, NDI_MAX_MISSING, NDI_SOURCE

NDI_OPTIONS = (
    AnswerOption("0", "0 - No trouble", 0),
    AnswerOption("1", "1 - Slight", 1),
    AnswerOption("2", "2 - Moderate", 2),
    AnswerOption("3", "3 - Fairly severe", 3),
    AnswerOption("4", "4 - Very severe", 4),
    AnswerOption("5", "5 - As bad as it can be", 5),
)

NDI = Instrument(
    code="ndi",
    name="Neck Disability Index",
    intro=(
        "For each part of your day, choose the sentence that fits you best today, from 0 (no "
        "trouble) to 5 (as bad as it can be). Your clinic gives you the full wording."
    ),
    items=tuple(Item(code, topic) for code, topic in NDI_ITEMS),
    options=NDI_OPTIONS,
    bands=(
        Band("none", "No disability", 0, 9),
        Band("mild", "Mild", 10, 29),
        Band("moderate", "Moderate", 30, 49),
        Band("severe", "Severe", 50, 69),
        Band("complete", "Complete", 70, 100),
    ),
    meaningful_change=((HeadacheType.TENSION_TYPE.value, -15), (HeadacheType.MIGRAINE.value, -15)),
    source=NDI_SOURCE,
    max_missing=NDI_MAX_MISSING,
    scale_to=100,
)
