"""Demo screenings: patient@demo.test is cleared for self-care; patient2@demo.test may self-treat
except on a left shoulder that is still healing from a fracture."""

from .questions import ALL_CLEAR
from .services import screening_submit


def seed(people) -> None:
    if not people.patient.screenings.exists():
        screening_submit(patient=people.patient, answers=dict(ALL_CLEAR))
    if not people.patient2.screenings.exists():
        answers = {**ALL_CLEAR, "age": 46, "recent_fracture_regions": ["shoulder_left"]}
        screening_submit(patient=people.patient2, answers=answers)
