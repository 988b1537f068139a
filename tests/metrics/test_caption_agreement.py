import numpy as np

from keras_gans.data import captions as captions_lib
from keras_gans.metrics import caption_agreement, evaluation_captions


def test_evaluation_captions_state_their_specs_and_hold_out_on_request():
    texts, labels, levels = evaluation_captions(50, held_out=True, seed=3)
    assert len(texts) == 50
    assert all(captions_lib.has_held_out(label, level) for label, level in zip(labels, levels))
    again, _, _ = evaluation_captions(50, held_out=True, seed=3)
    assert texts == again
    _, labels, levels = evaluation_captions(50, held_out=False, seed=3)
    assert not any(captions_lib.has_held_out(label, level) for label, level in zip(labels, levels))


def test_agreement_counts_only_stated_attributes():
    labels = np.array([9, 0])
    levels = np.array([[0, 1, 2], [2, 2, 1]])  # sample 0: a held-out light ankle boot
    measured = np.array([[0, 0, 0], [2, 0, 0]])
    scores = caption_agreement(labels, levels, predicted_labels=np.array([9, 3]), measured_levels=measured)
    assert scores["class_match"] == 0.5
    # Stated: (0,tone)=ok, (0,pattern)=no, (1,tone)=ok, (1,size)=no.
    assert scores["attribute_match"] == 0.5
    assert scores["held_out_match"] == 1.0
