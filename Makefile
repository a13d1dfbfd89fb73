# Two commands do all the set-up:  `make run`  and  `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
QUESTION ?= 蓉漂计划对团队最高资助多少？

.PHONY: install run test index eval bench

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# the CPU build of torch lives at exactly this version; a looser spec pulls a multi-GB CUDA build
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e ".[test]"
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

# The main job (until the chat UI lands): build the index if needed and answer an example question.
run: install
	$(PY) -m assistant index
	$(PY) -m assistant ask "$(QUESTION)"

index: install
	$(PY) -m assistant index

test: install
	$(PY) -m pytest -q

# The regression evaluation: every retrieval variant side by side, report under evals/reports/,
# exit 3 when accuracy falls below evals/thresholds.json.
eval: install
	$(PY) -m assistant eval --report --gate

bench: install
	$(PY) scripts/benchmark.py
