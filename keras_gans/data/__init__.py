"""Datasets, the pipelines that feed them to `fit`, and the checks that keep
them matched to the models."""

from keras_gans.data.checks import check_image_batch, peek_batch
from keras_gans.data.fashion_mnist import CLASS_NAMES, fashion_mnist, scale_images
from keras_gans.data.idx import read_idx
from keras_gans.data.image_folder import image_folder
from keras_gans.data.loading import MIXTURES, load
from keras_gans.data.mixtures import GaussianMixture, grid, ring
from keras_gans.data.pipeline import EpochCursor, batched_dataset, cursor_of
from keras_gans.data.stacked import stack_channels, unstack_labels
from keras_gans.data.tfds_images import tfds_images
