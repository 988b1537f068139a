"""`fit_input` may replace NumPy arrays by a pipeline; it must feed `fit` the
same samples, paired with their labels, each once per epoch."""

import numpy as np
import pytest

from keras_gans import backend as gan_backend


def _batches(x, y, batch_size):
    if hasattr(x, "as_numpy_iterator"):
        assert y is None
        return [tuple(np.asarray(t) for t in batch) for batch in x.as_numpy_iterator()]
    arrays = (x,) if y is None else (x, y)
    return [tuple(a[i : i + batch_size] for a in arrays) for i in range(0, len(x), batch_size)]


@pytest.mark.parametrize("with_labels", [False, True])
@pytest.mark.parametrize("shuffle", [False, True])
def test_every_sample_once_per_epoch_with_its_label(with_labels, shuffle):
    x = np.arange(20, dtype="float32").reshape(10, 2)
    y = np.arange(10) * 7 if with_labels else None
    fed_x, fed_y, kwargs = gan_backend.fit_input(x, y, {"batch_size": 4, "shuffle": shuffle})
    batches = _batches(fed_x, fed_y, kwargs.get("batch_size", 4))
    assert [len(batch[0]) for batch in batches] == [4, 4, 2]
    seen = np.concatenate([batch[0] for batch in batches])
    np.testing.assert_array_equal(np.sort(seen[:, 0]), x[:, 0])
    np.testing.assert_array_equal(seen[:, 1], seen[:, 0] + 1)
    if with_labels:
        labels = np.concatenate([batch[1] for batch in batches])
        np.testing.assert_array_equal(labels, seen[:, 0] / 2 * 7)
    if not shuffle:
        np.testing.assert_array_equal(seen, x)


def test_options_it_cannot_express_leave_the_arrays_to_keras():
    x = np.zeros((10, 2), "float32")
    fed_x, fed_y, kwargs = gan_backend.fit_input(x, None, {"validation_split": 0.2, "batch_size": 4})
    assert fed_x is x and fed_y is None
    assert kwargs == {"validation_split": 0.2, "batch_size": 4}
