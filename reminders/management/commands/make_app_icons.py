"""Draws the home-screen icons under static/img/icons/ (committed; run again to change them)."""

from django.conf import settings
from django.core.management.base import BaseCommand
from PIL import Image, ImageDraw

ACCENT = (15, 118, 110)
WHITE = (255, 255, 255)


def draw(size: int, *, safe_zone: float) -> Image.Image:
    """A white ring with a dot (a pressure point) on the accent colour. A maskable icon keeps
    its drawing inside the central 80% that every launcher shape shows."""
    image = Image.new("RGB", (size, size), ACCENT)
    pen = ImageDraw.Draw(image)
    radius = size * safe_zone / 2
    centre = size / 2
    width = max(2, round(size * 0.06))
    pen.ellipse(
        [centre - radius, centre - radius, centre + radius, centre + radius],
        outline=WHITE,
        width=width,
    )
    dot = radius * 0.32
    pen.ellipse([centre - dot, centre - dot, centre + dot, centre + dot], fill=WHITE)
    return image


class Command(BaseCommand):
    help = "Draw the app icons (192, 512 and a maskable 512) with Pillow."

    def handle(self, *args, **options):
        folder = settings.BASE_DIR / "static" / "img" / "icons"
        folder.mkdir(parents=True, exist_ok=True)
        draw(192, safe_zone=0.7).save(folder / "icon-192.png", optimize=True)
        draw(512, safe_zone=0.7).save(folder / "icon-512.png", optimize=True)
        draw(512, safe_zone=0.5).save(folder / "maskable-512.png", optimize=True)
        self.stdout.write(f"Icons written to {folder}")
