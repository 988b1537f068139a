"""Measurements of trained generators."""

from keras_gans.metrics.caption_agreement import caption_agreement, evaluation_captions, measured_levels
from keras_gans.metrics.class_agreement import (
    conditional_accuracy,
    majority_mapping_accuracy,
    one_to_one_mapping_accuracy,
)
from keras_gans.metrics.classifier import image_classifier, load_classifier, predict_classes
from keras_gans.metrics.evaluation import METRICS, GeneratorEvaluation
from keras_gans.metrics.features import FeatureExtractor, classifier_extractor, inception_extractor
from keras_gans.metrics.frechet import FeatureStatistics, frechet_distance, frechet_distance_from_features
from keras_gans.metrics.gan_train_test import gan_test_accuracy, gan_train_accuracy
from keras_gans.metrics.inception_score import inception_score
from keras_gans.metrics.kid import kernel_inception_distance
from keras_gans.metrics.mode_coverage import mean_and_standard_error, mixture_coverage, mode_coverage
from keras_gans.metrics.parzen import choose_parzen_sigma, parzen_log_likelihood
from keras_gans.metrics.precision_recall import precision_recall
from keras_gans.metrics.stacked_modes import predict_channel_labels, stacked_mode_coverage
