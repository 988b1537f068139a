import numpy as np
import pytest

from keras_gans.metrics import conditional_accuracy, majority_mapping_accuracy, one_to_one_mapping_accuracy


def test_conditional_accuracy_counts_matches():
    # 3 of 5 samples show the class they were asked for.
    assert conditional_accuracy([0, 1, 2, 3, 4], [0, 1, 2, 0, 0]) == pytest.approx(0.6)
    assert conditional_accuracy(np.arange(10), np.arange(10)) == 1.0
    assert conditional_accuracy([1, 1], [0, 0]) == 0.0


def test_conditional_accuracy_returns_a_python_float():
    assert type(conditional_accuracy(np.array([1, 2], "int32"), np.array([1, 0], "int64"))) is float


def test_conditional_accuracy_accepts_whole_number_floats():
    assert conditional_accuracy(np.array([0.0, 1.0]), [0, 0]) == 0.5


@pytest.mark.parametrize(
    "requested, predicted, message",
    [
        ([0, 1, 2], [0, 1], "one entry per sample"),
        ([], [], "empty"),
        ([[0, 1]], [[0, 1]], "1-D"),
        ([0, 1], [0.5, 1.0], "int indices"),
        ([0, -1], [0, 1], "non-negative"),
    ],
)
def test_conditional_accuracy_rejects_bad_input(requested, predicted, message):
    with pytest.raises(ValueError, match=message):
        conditional_accuracy(requested, predicted)


def test_majority_mapping_by_hand():
    # Code 0 → mostly class 4 (3 of 4); code 1 → class 9 (2 of 2);
    # code 2 → class 4 too (2 of 3), so two codes may share a class.
    codes = [0, 0, 0, 0, 1, 1, 2, 2, 2]
    predicted = [4, 4, 4, 1, 9, 9, 4, 4, 0]
    accuracy, mapping = majority_mapping_accuracy(codes, predicted)
    assert mapping.tolist() == [4, 9, 4]
    assert accuracy == pytest.approx(7 / 9)


def test_majority_mapping_marks_codes_never_drawn():
    accuracy, mapping = majority_mapping_accuracy([0, 0, 2, 2], [3, 3, 1, 5], num_codes=4, num_classes=10)
    # Code 2 ties between classes 1 and 5: the lower index wins.
    assert mapping.tolist() == [3, -1, 1, -1]
    assert accuracy == pytest.approx(3 / 4)


def test_majority_mapping_is_one_for_a_permutation():
    codes = np.repeat(np.arange(10), 7)
    permutation = np.random.default_rng(0).permutation(10)
    accuracy, mapping = majority_mapping_accuracy(codes, permutation[codes])
    assert accuracy == 1.0
    np.testing.assert_array_equal(mapping, permutation)


@pytest.mark.parametrize(
    "codes, predicted, options, message",
    [
        ([0, 1], [0], {}, "one entry per sample"),
        ([], [], {}, "empty"),
        ([0, 3], [0, 1], {"num_codes": 3}, "out of range for num_codes"),
        ([0, 1], [0, 10], {"num_classes": 10}, "out of range for num_classes"),
        ([0, 1], [0, 1], {"num_codes": 0}, "positive"),
        (np.eye(3), [0, 1, 2], {}, "1-D"),
    ],
)
def test_majority_mapping_rejects_bad_input(codes, predicted, options, message):
    with pytest.raises(ValueError, match=message):
        majority_mapping_accuracy(codes, predicted, **options)


def test_one_to_one_mapping_does_not_reward_a_collapsed_generator():
    # Every code draws class 4: the majority reading scores 1, one to one 1/3.
    codes, predicted = np.repeat([0, 1, 2], 10), np.full(30, 4)
    assert majority_mapping_accuracy(codes, predicted)[0] == 1.0
    accuracy, mapping = one_to_one_mapping_accuracy(codes, predicted, num_classes=5)
    assert accuracy == pytest.approx(1 / 3) and sorted(mapping.tolist()) == [-1, -1, 4]


def test_one_to_one_mapping_finds_the_best_assignment():
    # Code 0 is mostly class 1 (6 of 10) but code 1 is all class 1; the best
    # one-to-one reading gives class 1 to code 1 and class 0 to code 0.
    codes = np.repeat([0, 1], 10)
    predicted = np.array([1] * 6 + [0] * 4 + [1] * 10)
    accuracy, mapping = one_to_one_mapping_accuracy(codes, predicted)
    assert mapping.tolist() == [0, 1] and accuracy == pytest.approx(14 / 20)
