"""GAN models: Keras `Model`s trained with `fit`."""

from keras_gans.models.acgan import ACGAN
from keras_gans.models.conditional_gan import ConditionalGAN
from keras_gans.models.dcgan import DCGAN
from keras_gans.models.gan import GAN
from keras_gans.models.infogan import InfoGAN
from keras_gans.models.joint_embedding import JointEmbedding
from keras_gans.models.text_conditional_gan import TextConditionalGAN
from keras_gans.models.vanilla_gan import VanillaGAN
