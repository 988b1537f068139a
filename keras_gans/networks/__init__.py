"""Generator and discriminator networks, and the layers they are built from."""

from keras_gans.networks import discriminators, generators, layers
from keras_gans.networks.discriminators import dcgan_discriminator, maxout_discriminator
from keras_gans.networks.generators import dcgan_generator, mlp_generator
from keras_gans.networks.layers import Maxout
