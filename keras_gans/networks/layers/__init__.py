from keras_gans.networks.layers.maxout import Maxout
from keras_gans.networks.layers.masked_pooling import MaskedGlobalPooling
