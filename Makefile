# Two commands do all set-up on a fresh machine:
#   make report   build every report on the shipped default data into outputs/
#   make test     run the test suite (unit tests, notebooks under nbval, papermill runs)
# Both create .venv (Python 3.11+) when it is missing, install the package
# editable with its extras, and register the venv's Jupyter kernel.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
KERNEL := lifelong-analysis

# papermill, nbval and JupyterLab must find the venv's kernel, not a user-level one.
export JUPYTER_PREFER_ENV_PATH := 1
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: report test lab venv clean-outputs strip benchmark

venv: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; set PYTHON=python3.11 (or newer)")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,lab]"
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (lifelong_analysis)"
	@touch $(STAMP)

report: $(STAMP)
	$(BIN)/lifelong-analysis run reports.yaml

test: $(STAMP)
	$(BIN)/python -m pytest tests notebooks lifelong_analysis --doctest-modules --nbval-lax --nbval-current-env

# JupyterLab on the venv's kernel, with the what-if explorer open (notebooks/explore_what_if.ipynb).
lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir=. --MappingKernelManager.default_kernel_name=$(KERNEL) $(LAB_ARGS) \
	    notebooks/explore_what_if.ipynb

benchmark: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

# Remove outputs from notebooks before committing (also done by the git filter, see README).
strip: $(STAMP)
	$(BIN)/nbstripout notebooks/*.ipynb

clean-outputs:
	find outputs -mindepth 1 ! -name README.md -exec rm -rf {} +
