"""Mode-seeking regularisation of the generator (Mao et al. 2019).

A generator that sends different noise to the same sample has collapsed,
whether onto one mode of many or onto one point of a mode. For pairs of
fakes whose latents differ in the noise alone, the ratio

    mean |G(z₁) − G(z₂)| / mean |z₁ − z₂|

is how far apart the noise sets them; the generator's loss gets
`weight / (ratio + ε)`, which grows as the ratio shrinks, so the generator
keeps distinct noise on distinct samples. With a categorical latent the
two fakes of a pair share their category (a conditioned model's pairs
share their class, codes or caption): across categories the samples are
far apart anyway, and the ratio would say nothing about the spread within
one.

Pairs are adjacent rows (2j, 2j + 1), so any even-sized slice of a batch,
e.g. one replica's share, holds whole pairs.
"""

from keras import ops

EPSILON = 1e-5


def mode_seeking_loss(noise, samples, weight=1.0):
    """`weight / (ratio + ε)` over the pairs of rows (0, 1), (2, 3), ...

    Args:
        noise: `(n, noise_dim)`, the noise part of the fakes' latents.
        samples: `(n, ...)`, the fakes.
        weight: the loss's weight λ.

    Example:

    >>> import numpy as np
    >>> noise = np.array([[0.0], [1.0], [0.0], [2.0]], "float32")
    >>> round(float(mode_seeking_loss(noise, 3.0 * noise)), 4)  # the ratio is 3
    0.3333
    """
    pairs = ops.shape(samples)[0] // 2
    sample_gap = ops.mean(ops.abs(_first(samples, pairs) - _second(samples, pairs)))
    noise_gap = ops.mean(ops.abs(_first(noise, pairs) - _second(noise, pairs)))
    ratio = sample_gap / (noise_gap + EPSILON)
    return weight / (ratio + EPSILON)


def repeat_pairs(rows, num_rows):
    """Each of `rows` twice in a row, cut to `num_rows`: the shared part of
    `num_rows` paired latents from `(num_rows + 1) // 2` draws."""
    return ops.repeat(rows, 2, axis=0)[:num_rows]


def share_within_pairs(rows):
    """`rows` with row 2j + 1 replaced by row 2j: pairs that share them."""
    return repeat_pairs(rows[0::2], ops.shape(rows)[0])


def _first(rows, pairs):
    return rows[0 : 2 * pairs : 2]


def _second(rows, pairs):
    return rows[1 : 2 * pairs : 2]
