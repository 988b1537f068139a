"""`fit` takes the data formats Keras users have, and rejects data that does
not match the model with an error that says what was expected."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from tests.conftest import tiny_dcgan, tiny_images


def fitted_steps(gan, data, **kwargs):
    gan.compile()
    gan.fit(data, epochs=1, verbose=0, **kwargs)
    return int(gan.g_optimizer.iterations.numpy())


def test_fit_on_tf_data_with_labels():
    images = tiny_images(32)
    dataset = tf.data.Dataset.from_tensor_slices((images, np.arange(32))).batch(8)
    assert fitted_steps(tiny_dcgan(), dataset) == 4


def test_fit_on_py_dataset():
    class Images(keras.utils.PyDataset):
        def __len__(self):
            return 3

        def __getitem__(self, index):
            return tiny_images(8, seed=index)

    assert fitted_steps(tiny_dcgan(), Images()) == 3


def test_fit_on_torch_data_loader():
    import torch

    dataset = torch.utils.data.TensorDataset(torch.from_numpy(tiny_images(24)))
    loader = torch.utils.data.DataLoader(dataset, batch_size=8)
    assert fitted_steps(tiny_dcgan(), loader) == 3


def test_fit_on_a_python_generator():
    def batches():
        for seed in range(2):
            yield (tiny_images(8, seed=seed),)

    # Keras' TF generator adapter replays the peeked first batch when the
    # length is unknown (a plain Sequential does the same), so give the length.
    assert fitted_steps(tiny_dcgan(), batches(), steps_per_epoch=2) == 2


@pytest.mark.parametrize(
    "images, message",
    [
        (tiny_images(8, shape=(8, 8)), r"Add a channel axis"),
        (tiny_images(8, shape=(8, 8, 3)), r"expects 1 channel\(s\); got 3"),
        (tiny_images(8, shape=(16, 16, 1)), r"shape \(16, 16, 1\), but the model expects \(8, 8, 1\)"),
        (tiny_images(8) * 127.5 + 127.5, r"values in \[0.07.*, 254.*\].*x / 127.5 - 1"),
        ((tiny_images(8) * 127.5 + 127.5).astype("uint8"), r"dtype uint8"),
    ],
)
def test_mismatched_data_is_rejected(images, message):
    gan = tiny_dcgan()
    gan.compile()
    with pytest.raises(ValueError, match=message):
        gan.fit(images, batch_size=4, verbose=0)
    assert int(gan.g_optimizer.iterations.numpy()) == 0


def test_mismatched_tf_dataset_is_rejected_before_training():
    gan = tiny_dcgan()
    gan.compile()
    dataset = tf.data.Dataset.from_tensor_slices(tiny_images(8) * 255).batch(4)
    with pytest.raises(ValueError, match="scale the data"):
        gan.fit(dataset, verbose=0)


def test_mismatched_generator_batches_fail_in_the_train_step():
    gan = tiny_dcgan()
    gan.compile()

    def batches():
        yield (tiny_images(4, shape=(8, 8, 2)),)

    with pytest.raises(ValueError, match=r"shape \(8, 8, 2\), but its discriminator expects \(8, 8, 1\)"):
        gan.fit(batches(), verbose=0)


def test_bad_validation_data_is_rejected():
    gan = tiny_dcgan()
    gan.compile()
    with pytest.raises(ValueError, match="validation data"):
        gan.fit(tiny_images(8), validation_data=tiny_images(8, shape=(8, 8)), verbose=0)
