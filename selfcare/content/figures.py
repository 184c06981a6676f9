"""Drawing primitives and body figures for the routine illustrations (used by draw.py).

Coordinates are in output pixels of the final image. Each canvas draws at SS times that size
and is shrunk with LANCZOS at the end, which gives smooth anti-aliased edges.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from itertools import pairwise

from PIL import Image, ImageDraw

SS = 2
INK = "#1f2a37"
SKIN = "#f4e1cf"
SPOT = "#0f766e"
TOOL = "#ee7d22"
GREY = "#94a3b8"
WHITE = "#ffffff"
OUTLINE = 5

Pt = tuple[float, float]
Shape = tuple
Mapper = Callable[[float, float], Pt]


def rot(v: Pt, ang: float) -> Pt:
    c, s = math.cos(ang), math.sin(ang)
    return (v[0] * c - v[1] * s, v[0] * s + v[1] * c)


def lerp(a: Pt, b: Pt, t: float) -> Pt:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def ellipse_pts(c: Pt, rx: float, ry: float, ang: float = 0.0, n: int = 90) -> list[Pt]:
    return [
        (c[0] + x, c[1] + y)
        for x, y in (
            rot((rx * math.cos(2 * math.pi * i / n), ry * math.sin(2 * math.pi * i / n)), ang)
            for i in range(n)
        )
    ]


def smooth(pts: Sequence[Pt], closed: bool = True, steps: int = 10) -> list[Pt]:
    """Catmull-Rom curve through the control points."""
    n = len(pts)

    def at(i: int) -> Pt:
        return pts[i % n] if closed else pts[max(0, min(i, n - 1))]

    def blend(a: float, b: float, c: float, d: float, t: float) -> float:
        return 0.5 * (
            2 * b
            + (c - a) * t
            + (2 * a - 5 * b + 4 * c - d) * t**2
            + (3 * b - a - 3 * c + d) * t**3
        )

    out = []
    for i in range(n if closed else n - 1):
        p = [at(i - 1), at(i), at(i + 1), at(i + 2)]
        for k in range(steps):
            out.append(tuple(blend(*(q[d] for q in p), k / steps) for d in (0, 1)))
    return out if closed else [*out, pts[-1]]


def ell(c: Pt, rx: float, ry: float, ang: float = 0.0) -> Shape:
    return ("ell", c, rx, ry, ang)


def sweep(pts: Sequence[Pt], radii: Sequence[float]) -> Shape:
    """A limb: discs swept along a path, the radius changing linearly between points."""
    return ("sweep", list(pts), list(radii))


def blob(pts: Sequence[Pt]) -> Shape:
    return ("poly", smooth(pts))


def sweep_samples(s: Shape):
    _, pts, radii = s
    for (a, ra), (b, rb) in pairwise(zip(pts, radii, strict=True)):
        n = max(1, int(math.dist(a, b) / 1.5))
        for i in range(n + 1):
            yield lerp(a, b, i / n), ra + (rb - ra) * i / n


def sweep_gap(p: Pt, s: Shape) -> float:
    """Distance from p to the surface of a sweep (negative inside)."""
    return min(math.dist(p, c) - r for c, r in sweep_samples(s))


class Canvas:
    def __init__(self, w: int, h: int):
        self.w, self.h = w, h
        self.img = Image.new("RGB", (w * SS, h * SS), WHITE)
        self.d = ImageDraw.Draw(self.img)

    def disc(self, c: Pt, r: float, fill: str) -> None:
        x, y, r = c[0] * SS, c[1] * SS, r * SS
        self.d.ellipse((x - r, y - r, x + r, y + r), fill=fill)

    def ring(self, c: Pt, r: float, fill: str, width: float) -> None:
        x, y, r = c[0] * SS, c[1] * SS, r * SS
        self.d.ellipse((x - r, y - r, x + r, y + r), outline=fill, width=round(width * SS))

    def line(self, pts: Sequence[Pt], fill: str = INK, width: float = 4) -> None:
        self.d.line(
            [(x * SS, y * SS) for x, y in pts], fill=fill, width=round(width * SS), joint="curve"
        )
        for p in (pts[0], pts[-1]):
            self.disc(p, width / 2, fill)

    def curve(self, pts: Sequence[Pt], fill: str = INK, width: float = 4) -> None:
        self.line(smooth(pts, closed=False), fill, width)

    def poly(self, pts: Sequence[Pt], fill: str) -> None:
        self.d.polygon([(x * SS, y * SS) for x, y in pts], fill=fill)

    def shape(self, s: Shape, grow: float, fill: str) -> None:
        if s[0] == "ell":
            _, c, rx, ry, ang = s
            self.poly(ellipse_pts(c, rx + grow, ry + grow, ang), fill)
        elif s[0] == "sweep":
            for c, r in sweep_samples(s):
                self.disc(c, r + grow, fill)
        else:
            self.poly(s[1], fill)
            if grow:
                self.d.line(
                    [(x * SS, y * SS) for x, y in [*s[1], s[1][0]]],
                    fill=fill,
                    width=round(2 * grow * SS),
                    joint="curve",
                )

    def silhouette(
        self, shapes: Sequence[Shape], fill: str = SKIN, ink: str = INK, width: float = OUTLINE
    ) -> None:
        """Fill overlapping shapes as one body with a single outline round the whole."""
        for s in shapes:
            self.shape(s, width, ink)
        for s in shapes:
            self.shape(s, 0, fill)

    def arrow(self, pts: Sequence[Pt], width: float = 6, head: float = 24, both=False) -> None:
        fill = INK
        pts = list(pts)
        ends = [(pts[-2], pts[-1])] + ([(pts[1], pts[0])] if both else [])
        for a, b in ends:
            ang = math.atan2(b[1] - a[1], b[0] - a[0])
            left = (b[0] - head * math.cos(ang - 0.45), b[1] - head * math.sin(ang - 0.45))
            right = (b[0] - head * math.cos(ang + 0.45), b[1] - head * math.sin(ang + 0.45))
            self.poly([b, left, right], fill)
        # stop the shaft short of the tips so they stay sharp
        back = head * 0.7
        a, b = pts[-2], pts[-1]
        pts[-1] = lerp(b, a, back / math.dist(a, b))
        if both:
            pts[0] = lerp(pts[0], pts[1], back / math.dist(pts[0], pts[1]))
        self.line(pts, fill, width)

    def arc_arrow(self, c: Pt, r: float, a0: float, a1: float, **kw) -> None:
        pts = [
            (c[0] + r * math.cos(math.radians(a)), c[1] + r * math.sin(math.radians(a)))
            for a in (a0 + (a1 - a0) * i / 24 for i in range(25))
        ]
        self.arrow(pts, **kw)

    def target(self, c: Pt, r: float = 24, dot: bool = True) -> None:
        self.ring(c, r, SPOT, max(4.0, r * 0.22))
        if dot:
            self.disc(c, max(5.0, r * 0.3), SPOT)

    def paste(self, other: Canvas, box: Pt, radius: float = 28) -> None:
        w, h = other.img.size
        mask = Image.new("L", (w, h), 0)
        ImageDraw.Draw(mask).rounded_rectangle((0, 0, w - 1, h - 1), radius * SS, fill=255)
        x0, y0 = round(box[0] * SS), round(box[1] * SS)
        self.img.paste(other.img, (x0, y0), mask)
        self.d.rounded_rectangle((x0, y0, x0 + w, y0 + h), radius * SS, outline=GREY, width=3 * SS)

    def final(self) -> Image.Image:
        """Shrink to size, then map every pixel to the nearest colour of the small palette.

        Done by hand because Pillow's palette quantiser is approximate (it turns pure white
        into a tinted near-white).
        """
        small = self.img.resize((self.w, self.h), Image.Resampling.LANCZOS)
        nearest: dict[tuple[int, int, int], int] = {}
        for _, c in small.getcolors(self.w * self.h):
            nearest[c] = min(range(len(PALETTE)), key=lambda i: _dist2(c, PALETTE[i]))
        out = Image.new("P", (self.w, self.h))
        out.putpalette([v for c in PALETTE for v in c])
        out.putdata([nearest[c] for c in small.get_flattened_data()])
        return out


def _dist2(a: Sequence[int], b: Sequence[int]) -> int:
    return sum((x - y) ** 2 for x, y in zip(a, b, strict=True))


def _palette() -> list[tuple[int, ...]]:
    """The flat colours plus the blends between them that anti-aliased edges need."""
    base = [WHITE, INK, SKIN, SPOT, TOOL, GREY]
    rgb = [tuple(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in base]
    colours = list(rgb)
    for i, a in enumerate(rgb):
        for b in rgb[i + 1 :]:
            colours += [
                tuple(round(a[k] + (b[k] - a[k]) * t / 6) for k in range(3)) for t in range(1, 6)
            ]
    return colours


PALETTE = _palette()


# --- scenery -------------------------------------------------------------------------------


def wall(cv: Canvas, x: float, y0: float, y1: float, side: int = -1) -> None:
    """A wall face at x; side=-1 puts the hatching to the left of the face."""
    cv.line([(x, y0), (x, y1)], GREY, 6)
    for y in range(int(y0) + 14, int(y1) - 20, 34):
        cv.line([(x, y), (x + side * 24, y + 24)], GREY, 3)


def floor(cv: Canvas, y: float, x0: float, x1: float) -> None:
    cv.line([(x0, y), (x1, y)], GREY, 6)
    for x in range(int(x0) + 30, int(x1), 34):
        cv.line([(x, y), (x - 24, y + 24)], GREY, 3)


def chair(cv: Canvas, seat: Pt, depth: float, back: float, floor_y: float) -> None:
    """Side view of a plain chair; seat is the top of the seat at its back edge."""
    x, y = seat
    cv.line([(x - 10, y - back), (x, y), (x + depth, y)], GREY, 10)
    cv.line([(x + 14, y), (x + 14, floor_y)], GREY, 8)
    cv.line([(x + depth - 14, y), (x + depth - 14, floor_y)], GREY, 8)


# --- tools ---------------------------------------------------------------------------------


def ball(cv: Canvas, c: Pt, r: float) -> None:
    cv.silhouette([ell(c, r, r)], fill=TOOL, width=4)
    x, y = c
    seam = [(x - r * 0.5, y - r * 0.72), (x - r * 0.12, y), (x - r * 0.5, y + r * 0.72)]
    cv.curve(seam, WHITE, 3)


def roller(cv: Canvas, c: Pt, r: float) -> None:
    cv.silhouette([ell(c, r, r)], fill=TOOL, width=5)
    cv.ring(c, r * 0.5, INK, 3)


# --- people in side view -------------------------------------------------------------------


def up(a: float, facing: int) -> Pt:
    """Unit vector a degrees from straight up, positive towards the way the person faces."""
    r = math.radians(a)
    return (facing * math.sin(r), -math.cos(r))


def down(a: float, facing: int) -> Pt:
    r = math.radians(a)
    return (facing * math.sin(r), math.cos(r))


def go(p: Pt, d: Pt, length: float) -> Pt:
    return (p[0] + d[0] * length, p[1] + d[1] * length)


def head_frame(c: Pt, crown: float, facing: int) -> Mapper:
    """Map (u towards the face, v towards the crown) to canvas points."""
    k = rot((0, -1), crown)
    f = rot(k, facing * math.pi / 2)
    return lambda u, v: (c[0] + u * f[0] + v * k[0], c[1] + u * f[1] + v * k[1])


ANGLES = dict(trunk=0, curve=0, neck=0, head=0, thigh=0, shin=0, foot=90, arm=0, forearm=0)


def pose(hip: Pt, facing: int = 1, s: float = 0.9, **angles: float) -> dict:
    """Joint positions for a side view (angle names in ANGLES). Trunk, neck and head angles are
    degrees from straight up, legs and arms from straight down; positive leans towards the
    face. `curve` bows the spine backwards by that many pixels (a slump)."""
    a, f = {**ANGLES, **angles}, facing
    td = up(a["trunk"], f)
    back = rot(td, -f * math.pi / 2)
    j = {"s": s, "facing": f, "crown": math.radians(a["head"]) * f, "hip": hip}
    j["neck"] = go(hip, td, 300 * s)
    j["neck_top"] = go(j["neck"], up(a["neck"], f), 50 * s)
    j["head"] = head_frame(j["neck_top"], j["crown"], f)(12 * s, 34 * s)
    j["waist"] = go(go(hip, td, 120 * s), back, a["curve"] * 0.6)
    j["chest"] = go(go(hip, td, 215 * s), back, a["curve"])
    j["knee"] = go(hip, down(a["thigh"], f), 215 * s)
    j["ankle"] = go(j["knee"], down(a["shin"], f), 210 * s)
    j["toe"] = go(j["ankle"], down(a["foot"], f), 64 * s)
    j["shoulder"] = go(go(hip, td, 258 * s), back, a["curve"] * 0.8 + 4 * s)
    j["elbow"] = go(j["shoulder"], down(a["arm"], f), 150 * s)
    j["wrist"] = go(j["elbow"], down(a["forearm"], f), 132 * s)
    return j


def trunk_shape(j: dict) -> Shape:
    s = j["s"]
    return sweep([j["hip"], j["waist"], j["chest"], j["neck"]], [62 * s, 52 * s, 60 * s, 42 * s])


def grounded(j: dict, floor_y: float) -> dict:
    """Shift a standing pose so the sole of the foot rests on the floor."""
    dy = floor_y - max(j["ankle"][1] + 18 * j["s"], j["toe"][1] + 11 * j["s"])
    return {k: (v[0], v[1] + dy) if isinstance(v, tuple) else v for k, v in j.items()}


def person(cv: Canvas, j: dict, arm: bool = True, fill: str = SKIN, ink: str = INK) -> Mapper:
    """Draw a pose from pose(); returns the head's (face, crown) mapper."""
    s = j["s"]
    at = head_frame(j["head"], j["crown"], j["facing"])
    shapes = [
        sweep([j["hip"], j["knee"]], [44 * s, 28 * s]),
        sweep([j["knee"], j["ankle"]], [26 * s, 16 * s]),
        sweep([j["ankle"], j["toe"]], [17 * s, 11 * s]),
        trunk_shape(j),
        sweep([j["neck"], j["neck_top"], at(-8 * s, -20 * s)], [22 * s, 21 * s, 21 * s]),
        ell(at(15 * s, -30 * s), 30 * s, 25 * s, j["crown"]),  # jaw and chin
        ell(j["head"], 46 * s, 54 * s, j["crown"]),
        ell(at(44 * s, -6 * s), 9 * s, 12 * s, j["crown"]),  # nose
    ]
    cv.silhouette(shapes, fill=fill, ink=ink)
    if fill == SKIN:
        cv.silhouette([ell(at(-8 * s, -6 * s), 8 * s, 13 * s, j["crown"])], width=3)
        cv.line([at(20 * s, 8 * s), at(32 * s, 7 * s)], INK, 3)
    if arm:
        person_arm(cv, j, fill, ink)
    return at


def person_arm(cv: Canvas, j: dict, fill: str = SKIN, ink: str = INK) -> None:
    s = j["s"]
    cv.silhouette(
        [
            sweep([j["shoulder"], j["elbow"]], [20 * s, 16 * s]),
            sweep([j["elbow"], j["wrist"]], [16 * s, 13 * s]),
            ell(j["wrist"], 16 * s, 16 * s),
        ],
        fill=fill,
        ink=ink,
    )


# --- back and front views ------------------------------------------------------------------


def bust(
    cv: Canvas, cx: float, top: float, s: float = 1.0, front: bool = False, arms_down: bool = True
) -> Mapper:
    """Head, neck, shoulders and upper torso seen from behind (or the front)."""

    def at(x: float, y: float) -> Pt:
        return (cx + x * s, top + y * s)

    half = [(30, 196), (110, 224), (160, 248), (186, 276), (197, 320), (200, 400), (200, 900)]
    body = [at(x, y) for x, y in half] + [at(-x, y) for x, y in reversed(half)]
    cv.silhouette(
        [
            ("poly", smooth(body[:7], closed=False) + smooth(body[7:], closed=False)),
            sweep([at(0, 140), at(0, 230)], [40 * s, 44 * s]),
            *[ell(at(sx * 66, 96), 12 * s, 24 * s) for sx in (-1, 1)],
            ell(at(0, 86), 68 * s, 86 * s),
        ]
    )
    for sx in (-1, 1) if arms_down else ():  # creases so the arms read apart from the torso
        cv.curve([at(sx * 168, 330), at(sx * 160, 500), at(sx * 160, 900)], INK, 3)
    if front:
        for sx in (-1, 1):
            cv.curve([at(sx * 22, 246), at(sx * 70, 236), at(sx * 140, 254)], INK, 3)
            cv.line([at(sx * 34, 84), at(sx * 16, 86)], INK, 3)
        cv.curve([at(0, 92), at(4, 112), at(-4, 118)], INK, 3)
        cv.curve([at(-14, 140), at(0, 143), at(14, 140)], INK, 3)
    else:
        for y in range(206, 900, 30):
            cv.disc(at(0, y), 5 * s, INK)
        for sx in (-1, 1):
            blade = [at(sx * x, y) for x, y in [(58, 282), (136, 262), (124, 350), (74, 446)]]
            cv.line([*blade, blade[0]], GREY, 3)
    return at


# --- large head-and-shoulders profile ------------------------------------------------------


def _pts(text: str) -> list[Pt]:
    nums = [float(v) for v in text.split()]
    return list(zip(nums[::2], nums[1::2], strict=True))


# Profile outlines in local units: the ear opening is (0, 0), the face looks right.
HEAD = _pts("""
    -20 -246  120 -200  178 -104  186 -44  206 22  214 40  196 56  190 64  196 88  186 102
    194 120  180 146  172 180  146 198  96 200  40 180  -10 130  -70 100  -150 40  -176 -80
    -120 -200""")
BODY = _pts("""
    -95 70  -115 150  -130 250  -176 330  -236 420  -256 560  -262 1100  222 1100  218 600
    200 470  152 388  114 336  102 262  92 196""")
EAR = _pts("-22 -30  16 -44  30 0  14 46  -14 40")


def profile(
    cv: Canvas,
    o: Pt,
    s: float = 1.0,
    chin: float = 0.0,
    fill: str = SKIN,
    ink: str = INK,
    details: bool = True,
    arm: bool = True,
) -> tuple[Mapper, Mapper]:
    """Head, neck and shoulders facing right; o is the ear opening. chin > 0 pokes the head
    forward. Returns mappers from local units: one that moves with the head, one for the body.
    """

    def at(x: float, y: float) -> Pt:
        return (o[0] + x * s, o[1] + y * s)

    def hd(x: float, y: float) -> Pt:
        return at(x + chin, y + chin * 0.15)

    def neck(x: float, y: float) -> Pt:  # the neck follows the head more the higher it is
        t = max(0.0, min(1.0, (330 - y) / 260))
        return at(x + chin * t, y + chin * 0.15 * t)

    cv.silhouette(
        [("poly", smooth([neck(x, y) for x, y in BODY])), blob([hd(x, y) for x, y in HEAD])],
        fill=fill,
        ink=ink,
    )
    if arm:
        cv.silhouette([sweep([at(-46, 410), at(-36, 1000)], [72 * s, 64 * s])], fill=fill, ink=ink)
    if details:
        cv.silhouette(
            [blob([hd(x, y) for x, y in EAR])],
            width=3,
        )
        cv.curve([hd(10, -20), hd(-4, 4), hd(10, 24)], INK, 3)
        cv.curve([hd(122, -14), hd(140, -8), hd(158, -16)], INK, 4)  # closed, calm eye
        cv.curve([hd(140, -58), hd(162, -64), hd(180, -58)], INK, 3)  # brow
        cv.line([hd(168, 104), hd(188, 104)], INK, 3)  # lips resting together
        cv.curve([at(132, 372), at(60, 386), at(10, 384)], INK, 3)  # collarbone
    return hd, at


def hand(
    cv: Canvas,
    tips: Sequence[Pt],
    toward: Pt,
    s: float = 1.0,
    bend: float = 0.0,
    arm: Pt | None = None,
    reach: float = 350,
    shoulder: Pt | None = None,
) -> None:
    """A hand whose fingertips rest on `tips`, the back of the hand lying in direction
    `toward` and the forearm running off in direction `arm` (default: the same way).

    s is the size of the hand (1 suits the large head close-ups); bend > 0 arches the fingers.
    """
    d = unit(toward)
    mid = (sum(t[0] for t in tips) / len(tips), sum(t[1] for t in tips) / len(tips))
    knuckle = go(mid, d, 140 * s)
    wrist = go(knuckle, d, 130 * s)
    side = rot(d, -math.pi / 2)
    for t in tips:  # each finger on its own so the gaps between them show
        base = go((knuckle[0] + t[0] - mid[0], knuckle[1] + t[1] - mid[1]), d, 20 * s)
        bow = go(lerp(base, t, 0.55), side, bend * s)
        cv.silhouette([sweep([base, bow, t], [23 * s, 21 * s, 19 * s])])
    half = max(math.dist(t, mid) for t in tips) + 24 * s
    palm = [
        go(knuckle, side, half),
        go(go(knuckle, side, half * 0.5), d, -6 * s),
        go(go(knuckle, side, -half * 0.5), d, -6 * s),
        go(knuckle, side, -half),
        go(wrist, side, -half * 0.8),
        go(wrist, side, half * 0.8),
    ]
    elbow = go(wrist, unit(arm or toward), reach * s)
    upper = [sweep([shoulder, elbow], [62 * s, 52 * s])] if shoulder else []
    cv.silhouette([*upper, sweep([elbow, wrist], [52 * s, 44 * s]), blob(palm)])


def unit(v: Pt) -> Pt:
    n = math.hypot(*v)
    return (v[0] / n, v[1] / n)
