"""Top-k generator updates (Sinha et al. 2020).

The generator learns only from the fakes the discriminator finds most
realistic: the others' gradients are zeroed. A fake between two modes is
scored low by the discriminator, and its gradient points across the gap in
a direction that depends on which side it is nearer to; averaged into the
update, those gradients pull the rest of the batch off its modes. The
share kept starts at the whole batch (an untrained discriminator's scores
say little) and shrinks by 1 % every `decay_steps` generator steps down to
`minimum`, the paper's annealing.
"""

from keras import ops

DECAY_RATE = 0.99


def kept_fraction(step, minimum, decay_steps=None):
    """The share of the batch the generator learns from at generator step `step`.

    `DECAY_RATE ** (step / decay_steps)`, never below `minimum`; `minimum`
    from the start when `decay_steps` is None.

    Example:

    >>> float(kept_fraction(0, 0.5, decay_steps=1000))
    1.0
    >>> float(kept_fraction(100_000, 0.5, decay_steps=1000))
    0.5
    """
    if decay_steps is None:
        return ops.convert_to_tensor(minimum, "float32")
    decayed = ops.power(DECAY_RATE, ops.cast(step, "float32") / float(decay_steps))
    return ops.maximum(decayed, minimum)


def top_k_generator_loss(gan_loss, fake_logits, fraction):
    """`gan_loss.generator_loss` whose gradient comes from the top `fraction`
    of `fake_logits` only, averaged over those.

    Every loss here is a mean over samples of a function that decreases as
    the logit grows, so the most realistic fakes are the largest logits.
    The others stay in the value but behind `stop_gradient`; the factor
    `n / k` turns the sum of the k kept gradients into their mean. Ties at
    the threshold keep every tied fake.

    Example:

    >>> import numpy as np
    >>> from keras_gans.losses import NonSaturatingLoss
    >>> logits = np.array([[2.0], [-1.0], [0.5], [-3.0]], "float32")
    >>> loss = top_k_generator_loss(NonSaturatingLoss(), logits, 0.5)
    >>> round(float(loss), 4) == round(2 * float(NonSaturatingLoss().generator_loss(logits)), 4)
    True
    """
    logits = ops.cast(fake_logits, "float32")
    flat = ops.reshape(logits, (-1,))
    count = ops.cast(ops.size(flat), "float32")
    k = ops.maximum(ops.ceil(fraction * count), 1.0)
    threshold = ops.take(ops.sort(flat), ops.cast(count - k, "int32"))
    kept = logits >= ops.stop_gradient(threshold)
    selected = ops.where(kept, logits, ops.stop_gradient(logits))
    return gan_loss.generator_loss(selected) * count / ops.sum(ops.cast(kept, "float32"))
