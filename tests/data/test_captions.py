import numpy as np
import pytest

from keras_gans.data import captions as C
from keras_gans.text.tokenizer import split_words


def blob(size=14, brightness=200, checker=0.0):
    """A 28×28 uint8 square item; `checker` modulates it with a checkerboard."""
    image = np.zeros((28, 28), "float32")
    start = (28 - size) // 2
    rows, cols = np.indices((size, size))
    image[start : start + size, start : start + size] = brightness * (1 - checker * ((rows + cols) % 2))
    return image.astype("uint8")


def contains(caption, phrase):
    """Whether `phrase`'s words occur consecutively in `caption`."""
    tokens, target = split_words(caption), split_words(phrase)
    return any(tokens[i : i + len(target)] == target for i in range(len(tokens) - len(target) + 1))


def all_specs():
    grid = np.stack(np.meshgrid(*[range(3)] * 3, indexing="ij"), axis=-1).reshape(-1, 3)
    return [(label, levels) for label in range(10) for levels in grid]


def test_measurements_follow_size_brightness_and_texture():
    images = np.stack([blob(8), blob(20), blob(14, 80), blob(14, 250), blob(16, 200, 0.5), blob(16, 200)])
    tone, size, pattern = C.measure_pixels(images).T
    assert size[1] > size[0] and abs(size[0] - 64 / 784) < 1e-6
    assert tone[3] > tone[2] and abs(tone[3] - 250 / 255) < 1e-6
    assert pattern[4] > 1.0 and pattern[5] == 0.0
    # The same pixels in the GANs' [-1, 1] range, with a channel axis.
    scaled = images[..., None].astype("float32") / 127.5 - 1.0
    np.testing.assert_allclose(C.measure_pixels(scaled), C.measure_pixels(images), atol=1e-5)


def test_empty_and_saturated_images_measure_finite_values():
    images = np.stack([np.zeros((28, 28), "uint8"), np.full((28, 28), 255, "uint8")])
    measurements = C.measure_pixels(images)
    assert np.isfinite(measurements).all()
    np.testing.assert_array_equal(measurements[0], [0, 0, 0])
    np.testing.assert_allclose(measurements[1], [1, 1, 0])
    with pytest.raises(ValueError, match="one channel at a time"):
        C.measure_pixels(np.zeros((2, 28, 28, 3), "uint8"))


def test_brighter_items_get_darker_tone_levels():
    rng = np.random.default_rng(0)
    brightness = rng.permutation(np.linspace(40, 255, 30)).astype("uint8")
    images = np.stack([blob(14, b) for b in brightness])
    labels = np.zeros(30, int)
    measurements = C.measure_pixels(images)
    levels = C.attribute_levels(measurements, labels, C.attribute_thresholds(measurements, labels, 1))
    order = np.argsort(brightness)
    assert levels[order, C.TONE].tolist() == [0] * 10 + [1] * 10 + [2] * 10


def test_thresholds_split_each_class_into_thirds():
    rng = np.random.default_rng(1)
    labels = rng.integers(0, 3, 3000)
    # Classes on very different scales: levels are relative to the class.
    measurements = rng.gamma(2.0, 1.0, (3000, 3)) * (1 + 10 * labels[:, None])
    thresholds = C.attribute_thresholds(measurements, labels, num_classes=3)
    assert thresholds.shape == (3, 3, 2) and (thresholds[..., 0] < thresholds[..., 1]).all()
    levels = C.attribute_levels(measurements, labels, thresholds)
    assert levels.dtype == np.int32 and levels.shape == (3000, 3)
    for label in range(3):
        for attribute in range(3):
            fractions = np.bincount(levels[labels == label, attribute], minlength=3) / (labels == label).sum()
            np.testing.assert_allclose(fractions, 1 / 3, atol=0.01)


def test_thresholds_need_every_class():
    with pytest.raises(ValueError, match="Class 2 has no images"):
        C.attribute_thresholds(np.ones((4, 3)), [0, 1, 0, 1], num_classes=3)


def test_captions_name_the_class_and_only_true_attributes():
    rng = np.random.default_rng(2)
    seen = set()
    for label, levels in all_specs():
        for phrasing in ("training", "evaluation"):
            for _ in range(4):
                caption = C.write_caption(label, levels, rng, phrasing)
                assert caption == caption.lower() and len(caption.split()) <= C.MAX_CAPTION_WORDS
                names = [name for name, _ in C.CLASS_WORDS[label]]
                assert any(contains(caption, name) for name in names), caption
                others = [name for c, words in enumerate(C.CLASS_WORDS) if c != label for name, _ in words]
                assert not any(contains(caption, name) for name in others), caption
                for (attribute, level), words in C.ATTRIBUTE_WORDS.items():
                    mentioned = any(contains(caption, word) for word in words)
                    if levels[attribute] != level:  # middle or opposite level
                        assert not mentioned, (caption, levels)
                    elif mentioned:
                        seen.add((label, attribute, level))
    # Every stated attribute of every class gets mentioned somewhere.
    assert len(seen) == 10 * 3 * 2


def test_describe_states_every_low_or_high_attribute():
    rng = np.random.default_rng(3)
    for label, levels in all_specs():
        caption = C.describe(label, levels, rng)
        for attribute, level in C.stated_attributes(levels):
            assert any(contains(caption, word) for word in C.ATTRIBUTE_WORDS[attribute, level]), caption
    assert C.describe(4, [0, 1, 2]) == C.describe(4, [0, 1, 2])


def test_captions_are_a_function_of_the_generator():
    labels, levels = np.arange(20) % 10, np.random.default_rng(4).integers(0, 3, (20, 3))
    first = C.write_captions(labels, levels, 5, np.random.default_rng(7))
    assert first == C.write_captions(labels, levels, 5, np.random.default_rng(7))
    assert first != C.write_captions(labels, levels, 5, np.random.default_rng(8))
    assert len(first) == 20 and all(len(row) == 5 and len(set(row)) == 5 for row in first)


def test_evaluation_phrasings_are_new_sentences_of_training_words():
    rng = np.random.default_rng(5)
    training_vocabulary = set()
    for _ in range(6000):
        label, levels = C.random_spec(rng, held_out=bool(rng.integers(2)))
        training_vocabulary.update(split_words(C.write_caption(label, levels, rng)))
    for label, levels in [(1, np.array([0, 2, 0])), (9, np.array([2, 0, 1])), (3, np.array([1, 1, 2]))]:
        training = {tuple(split_words(C.write_caption(label, levels, rng))) for _ in range(6000)}
        for _ in range(500):
            evaluation = split_words(C.write_caption(label, levels, rng, phrasing="evaluation"))
            assert tuple(evaluation) not in training, evaluation
            assert set(evaluation) <= training_vocabulary, set(evaluation) - training_vocabulary
    with pytest.raises(ValueError, match="Unknown phrasing"):
        C.write_caption(0, [0, 0, 0], rng, phrasing="poetic")


def test_random_specs_and_held_out_mask():
    rng = np.random.default_rng(6)
    for _ in range(300):
        label, levels = C.random_spec(rng, held_out=False)
        assert C.stated_attributes(levels) and not C.has_held_out(label, levels)
        label, levels = C.random_spec(rng, held_out=True)
        combinations = [(label, a, int(levels[a])) for a in range(3)]
        assert sum(combination in C.HELD_OUT for combination in combinations) == 1
    assert len({label for label, _, _ in C.HELD_OUT}) == len(C.HELD_OUT) == 4
    labels = np.array([9, 9, 3, 3, 0])
    levels = np.array([[0, 1, 1], [2, 1, 1], [1, 2, 1], [1, 0, 1], [0, 2, 2]])
    assert C.held_out_mask(labels, levels).tolist() == [True, False, True, False, False]
    assert C.stated_attributes([1, 1, 1]) == []
