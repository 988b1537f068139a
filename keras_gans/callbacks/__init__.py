"""Callbacks for watching, checkpointing and safeguarding GAN training."""

from keras_gans.callbacks.checkpoint import Checkpoint
from keras_gans.callbacks.generator_metrics import GeneratorMetrics
from keras_gans.callbacks.interpolation_strips import InterpolationStrips
from keras_gans.callbacks.mode_scatter import ModeScatter
from keras_gans.callbacks.sample_grid import SampleGrid
from keras_gans.callbacks.stop_on_nan import StopOnNaN
from keras_gans.callbacks.training_curves import TrainingCurves
