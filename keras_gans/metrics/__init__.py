"""Measurements of trained generators."""

from keras_gans.metrics.class_agreement import (
    conditional_accuracy,
    majority_mapping_accuracy,
    one_to_one_mapping_accuracy,
)
from keras_gans.metrics.classifier import image_classifier, load_classifier, predict_classes
from keras_gans.metrics.caption_agreement import caption_agreement, evaluation_captions, measured_levels
