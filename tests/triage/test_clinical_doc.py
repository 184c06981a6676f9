"""docs/clinical.md stays in step with the rules it explains."""

import re
from pathlib import Path

from triage.rules import RULES

DOC = (Path(__file__).resolve().parents[2] / "docs" / "clinical.md").read_text()
RULES_SOURCE = (Path(__file__).resolve().parents[2] / "triage" / "rules.py").read_text()


def test_every_rule_is_named_in_the_clinical_reference():
    missing = [rule.code for rule in RULES if f"`{rule.code}`" not in DOC]
    assert missing == []


def test_every_cautious_extension_is_listed_as_a_judgement_call():
    calls = DOC.split("## Judgement calls")[1].split("\n## ")[0]
    extensions = [rule.code for rule in RULES if "cautious extension" in rule.source]
    assert extensions and all(f"`{code}`" in calls for code in extensions)


def test_each_judgement_call_points_at_a_commented_place_in_the_rules():
    calls = DOC.split("## Judgement calls")[1].split("\n## ")[0]
    names = re.findall(r"\| (?:comment above |helper )?`(\w+)` \|", calls)
    assert len(names) >= 15
    for name in names:
        if name.startswith("_"):  # a helper: the comment is in its body
            at = RULES_SOURCE.index(f"def {name}(")
            nearby = RULES_SOURCE[at : at + 300]
        else:  # a rule: the comment sits just above it
            at = RULES_SOURCE.index(f'"{name}"')
            nearby = "\n".join(RULES_SOURCE[:at].splitlines()[-3:])
        assert "# " in nearby, f"{name} has no comment explaining the choice"


def test_the_sections_others_fill_in_are_there():
    assert "\n## Outcomes and counting\n" in DOC and "\n## Routine safety\n" in DOC
