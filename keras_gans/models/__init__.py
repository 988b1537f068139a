"""GAN models: Keras `Model`s trained with `fit`."""

from keras_gans.models.dcgan import DCGAN
from keras_gans.models.gan import GAN
from keras_gans.models.vanilla_gan import VanillaGAN
