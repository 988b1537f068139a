"""Captions for Fashion-MNIST, written from the class and measured attributes.

A text-to-image GAN (Reed et al. 2016) needs images paired with sentences.
Fashion-MNIST has only class labels, so three attributes are measured from the
pixels — tone, size and pattern — and cut into three levels per class (low,
middle, high: tertiles, so "large" means large *for a dress*). A caption names
the class and some of the attributes that are low or high; middle levels are
never mentioned, so every word in a caption is true of its image.

Four (class, attribute, level) combinations, `HELD_OUT`, are kept out of the
training captions so that a model can be tested on descriptions it never saw,
and the `"evaluation"` phrasings are sentence shapes never used in training
but built only from training words.

Everything here is NumPy; `captioned_fashion_mnist` builds the TFDS dataset.
"""


import numpy as np

ATTRIBUTES = ("tone", "size", "pattern")
TONE, SIZE, PATTERN = range(3)
LEVELS = ("low", "middle", "high")
NUM_LEVELS = 3

# Words for the low (0) and high (2) level of each attribute. Fashion-MNIST is
# stored inverted (ink on black), so a high pixel value is a dark garment.
ATTRIBUTE_WORDS = {
    (TONE, 0): ("light", "pale", "light-coloured"),
    (TONE, 2): ("dark", "dark-coloured", "deep-toned"),
    (SIZE, 0): ("small", "narrow", "compact"),
    (SIZE, 2): ("large", "wide", "big"),
    (PATTERN, 0): ("plain", "simple", "solid"),
    (PATTERN, 2): ("patterned", "textured", "detailed"),
}

# Names for each class; the second field says whether the name is plural
# ("trousers are", not "trousers is").
CLASS_WORDS = (
    (("t-shirt", False), ("top", False), ("tee", False)),
    (("pair of trousers", False), ("trousers", True), ("pants", True)),
    (("pullover", False), ("sweater", False), ("jumper", False)),
    (("dress", False), ("frock", False)),
    (("coat", False), ("jacket", False)),
    (("sandal", False),),
    (("shirt", False), ("blouse", False)),
    (("sneaker", False), ("trainer", False), ("running shoe", False)),
    (("bag", False), ("handbag", False)),
    (("ankle boot", False), ("boot", False)),
)

# (class, attribute, level) combinations absent from the training split: one
# per class, on four classes, covering every attribute and both levels.
HELD_OUT = (
    (9, TONE, 0),  # light ankle boot
    (3, SIZE, 2),  # large dress
    (6, TONE, 2),  # dark shirt
    (8, PATTERN, 2),  # patterned bag
)

# Captions for sample grids: four the training captions could hold, then the
# four held-out combinations (drawn zero-shot).
PREVIEW_CAPTIONS = (
    "a dark wide pullover", "a light small sandal", "a small plain sneaker", "a large patterned coat",
    "a light ankle boot", "a dark shirt", "a large dress", "a patterned bag",
)

# A pixel belongs to the item above this fraction of full intensity.
ITEM_THRESHOLD = 0.1
# Floor of the contrast scale tone·(1 − tone) in the pattern measure.
_MIN_CONTRAST = 0.05

# Sentence shapes. `{pre}` is a run of adjectives before the noun, `{post}` a
# list after a verb ("small and dark"); `{a}` is "a"/"an" ("" for plurals),
# `{this}`/`{is}` agree with the noun. The evaluation shapes never occur in
# training ("an image showing", "a picture of", "which is", "that looks",
# "this is a") yet use only training words, so a text encoder meets no
# unknown word, only new word order.
_TRAINING_TEMPLATES = (
    "{a} {pre} {item}",
    "{pre} {item}",
    "photo of {a} {pre} {item}",
    "an image of {a} {pre} {item}",
    "a picture showing {a} {pre} {item}",
    "{a} {pre} {item} that {is} {post}",
    "{pre} {item}, {post}",
    "{this} {item} {is} {post}",
    "{a} {pre} {item} which looks {post}",
)
_EVALUATION_TEMPLATES = (
    "an image showing {a} {pre} {item}",
    "a picture of {a} {pre} {item}",
    "{this} {is} {a} {pre} {item}",
    "{a} {pre} {item} which {is} {post}",
    "{a} {pre} {item} that looks {post}",
)
TEMPLATES = {"training": _TRAINING_TEMPLATES, "evaluation": _EVALUATION_TEMPLATES}

MAX_CAPTION_WORDS = 16


def measure_pixels(images, chunk_size=8192):
    """Measures tone, size and pattern of each image's item.

    Args:
        images: `(n, 28, 28, 1)` or `(n, 28, 28)`; integer dtypes are read as
            uint8 pixels in [0, 255], float dtypes as the GANs' [-1, 1].
        chunk_size: images measured at once, to bound memory.

    Returns:
        float32 `(n, 3)`: tone (mean intensity of the item's pixels, in
        [0, 1]; high is dark), size (fraction of the frame the item covers)
        and pattern (mean absolute Laplacian inside the item, relative to
        the contrast its tone leaves room for, so that pattern is not a
        proxy for tone). An empty image measures 0 everywhere.

    Example:

    >>> image = np.zeros((1, 28, 28), "uint8")
    >>> image[0, 4:24, 4:24] = 255
    >>> [round(float(v), 2) for v in measure_pixels(image)[0]]
    [1.0, 0.51, 0.0]
    """
    images = np.asarray(images)
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim != 3:
        raise ValueError(
            f"measure_pixels expects images of shape (n, height, width) or (n, height, width, 1), "
            f"got {images.shape}; measure one channel at a time."
        )
    chunks = [_measure_chunk(images[i : i + chunk_size]) for i in range(0, len(images), chunk_size)]
    return np.concatenate(chunks) if chunks else np.zeros((0, 3), "float32")


def _measure_chunk(images):
    if np.issubdtype(images.dtype, np.integer):
        x = images.astype("float32") / 255.0
    else:
        x = (images.astype("float32") + 1.0) / 2.0
    mask = x > ITEM_THRESHOLD
    count = mask.sum(axis=(1, 2))
    safe_count = np.maximum(count, 1)
    tone = (x * mask).sum(axis=(1, 2)) / safe_count
    size = count / float(mask[0].size if len(mask) else 1)
    # The Laplacian on interior pixels only: at the silhouette it would
    # measure the outline, which every item has, instead of texture.
    padded = np.pad(x, ((0, 0), (1, 1), (1, 1)), mode="edge")
    neighbours = padded[:, :-2, 1:-1] + padded[:, 2:, 1:-1] + padded[:, 1:-1, :-2] + padded[:, 1:-1, 2:]
    laplacian = np.abs(neighbours - 4.0 * x)
    padded_mask = np.pad(mask, ((0, 0), (1, 1), (1, 1)))
    interior = mask & padded_mask[:, :-2, 1:-1] & padded_mask[:, 2:, 1:-1]
    interior &= padded_mask[:, 1:-1, :-2] & padded_mask[:, 1:-1, 2:]
    interior_count = np.maximum(interior.sum(axis=(1, 2)), 1)
    texture = (laplacian * interior).sum(axis=(1, 2)) / interior_count
    # Room for texture shrinks both for faint items and for items near full
    # intensity (pixels clip at 255); dividing by tone·(1 − tone) makes the
    # measure close to independent of tone (within-class correlation ≈ 0.1 on
    # Fashion-MNIST, against −0.2 raw and −0.65 divided by tone alone).
    pattern = texture / np.maximum(tone * (1.0 - tone), _MIN_CONTRAST)
    return np.stack([tone, size, pattern], axis=1).astype("float32")


def attribute_thresholds(measurements, labels, num_classes=10):
    """Per-class tertile cut points of each measurement.

    Args:
        measurements: `(n, 3)` from `measure_pixels`.
        labels: `(n,)` class indices.
        num_classes: number of classes; each needs at least one image.

    Returns:
        float `(num_classes, 3, 2)`: for each class and attribute, the values
        below which a third and two thirds of that class's images lie.

    Example:

    >>> m = np.arange(6, dtype="float32")[:, None].repeat(3, axis=1)
    >>> attribute_thresholds(m, np.zeros(6, int), num_classes=1)[0, 0].tolist()
    [1.6666666666666665, 3.333333333333333]
    """
    measurements = np.asarray(measurements, dtype="float64")
    labels = np.asarray(labels).astype("int64")
    if measurements.ndim != 2 or measurements.shape[1] != len(ATTRIBUTES) or len(measurements) != len(labels):
        raise ValueError(
            f"Expected measurements of shape (n, {len(ATTRIBUTES)}) and n labels, got "
            f"{measurements.shape} and {labels.shape}."
        )
    thresholds = np.zeros((num_classes, len(ATTRIBUTES), NUM_LEVELS - 1))
    for label in range(num_classes):
        in_class = measurements[labels == label]
        if not len(in_class):
            raise ValueError(
                f"Class {label} has no images, so its attribute levels cannot be cut; "
                f"measure a sample with every one of the {num_classes} classes."
            )
        thresholds[label] = np.quantile(in_class, [1 / 3, 2 / 3], axis=0).T
    return thresholds


def attribute_levels(measurements, labels, thresholds):
    """Cuts measurements into levels 0 (low), 1 (middle), 2 (high) per class.

    Args:
        measurements: `(n, 3)` from `measure_pixels`.
        labels: `(n,)` class indices.
        thresholds: `(num_classes, 3, 2)` from `attribute_thresholds`.

    Returns:
        int32 `(n, 3)` levels.
    """
    measurements = np.asarray(measurements)
    cuts = np.asarray(thresholds)[np.asarray(labels).astype("int64")]
    return ((measurements > cuts[..., 0]).astype("int32") + (measurements > cuts[..., 1])).astype("int32")


def held_out_mask(labels, levels):
    """True where an image has any of the `HELD_OUT` combinations.

    Example:

    >>> held_out_mask(np.array([9, 9]), np.array([[0, 1, 1], [2, 1, 1]])).tolist()
    [True, False]
    """
    labels = np.asarray(labels)
    levels = np.asarray(levels)
    mask = np.zeros(len(labels), bool)
    for label, attribute, level in HELD_OUT:
        mask |= (labels == label) & (levels[:, attribute] == level)
    return mask


def stated_attributes(levels):
    """The `(attribute_index, level)` pairs a caption may mention (levels 0, 2).

    Example:

    >>> stated_attributes([2, 1, 0])
    [(0, 2), (2, 0)]
    """
    return [(attribute, int(level)) for attribute, level in enumerate(levels) if level != 1]


def has_held_out(label, levels):
    """Whether `(label, levels)` contains a `HELD_OUT` combination."""
    return any(label == c and levels[a] == level for c, a, level in HELD_OUT)


def random_spec(rng, held_out=False):
    """Draws a `(label, levels)` for evaluation, with at least one stated attribute.

    Args:
        rng: a `numpy.random.Generator`.
        held_out: False draws a specification with no held-out combination
            (one the training captions describe); True one with exactly one
            held-out combination, its other attributes random.

    Returns:
        `(label, levels)`: an int class index and an int32 `(3,)` array.

    Example:

    >>> label, levels = random_spec(np.random.default_rng(0), held_out=True)
    >>> has_held_out(label, levels)
    True
    """
    if held_out:
        label, attribute, level = HELD_OUT[rng.integers(len(HELD_OUT))]
        levels = rng.integers(0, NUM_LEVELS, len(ATTRIBUTES)).astype("int32")
        levels[attribute] = level
        # One held-out combination per class, so this spec holds exactly one.
        return int(label), levels
    while True:
        label = int(rng.integers(len(CLASS_WORDS)))
        levels = rng.integers(0, NUM_LEVELS, len(ATTRIBUTES)).astype("int32")
        if stated_attributes(levels) and not has_held_out(label, levels):
            return label, levels


def write_caption(label, levels, rng, phrasing="training", mention_all=None):
    """Writes one caption for an image of class `label` with `levels`.

    Args:
        label: class index in [0, 9].
        levels: the image's three attribute levels.
        rng: a `numpy.random.Generator`; the caption is a function of it.
        phrasing: `"training"` (the dataset's sentence shapes) or
            `"evaluation"` (shapes never used in training, same words).
        mention_all: mention every stated attribute. By default only
            evaluation captions do; training captions mention a random subset
            (all of them half of the time), as people leave details out.

    Returns:
        A lower-case caption of at most `MAX_CAPTION_WORDS` words.

    Example:

    >>> write_caption(2, [2, 2, 1], np.random.default_rng(0), mention_all=True)
    'photo of a deep-toned wide pullover'
    """
    if phrasing not in TEMPLATES:
        raise ValueError(f"Unknown phrasing {phrasing!r}; use one of {sorted(TEMPLATES)}.")
    label = int(label)
    if not 0 <= label < len(CLASS_WORDS):
        raise ValueError(f"label must be a class index in [0, {len(CLASS_WORDS) - 1}], got {label}.")
    mention_all = phrasing == "evaluation" if mention_all is None else mention_all
    stated = stated_attributes(levels)
    if mention_all or rng.random() < 0.5:
        mentioned = stated
    else:
        mentioned = [pair for pair in stated if rng.random() < 0.5]
    adjectives = [_pick(rng, ATTRIBUTE_WORDS[pair]) for pair in mentioned]
    adjectives = [adjectives[i] for i in rng.permutation(len(adjectives))]
    item, plural = _pick(rng, CLASS_WORDS[label])

    templates = TEMPLATES[phrasing]
    if not adjectives:
        # Without adjectives only the shapes that read well with none remain.
        templates = [t for t in templates if "{post}" not in t]
    template = _pick(rng, templates)
    if "{post}" in template:
        # At least one adjective after the verb; the rest before the noun.
        split = int(rng.integers(0, len(adjectives)))
        before, after = adjectives[:split], adjectives[split:]
    else:
        before, after = adjectives, []
    pre = _pick(rng, (" ", ", ")).join(before)
    first = (pre or item).split()[0]
    caption = template.format(
        a="" if plural else ("an" if first[0] in "aeiou" else "a"),
        pre=pre,
        item=item,
        post=_listing(after),
        this="these" if plural else "this",
        **{"is": "are" if plural else "is"},
    )
    return " ".join(caption.split())


def write_captions(labels, levels, count, rng, phrasing="training", attempts=10):
    """Writes `count` captions per image, distinct where the image allows.

    Args:
        labels: `(n,)` class indices.
        levels: `(n, 3)` attribute levels.
        count: captions per image.
        rng: a `numpy.random.Generator`; the captions are a function of it.
        phrasing: see `write_caption`.
        attempts: redraws allowed per caption to avoid a repeat.

    Returns:
        A list of n lists of `count` strings.

    Example:

    >>> captions = write_captions([5], [[0, 1, 2]], 3, np.random.default_rng(0))
    >>> len(captions[0]), len(set(captions[0]))
    (3, 3)
    """
    captions = []
    for label, image_levels in zip(np.asarray(labels).tolist(), np.asarray(levels).tolist()):
        written = []
        for _ in range(count):
            for _ in range(attempts):
                caption = write_caption(label, image_levels, rng, phrasing)
                if caption not in written:
                    break
            written.append(caption)
        captions.append(written)
    return captions


def describe(label, levels, rng=None, phrasing="evaluation"):
    """A caption that states every low or high attribute of `(label, levels)`.

    Args:
        label: class index.
        levels: three attribute levels.
        rng: a `numpy.random.Generator`; None uses a fixed seed.
        phrasing: `"evaluation"` (default) or `"training"`.

    Example:

    >>> describe(9, [0, 2, 1])
    'a picture of a light-coloured wide ankle boot'
    """
    rng = np.random.default_rng(0) if rng is None else rng
    return write_caption(label, levels, rng, phrasing, mention_all=True)


def _pick(rng, options):
    return options[int(rng.integers(len(options)))]


def _listing(words):
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]
