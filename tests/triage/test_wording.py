"""Patient text about sudden headaches says what the rule does: worst within 5 minutes."""

import re
from pathlib import Path

from triage.questions import QUESTIONS_BY_KEY
from triage.rule_messages import MESSAGES
from triage.rules import SUDDEN

ROOT = Path(__file__).resolve().parents[2]
PATIENT_TEXT = [ROOT / "templates", ROOT / "selfcare" / "content", ROOT / "triage"]
VAGUE = re.compile(r"minute or so|within a minute|within seconds|peaks within", re.IGNORECASE)


def patient_text_files():
    for folder in PATIENT_TEXT:
        for path in folder.rglob("*"):
            if path.suffix in (".html", ".json", ".py", ".txt", ".md"):
                yield path


def test_the_sudden_headache_rule_covers_5_minutes():
    assert set(SUDDEN) == {"within_1_min", "within_5_min"}
    assert dict(QUESTIONS_BY_KEY["onset"].choices)["within_5_min"] == "Within 5 minutes"
    assert "within 5 minutes" in MESSAGES["thunderclap_onset"]


def test_no_patient_text_narrows_a_sudden_headache_to_about_a_minute():
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in patient_text_files()
        for match in VAGUE.finditer(path.read_text(encoding="utf-8", errors="ignore"))
    ]
    assert found == []


def test_the_stop_and_call_boxes_on_screen_and_on_paper_give_the_5_minute_rule():
    for box in ("templates/includes/_stop_and_call.html", "templates/print/_stop_box.html"):
        assert "reaches its worst within 5 minutes" in (ROOT / box).read_text()
