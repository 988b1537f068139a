from keras_gans.networks.generators.dcgan import dcgan_generator
from keras_gans.networks.generators.mlp import mlp_generator
