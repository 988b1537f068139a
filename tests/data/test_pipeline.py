import numpy as np
import pytest

from keras_gans.data import batched_dataset, cursor_of


def epoch_batches(dataset, epoch, first_step=0):
    cursor_of(dataset).move_to(epoch, first_step)
    return [np.asarray(batch) for batch in dataset.as_numpy_iterator()]


def test_each_epoch_is_a_fresh_permutation_fixed_by_seed_and_epoch():
    x = np.arange(20)
    dataset = batched_dataset(x, 4, seed=3)
    first, second = epoch_batches(dataset, 0), epoch_batches(dataset, 1)
    assert len(first) == 5 and all(batch.shape == (4,) for batch in first)
    assert sorted(np.concatenate(first)) == list(x) and sorted(np.concatenate(second)) == list(x)
    assert not np.array_equal(np.concatenate(first), np.concatenate(second))
    # No memory of earlier iterations: epoch 0 again, or in a new pipeline, is the same.
    np.testing.assert_array_equal(np.concatenate(epoch_batches(dataset, 0)), np.concatenate(first))
    other = batched_dataset(x, 4, seed=3)
    np.testing.assert_array_equal(np.concatenate(epoch_batches(other, 1)), np.concatenate(second))
    different_seed = batched_dataset(x, 4, seed=4)
    assert not np.array_equal(np.concatenate(epoch_batches(different_seed, 0)), np.concatenate(first))


def test_starting_mid_epoch_continues_the_same_order():
    dataset = batched_dataset(np.arange(20), 4, seed=1)
    whole = epoch_batches(dataset, 2)
    resumed = epoch_batches(dataset, 2, first_step=3)
    np.testing.assert_array_equal(resumed[:2], whole[3:])


def test_pairs_stay_together_and_preprocess_applies():
    x, y = np.arange(10, dtype="uint8"), np.arange(10) * 3
    dataset = batched_dataset((x, y), 3, seed=0, preprocess=lambda batch: (batch[0] * 2, batch[1]))
    for images, labels in epoch_batches(dataset, 0):
        np.testing.assert_array_equal(images, labels // 3 * 2)


def test_unshuffled_keeps_order_and_drops_the_partial_batch():
    batches = epoch_batches(batched_dataset(np.arange(10), 3, shuffle=False), 5)
    np.testing.assert_array_equal(batches, [[0, 1, 2], [3, 4, 5], [6, 7, 8]])
    assert int(batched_dataset(np.arange(10), 3, steps_per_epoch=2).cardinality()) == 2


def test_batch_larger_than_the_data_is_refused():
    with pytest.raises(ValueError, match=r"batch size \(11\) is larger than the dataset \(10 samples\)"):
        batched_dataset(np.arange(10), 11)
