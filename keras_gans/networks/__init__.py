"""Generator and discriminator networks, and the layers they are built from."""

from keras_gans.networks import discriminators, generators, layers
from keras_gans.networks.discriminators import (
    auxiliary_classifier_discriminator,
    conditional_dcgan_discriminator,
    conditional_maxout_discriminator,
    dcgan_discriminator,
    infogan_discriminator,
    maxout_discriminator,
    mlp_discriminator,
    text_conditional_dcgan_discriminator,
)
from keras_gans.networks.generators import (
    conditional_dcgan_generator,
    conditional_mlp_generator,
    dcgan_generator,
    infogan_generator,
    mlp_generator,
    text_conditional_dcgan_generator,
)
from keras_gans.networks.layers import (
    MaskedGlobalPooling,
    Maxout,
    MinibatchDiscrimination,
    MinibatchStdDev,
    SpectralNormalization,
    VirtualBatchNormalization,
    WithReferenceBatch,
)
from keras_gans.networks.text_encoder import image_encoder, text_encoder
