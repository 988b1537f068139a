from keras_gans.networks.layers.maxout import Maxout
