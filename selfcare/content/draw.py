"""Draw the illustration for every routine in routines.json.

Run from the project root:  .venv/bin/python selfcare/content/draw.py
The output is deterministic: the same JSON and code give the same PNG files.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable
from pathlib import Path

from figures import (
    GREY,
    INK,
    SPOT,
    TOOL,
    WHITE,
    Canvas,
    ball,
    bust,
    chair,
    ell,
    floor,
    go,
    grounded,
    hand,
    lerp,
    person,
    person_arm,
    pose,
    profile,
    sweep,
    sweep_gap,
    trunk_shape,
    wall,
)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
W, H = 1200, 900
FLOOR_Y = 850
BALL_R = 22
Card = tuple[Canvas, tuple[float, float]]

# --- "where it presses" panels -------------------------------------------------------------

TALL = (540, 50, 620, 800)  # x, y, width, height: beside a standing or seated person
WIDE = (690, 30, 480, 480)  # top right, above a person lying on the floor


def card_back(box, spots=(), s: float = 1.3, top: float = 40, extra=None) -> Card:
    x, y, w, h = box
    cv = Canvas(w, h)
    at = bust(cv, w / 2, top, s)
    if extra:
        extra(cv, at)
    for sx, sy in spots:
        for side in (-1, 1):
            cv.target(at(side * sx, sy), 16 * min(s, 1.3))
    return cv, (x, y)


def card_front(box, spots=()) -> Card:
    x, y, w, h = box
    cv = Canvas(w, h)
    at = bust(cv, w / 2, 40, 1.3, front=True)
    for sx, sy in spots:
        for side in (-1, 1):
            cv.target(at(side * sx, sy), 21)
    return cv, (x, y)


# --- standing at a wall --------------------------------------------------------------------

STAND = grounded(pose((250, 0), trunk=-7, neck=-4, thigh=13, shin=4, arm=6, forearm=24), FLOOR_Y)


def behind(j: dict, y: float, r: float) -> tuple[float, float]:
    """Centre of a ball of radius r touching the back of the trunk at height y."""
    trunk, x = trunk_shape(j), j["chest"][0]
    while sweep_gap((x, y), trunk) < r:
        x -= 1
    return (x, y)


def lean_on_wall(cv: Canvas, j: dict, ball_y: float | None, arm: bool = True):
    if ball_y is None:
        wall_x = min(behind(j, y, 0)[0] for y in range(int(j["neck"][1]), int(j["hip"][1]), 8))
    else:
        c = behind(j, ball_y, BALL_R)
        wall_x = c[0] - BALL_R
    wall(cv, wall_x, 30, FLOOR_Y)
    floor(cv, FLOOR_Y, wall_x, 520)
    at = person(cv, j, arm=arm)
    if ball_y is not None:
        ball(cv, c, BALL_R)
        cv.ring(c, BALL_R + 16, SPOT, 7)
    return at


def crossed_arms(cv: Canvas, j: dict, lying: bool = False) -> None:
    s, sh = j["s"], j["shoulder"]
    if lying:
        elbow = go(sh, (0.45, -0.9), 110 * s)
        wrist = go(elbow, (-0.85, 0.3), 110 * s)
    else:
        elbow = go(sh, (0.55, 0.83), 120 * s)
        wrist = go(elbow, (-0.35, -0.94), 120 * s)
    cv.silhouette(
        [
            sweep([sh, elbow], [20 * s, 16 * s]),
            sweep([elbow, wrist], [16 * s, 13 * s]),
            ell(wrist, 16 * s, 16 * s),
        ]
    )


def knee_bend_arrow(cv: Canvas, j: dict) -> None:
    x = j["knee"][0] + 80
    cv.arrow([(x, j["knee"][1] - 60), (x, j["knee"][1] + 40)], width=5, both=True)


def upper_trapezius_wall_ball(cv: Canvas) -> Card:
    lean_on_wall(cv, STAND, STAND["neck"][1] + 18)
    knee_bend_arrow(cv, STAND)
    return card_back(TALL, [(66, 236), (96, 246), (126, 258)])


def levator_scapulae_wall_ball(cv: Canvas) -> Card:
    j = grounded(
        pose((250, 0), trunk=-7, neck=8, head=18, thigh=13, shin=4, arm=6, forearm=24), FLOOR_Y
    )
    lean_on_wall(cv, j, j["neck"][1] + 30)
    return card_back(TALL, [(62, 286), (54, 254)])


def rhomboid_wall_ball(cv: Canvas) -> Card:
    lean_on_wall(cv, STAND, STAND["chest"][1] - 10, arm=False)
    crossed_arms(cv, STAND)
    knee_bend_arrow(cv, STAND)
    return card_back(TALL, [(32, 306), (32, 356), (32, 406)])


def pectoralis_minor_wall_ball(cv: Canvas) -> Card:
    j = grounded(pose((360, 0), trunk=7, neck=6, thigh=-10, shin=-4, arm=-2, forearm=0), FLOOR_Y)
    trunk, y = trunk_shape(j), j["neck"][1] + 96
    x = j["chest"][0]
    while sweep_gap((x, y), trunk) < BALL_R:
        x += 1
    wall(cv, x + BALL_R, 30, FLOOR_Y, side=1)
    floor(cv, FLOOR_Y, 60, x + BALL_R)
    person(cv, j)
    ball(cv, (x, y), BALL_R)
    cv.ring((x, y), BALL_R + 16, SPOT, 7)
    return card_front(TALL, [(118, 290), (112, 334)])


def chin_tucks(cv: Canvas) -> Card:
    j = grounded(pose((236, 0), trunk=0, neck=-2, thigh=6, shin=2, arm=2, forearm=6), FLOOR_Y)
    at = lean_on_wall(cv, j, None)
    y = at(30, -20)[1]
    cv.arrow([(at(120, 0)[0], y), (at(70, 0)[0], y)], width=6)
    x, y0, w, h = TALL
    card = Canvas(w, h)
    profile(card, (190, 330), 0.78, chin=64, fill=WHITE, ink=GREY, details=False)
    profile(card, (190, 330), 0.78)
    card.arrow([(190 + 340 * 0.78, 270), (190 + 280 * 0.78, 270)], width=6)
    return card, (x, y0)


# --- lying on the floor --------------------------------------------------------------------

LIE_S = 1.1


def supine(**kw) -> dict:
    args = dict(trunk=-90, neck=-90, head=-90, thigh=142, shin=28, foot=88, arm=92, forearm=92)
    args.update(kw)
    return pose((640, FLOOR_Y - 62 * LIE_S), s=LIE_S, **args)


def underside(j: dict, x: float) -> float:
    """Lowest point of the trunk at x (used to slide a ball or roller under it)."""
    trunk, y = trunk_shape(j), FLOOR_Y
    while sweep_gap((x, y), trunk) > 0:
        y -= 1
    return y


def propped(r: float, along: float, **kw) -> tuple[dict, tuple[float, float]]:
    """Raise the trunk, pivoting on the hips, until it rests on a ball or roller of radius r
    placed `along` the way from the chest to the base of the neck."""
    for lift in range(0, 40):
        j = supine(trunk=-90 + lift / 2, **kw)
        x = lerp(j["chest"], j["neck"], along)[0]
        if underside(j, x) <= FLOOR_Y - 2 * r:
            break
    return j, (x, FLOOR_Y - r)


def suboccipital_release_two_balls(cv: Canvas) -> Card:
    j = supine(neck=-84, head=-82)
    floor(cv, FLOOR_Y, 40, 1100)
    c = (j["neck_top"][0] - 6, FLOOR_Y - BALL_R)
    ball(cv, (c[0] + 14, c[1]), BALL_R)
    person(cv, j)
    ball(cv, c, BALL_R)
    cv.ring(c, BALL_R + 16, SPOT, 7)
    return card_back(WIDE, [(30, 168)], s=1.45, top=-20)


def upper_back_floor_ball(cv: Canvas) -> Card:
    j, c = propped(BALL_R, 0.2, neck=-92, head=-92)
    floor(cv, FLOOR_Y, 40, 1100)
    ball(cv, c, BALL_R)
    person(cv, j, arm=False)
    crossed_arms(cv, j, lying=True)
    cv.ring(c, BALL_R + 16, SPOT, 7)
    return card_back(WIDE, [(38, 306), (38, 356), (38, 406)], s=0.85, top=24)


def peanut(card: Canvas, at, y: float, r: float = 26) -> None:
    """Two balls in a sock seen from behind, straddling the spine: the bony middle sits in the
    gap between them, drawn over the sock so it shows."""
    gap = (r + 16) / (at(1, 0)[0] - at(0, 0)[0])  # r is in pixels, at() in body units
    card.silhouette([sweep([at(-gap, y), at(gap, y)], [r * 0.35, r * 0.35])], fill=TOOL, width=4)
    for sx in (-1, 1):
        ball(card, at(sx * gap, y), r)
    card.disc(at(0, y), 6, INK)


def thoracic_extension_foam_roller(cv: Canvas) -> Card:
    r = BALL_R + 4
    j, c = propped(r, 0.15, curve=-10, neck=-104, head=-100, arm=198, forearm=-50)
    floor(cv, FLOOR_Y, 40, 1100)
    ball(cv, (c[0] + 14, c[1]), r)  # the far ball of the pair, just behind the near one
    person(cv, j, arm=False)
    person_arm(cv, j)
    ball(cv, c, r)
    cv.ring(c, r + 16, SPOT, 7)
    cv.arc_arrow(c, 300, 232, 200, width=5)

    def positions(card: Canvas, at) -> None:
        for y in (340, 396):
            for sx in (-1, 1):
                card.target(at(sx * 50, y), 14)
        peanut(card, at, 452)

    return card_back(WIDE, s=0.85, top=24, extra=positions)


# --- seated --------------------------------------------------------------------------------


def sit(x: float = 200, **kw) -> dict:
    args = dict(trunk=0, neck=0, thigh=88, shin=2, foot=88, arm=8, forearm=60, s=1.0)
    args.update(kw)
    return grounded(pose((x, 0), **args), FLOOR_Y)


def seated(cv: Canvas, j: dict, **kw):
    seat = (j["hip"][0] - 74 * j["s"], j["hip"][1] + 62 * j["s"])
    chair(cv, seat, 250 * j["s"], 300 * j["s"], FLOOR_Y)
    return person(cv, j, **kw)


def towel_suboccipital_stretch(cv: Canvas) -> Card:
    floor(cv, FLOOR_Y, 40, 520)
    j = sit(head=14, arm=60, forearm=160)
    at = seated(cv, j, arm=False)
    cv.curve([at(-52, -30), at(-20, -56), at(30, -62), j["wrist"]], TOOL, 18)
    person_arm(cv, j)
    cv.arc_arrow(at(0, 0), 110, -30, 25, width=5)

    def towel_band(card: Canvas, a) -> None:
        card.silhouette([sweep([a(-62, 186), a(62, 186)], [15, 15])], fill=TOOL, width=4)

    return card_back(TALL, [(30, 162)], s=1.5, top=-20, extra=towel_band)


def seated_posture_reset(cv: Canvas) -> None:
    floor(cv, FLOOR_Y, 40, 1160)
    slump = sit(x=220, trunk=-10, curve=34, neck=52, head=26, arm=20, forearm=50)
    seated(cv, slump, fill=WHITE, ink=GREY)
    j = sit(x=760)
    at = seated(cv, j)
    cv.arrow([(500, 420), (600, 420)], width=7, head=30)
    top = at(0, 80)
    cv.arrow([(top[0], top[1] - 10), (top[0], top[1] - 80)], width=6)
    cv.arc_arrow(j["shoulder"], 70, 300, 190, width=5)


# --- close-ups of the head -----------------------------------------------------------------

HS = 1.25


def head_closeup(cv: Canvas, o=(590, 420)):
    cv.line([(236, o[1] + 140), (228, 900)], GREY, 14)  # the chair back behind the shoulders
    return profile(cv, o, HS, arm=False)


def sternocleidomastoid_finger_pinch(cv: Canvas) -> None:
    # Smaller and higher than the other close-ups, so the whole neck down to the collarbone
    # shows and the pinch can sit clearly below the angle of the jaw.
    s, o = 1.0, (600, 320)
    cv.line([(260, o[1] + 130), (252, 900)], GREY, 14)  # the chair back behind the shoulders
    hd, at = profile(cv, o, s, arm=False)
    top, bottom = hd(-24, 58), at(110, 360)
    length = math.dist(top, bottom)
    d = ((bottom[0] - top[0]) / length, (bottom[1] - top[1]) / length)
    n = (d[1], -d[0])  # across the muscle, towards the face
    for k in (-1, 1):  # the two edges of the muscle
        cv.line([go(go(top, d, 30), n, k * 24 * s), go(bottom, n, k * 24 * s)], INK, 3)
    # Just below halfway down the muscle, clear of the angle of the jaw.
    p = lerp(top, bottom, 0.62)
    cv.target(p, 46, dot=False)
    k = s / HS

    def q(dx: float, dy: float):  # offsets from the pinch, in close-up pixels
        return (p[0] + dx * k, p[1] + dy * k)

    # A loose pinch seen from the side: thumb behind the muscle, index finger in front of it,
    # the back of the hand resting on the side of the neck below.
    cv.silhouette(
        [
            sweep([q(-330, 700), q(-20, 130)], [52 * k, 40 * k]),  # the forearm, off the edge
            ell(q(-14, 110), 52 * k, 46 * k),
            sweep([q(-54, 96), q(-56, 40), q(-30, 14)], [21 * k, 18 * k, 15 * k]),
            sweep([q(26, 80), q(54, 34), q(32, -10)], [18 * k, 16 * k, 14 * k]),
            ell(q(40, 120), 19 * k, 17 * k),
            ell(q(34, 154), 18 * k, 16 * k),
        ]
    )


def masseter_release(cv: Canvas) -> None:
    hd, _ = head_closeup(cv)
    spots = [hd(96, 66), hd(92, 130)]
    cv.target(spots[0], 62, dot=False)
    cv.target(spots[1], 40)
    hand(cv, [hd(78, 54), hd(114, 78)], (-0.62, 0.78), s=0.95)


def temporalis_release(cv: Canvas) -> None:
    hd, _ = head_closeup(cv)
    spots = [hd(100, -74), hd(56, -140), hd(-6, -170)]
    cv.target(spots[0], 62, dot=False)
    for sp in spots[1:]:
        cv.target(sp, 40)
    hand(cv, [hd(84, -92), hd(114, -62)], (-0.45, 0.9), s=0.95)


def scalp_release(cv: Canvas) -> None:
    # Front view: both hands work together, so the routine is done at the midline.
    cv.line([(100, 900), (100, 700), (1100, 700), (1100, 900)], GREY, 14)  # chair back
    at = bust(cv, 600, 100, 2.3, front=True, arms_down=False)

    def scalp(angle: float, depth: float = 0.9):
        a = math.radians(angle)
        return at(68 * depth * math.cos(a), 86 + 86 * depth * math.sin(a))

    cv.target(scalp(-90, 0.8), 34)
    for sx in (-1, 1):
        tips = [scalp(-90 + sx * a) for a in (32, 50, 68)]
        cv.target(scalp(-90 + sx * 50, 0.88), 66, dot=False)
        hand(
            cv,
            tips,
            (sx * 0.8, 0.6),
            s=0.68,
            bend=sx * 12,
            arm=(sx * 0.7, 0.7),
            reach=300,
            shoulder=at(sx * 176, 272),
        )


def jaw_relaxation_drill(cv: Canvas) -> None:
    hd, at = head_closeup(cv)
    cv.arrow([hd(250, 120), hd(250, 200)], width=6)  # the jaw hangs loose
    cv.arrow([at(-190, 220), at(-190, 300)], width=6)  # the shoulders drop
    c = hd(232, 56)  # slow breaths in through the nose
    cv.arc_arrow(c, 34, -50, 165, width=5, head=20)


SCENES: dict[str, Callable[[Canvas], Card | None]] = {
    "upper-trapezius-wall-ball": upper_trapezius_wall_ball,
    "levator-scapulae-wall-ball": levator_scapulae_wall_ball,
    "suboccipital-release-two-balls": suboccipital_release_two_balls,
    "towel-suboccipital-stretch": towel_suboccipital_stretch,
    "sternocleidomastoid-finger-pinch": sternocleidomastoid_finger_pinch,
    "masseter-release": masseter_release,
    "temporalis-release": temporalis_release,
    "scalp-release": scalp_release,
    "pectoralis-minor-wall-ball": pectoralis_minor_wall_ball,
    "rhomboid-wall-ball": rhomboid_wall_ball,
    "upper-back-floor-ball": upper_back_floor_ball,
    "thoracic-extension-foam-roller": thoracic_extension_foam_roller,
    "chin-tucks": chin_tucks,
    "seated-posture-reset": seated_posture_reset,
    "jaw-relaxation-drill": jaw_relaxation_drill,
}


def render(slug: str):
    cv = Canvas(W, H)
    card = SCENES[slug](cv)
    if card is not None:
        cv.paste(*card)
    return cv.final()


def main(only: list[str]) -> int:
    routines = json.loads((HERE / "routines.json").read_text(encoding="utf-8"))
    missing = [r["slug"] for r in routines if r["slug"] not in SCENES]
    if missing:
        print("no drawing for: " + ", ".join(missing), file=sys.stderr)
        return 1
    for r in routines:
        if only and r["slug"] not in only:
            continue
        out = ROOT / r["image"]
        out.parent.mkdir(parents=True, exist_ok=True)
        render(r["slug"]).save(out, optimize=True)
        print(f"{out.relative_to(ROOT)}  {out.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
