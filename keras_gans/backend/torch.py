"""Gradients on PyTorch: `torch.autograd.grad`, eager.

`autograd.grad` returns the gradients instead of accumulating them into
`.grad`, so the discriminator's backward pass can never leak into the
generator's update (or the other way round).
"""

import torch
from keras.ops import convert_to_tensor


def value_and_grad(fn, variables):
    value, aux = fn()
    grads = torch.autograd.grad(value, [v.value for v in variables], allow_unused=True)
    return (value, aux), list(grads)


def input_gradient(fn, inputs):
    many = isinstance(inputs, (list, tuple))
    tensors = [convert_to_tensor(x) for x in (inputs if many else [inputs])]
    tensors = [x if x.requires_grad else x.detach().requires_grad_(True) for x in tensors]
    grads = torch.autograd.grad(fn(tensors if many else tensors[0]).sum(), tensors, create_graph=True)
    return list(grads) if many else grads[0]


def apply_gradients(optimizer, grads, variables):
    with torch.no_grad():
        optimizer.apply(grads, variables)


def run_step(step_fn, state_variables, data):
    return step_fn(data)


def fit_input(x, y, fit_kwargs):
    return x, y, fit_kwargs


def sync_variables(model):
    return None


def replica_rows(draw, batch_size):
    return draw(batch_size)
