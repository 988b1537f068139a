"""Datasets and the checks that keep them matched to the models."""

from keras_gans.data.checks import check_image_batch, peek_batch
from keras_gans.data.fashion_mnist import fashion_mnist
from keras_gans.data.idx import read_idx
