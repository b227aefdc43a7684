"""Pictures for the demo guides, drawn with Pillow when the demo is loaded (nothing downloaded,
no image files in the repository). Each is a calm, abstract illustration with alt text that
says what it shows; ``demo_image(key)`` returns the Wagtail image, made once."""

import math
import random
from io import BytesIO

from django.core.files.images import ImageFile

from wagtail.images import get_image_model

from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT = 1600, 900
SCALE = 2  # drawn at twice the size, then reduced: smooth edges

SKIN_LIGHT, SKIN, SKIN_DEEP = (246, 226, 212), (232, 196, 176), (201, 152, 128)
TEAL, TEAL_LIGHT = (14, 90, 87), (205, 231, 228)
WATER, WATER_LIGHT = (56, 128, 178), (214, 234, 246)


def _gradient(top, bottom):
    image = Image.new("RGB", (1, 256))
    for y in range(256):
        t = y / 255
        image.putpixel(
            (0, y), tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        )
    return image.resize((WIDTH * SCALE, HEIGHT * SCALE))


def _skin_layers(draw, top, colours, wave=18, phase=0.0):
    """Wavy bands of skin seen in cross-section, from ``top`` down."""
    w, h = WIDTH * SCALE, HEIGHT * SCALE
    for i, colour in enumerate(colours):
        y0 = top + i * 150 * SCALE
        points = [
            (x, y0 + wave * SCALE * math.sin(x / (140 * SCALE) + phase + i))
            for x in range(0, w + 20, 20)
        ]
        draw.polygon([*points, (w, h), (0, h)], fill=colour)


def microneedling():
    image = _gradient((236, 244, 243), TEAL_LIGHT)
    draw = ImageDraw.Draw(image)
    top = 470 * SCALE
    _skin_layers(draw, top, [SKIN_LIGHT, SKIN, SKIN_DEEP])
    # A roller on its handle, its fine needles meeting the surface.
    roller_y = 250 * SCALE
    draw.line(((800 * SCALE, roller_y), (1010 * SCALE, 40 * SCALE)), fill=TEAL, width=16 * SCALE)
    draw.rounded_rectangle((960 * SCALE, 0, 1220 * SCALE, 70 * SCALE), radius=34 * SCALE, fill=TEAL)
    draw.rounded_rectangle(
        (420 * SCALE, roller_y - 70 * SCALE, 1180 * SCALE, roller_y + 70 * SCALE),
        radius=70 * SCALE,
        fill=(250, 252, 252),
        outline=TEAL,
        width=6 * SCALE,
    )
    for x in range(470, 1140, 36):
        draw.line(
            ((x * SCALE, roller_y + 70 * SCALE), (x * SCALE, top + 24 * SCALE)),
            fill=TEAL,
            width=3 * SCALE,
        )
    # New collagen: small threads forming below the surface.
    rng = random.Random(7)  # noqa: S311 (where to draw, not a secret)
    for _ in range(70):
        x = rng.randint(200, 1400) * SCALE
        y = rng.randint(640, 860) * SCALE
        length = rng.randint(30, 70) * SCALE
        angle = rng.uniform(-0.5, 0.5)
        draw.line(
            ((x, y), (x + length * math.cos(angle), y + length * math.sin(angle))),
            fill=(250, 236, 226),
            width=5 * SCALE,
        )
    return image


def chemical_peel():
    image = _gradient((250, 244, 238), (238, 222, 210))
    draw = ImageDraw.Draw(image)
    # The fresh layer beneath, then the outer layer lifting away at one corner.
    draw.rounded_rectangle(
        (260 * SCALE, 170 * SCALE, 1340 * SCALE, 760 * SCALE), radius=48 * SCALE, fill=SKIN_LIGHT
    )
    draw.polygon(
        [
            (260 * SCALE, 170 * SCALE),
            (1000 * SCALE, 170 * SCALE),
            (1340 * SCALE, 470 * SCALE),
            (1340 * SCALE, 760 * SCALE),
            (260 * SCALE, 760 * SCALE),
        ],
        fill=SKIN_DEEP,
    )
    draw.polygon(
        [(1000 * SCALE, 170 * SCALE), (1340 * SCALE, 470 * SCALE), (1120 * SCALE, 120 * SCALE)],
        fill=(214, 170, 148),
    )
    glow = Image.new("L", image.size, 0)
    ImageDraw.Draw(glow).ellipse((1040 * SCALE, 190 * SCALE, 1320 * SCALE, 440 * SCALE), fill=120)
    image.paste((255, 250, 245), mask=glow.filter(ImageFilter.GaussianBlur(40 * SCALE)))
    return image


def hydration():
    image = _gradient(WATER_LIGHT, (240, 247, 251))
    draw = ImageDraw.Draw(image)
    _skin_layers(draw, 620 * SCALE, [SKIN_LIGHT, SKIN], wave=10, phase=1.2)
    # A glass of water and drops falling onto the skin.
    draw.rounded_rectangle(
        (1120 * SCALE, 250 * SCALE, 1330 * SCALE, 640 * SCALE),
        radius=24 * SCALE,
        fill=(232, 243, 250),
        outline=WATER,
        width=6 * SCALE,
    )
    draw.rectangle((1130 * SCALE, 380 * SCALE, 1320 * SCALE, 630 * SCALE), fill=(170, 208, 232))
    for x, y, size in [
        (420, 250, 60),
        (620, 380, 44),
        (800, 220, 52),
        (300, 470, 36),
        (940, 470, 40),
    ]:
        x, y, size = x * SCALE, y * SCALE, size * SCALE
        draw.polygon(
            [
                (x, y - size * 2.2),
                (x - size * 0.97, y - size * 0.25),
                (x + size * 0.97, y - size * 0.25),
            ],
            fill=WATER,
        )
        draw.ellipse((x - size, y - size, x + size, y + size), fill=WATER)
    return image


DEMO_IMAGES = {
    "microneedling": (
        microneedling,
        "Illustration of a skin roller's fine needles touching the top layer of skin, with "
        "new collagen threads forming in the layers beneath.",
    ),
    "chemical-peel": (
        chemical_peel,
        "Illustration of a thin outer layer of skin lifting away at one corner to show "
        "smoother, brighter skin underneath.",
    ),
    "hydration": (
        hydration,
        "Illustration of water drops falling onto calm, even skin beside a glass of water.",
    ),
}


def demo_image(key):
    """The Wagtail image for ``key`` in ``DEMO_IMAGES`` and its alt text, drawn the first time."""
    draw, alt = DEMO_IMAGES[key]
    title = f"Demo illustration: {key.replace('-', ' ')}"
    Image_ = get_image_model()  # noqa: N806
    existing = Image_.objects.filter(title=title).first()
    if existing:
        return existing, alt
    picture = draw().resize((WIDTH, HEIGHT), Image.LANCZOS)
    buffer = BytesIO()
    picture.save(buffer, "JPEG", quality=88, optimize=True, progressive=True)
    image = Image_(title=title, file=ImageFile(buffer, name=f"demo-{key}.jpg"))
    image.save()
    return image, alt
