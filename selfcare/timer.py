"""The guided hold timer's sequence of phases, built on the server and handed to
static/js/timer.js as JSON. Pure: the same list drives the page without JavaScript."""

from dataclasses import asdict, dataclass

READY_SECONDS = 3
MOVE_SECONDS = 5
SWITCH_SECONDS = 8

READY = "ready"
HOLD = "hold"
MOVE = "move"
SWITCH = "switch"
DONE = "done"

SIDE_ORDER = {"both": ("left", "right"), "left": ("left",), "right": ("right",), "midline": ("",)}
SIDE_NAMES = {"left": "left side", "right": "right side", "": ""}
MOVE_TEXT = {
    True: ("Move to the next spot", "Ease off, then find the next tender spot nearby."),
    False: ("Rest", "Relax for a moment, then go again."),
}
# Calm prompts shown during holds, in turn.
PROMPTS = (
    "Breathe out slowly, and let your jaw hang loose.",
    "Let your shoulders drop away from your ears.",
    "Ease off a little if it feels sharp. Tender is fine; painful is not.",
    "Breathe in through your nose, and out through your mouth.",
    "Let the spot soften under the pressure.",
)


@dataclass(frozen=True)
class Phase:
    kind: str
    seconds: int
    side: str  # "left", "right" or "" (midline)
    spot: int  # 1-based within the side; 0 for the final phase
    spots: int
    title: str
    prompt: str

    def as_dict(self) -> dict:
        return asdict(self)


def phases(
    *, hold_seconds: int, spots_per_side: int, sides: str, pressure: bool = True
) -> list[Phase]:
    """Get ready, then each spot's hold; a short pause to move between spots and a longer one
    to change sides; then done. Sides "both" runs the left then the right side. A routine that
    presses on nothing (a stretch or a posture drill) holds a position instead of a spot."""
    if hold_seconds < 1 or spots_per_side < 1 or sides not in SIDE_ORDER:
        raise ValueError("hold_seconds and spots_per_side must be positive, sides a known value")
    out: list[Phase] = []
    spots = spots_per_side

    def add(kind: str, seconds: int, side: str, spot: int, title: str, prompt: str) -> None:
        out.append(Phase(kind, seconds, side, spot, spots, title, prompt))

    for side_index, side in enumerate(SIDE_ORDER[sides]):
        on_side = f" on the {SIDE_NAMES[side]}" if side else ""
        find = f"Find the first tender spot{on_side}." if pressure else "Get into position."
        for spot in range(1, spots + 1):
            if side_index == 0 and spot == 1:
                add(READY, READY_SECONDS, side, spot, "Get ready", find)
            elif spot == 1:
                add(SWITCH, SWITCH_SECONDS, side, spot, f"Change to the {SIDE_NAMES[side]}", find)
            else:
                add(MOVE, MOVE_SECONDS, side, spot, *MOVE_TEXT[pressure])
            parts = [SIDE_NAMES[side]] if side else []
            parts += [f"spot {spot} of {spots}"] if spots > 1 else []
            title = "Hold: " + ", ".join(parts) if parts else "Hold"
            add(HOLD, hold_seconds, side, spot, title, PROMPTS[len(out) // 2 % len(PROMPTS)])
    add(DONE, 0, "", 0, "Well done", "Ease off slowly. Mild tenderness afterwards is normal.")
    return out


def total_seconds(sequence: list[Phase]) -> int:
    return sum(phase.seconds for phase in sequence)
