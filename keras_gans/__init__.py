"""keras-gans: a Keras 3 GAN model zoo for TensorFlow, JAX and PyTorch.

Importing the package registers every model, layer and loss with Keras, so
`keras.saving.load_model` can rebuild saved GANs.
"""

from keras_gans import callbacks, data, distribution, export, latent_codes, losses, metrics, models, networks, optimizers, penalties, recipes, text, utils, zoo
from keras_gans.latent_codes import LatentCodes
from keras_gans.version import __version__
