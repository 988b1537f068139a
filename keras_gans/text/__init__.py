"""Text for text-conditioned models: captions in, word ids out."""

from keras_gans.text.tokenizer import CaptionTokenizer
