# Two commands on a fresh Debian machine with Python 3.11:
#   make demo   set everything up, train a DCGAN on Fashion-MNIST, write pictures
#   make test   set everything up, run the test suite on all three backends

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
BACKENDS := tensorflow jax torch
DATA := /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup demo test $(addprefix test-,$(BACKENDS)) benchmark clean

setup: $(VENV)/.installed $(DATA)

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV) || ($(SUDO) apt-get install -y python3-venv && $(PYTHON) -m venv $(VENV))
	$(PY) -m pip install --quiet --upgrade pip
	# The CPU build of torch first: an unpinned torch pulls several GB of CUDA.
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e ".[jax,torch,export,test]"
	touch $@

$(DATA):
	$(SUDO) apt-get install -y dataset-fashion-mnist || \
		($(SUDO) apt-get update && $(SUDO) apt-get install -y dataset-fashion-mnist)

demo: setup
	$(VENV)/bin/keras-gans train dcgan --dataset fashion_mnist --epochs 10 --steps-per-epoch 300 --seed 0 --out runs/demo --resume

# Runs every backend, then fails if any of them failed.
test: setup
	@failed=""; for backend in $(BACKENDS); do \
		echo "=== KERAS_BACKEND=$$backend"; \
		KERAS_BACKEND=$$backend $(PY) -m pytest -q || failed="$$failed $$backend"; \
	done; \
	if [ -n "$$failed" ]; then echo "Tests failed on:$$failed"; exit 1; fi

$(addprefix test-,$(BACKENDS)): test-%: setup
	KERAS_BACKEND=$* $(PY) -m pytest -q

benchmark: setup
	$(PY) tools/benchmark_train_step.py

clean:
	rm -rf $(VENV) runs build *.egg-info
