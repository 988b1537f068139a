"""How a DCGAN reaches a given image size by doubling a small feature map."""

_MIN_START_SIZE = 4


def upsampling_steps(height, width):
    """Returns `(steps, start_height, start_width)` for a DCGAN of this size.

    The generator starts from a `start_height × start_width` map and doubles
    it `steps` times; the discriminator halves the image the same number of
    times. 28 → 7 × 4 (2 steps), 32 → 4 × 8 (3 steps), 64 → 4 × 16 (4 steps).
    """
    steps = 0
    while (
        height % 2 ** (steps + 1) == 0
        and width % 2 ** (steps + 1) == 0
        and min(height, width) // 2 ** (steps + 1) >= _MIN_START_SIZE
    ):
        steps += 1
    if steps == 0:
        raise ValueError(
            f"A DCGAN needs an image size that halves at least once to a map of "
            f"{_MIN_START_SIZE} pixels or more (e.g. 28, 32, 64); got {height}×{width}."
        )
    return steps, height // 2**steps, width // 2**steps
