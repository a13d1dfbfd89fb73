# Two commands do all the set-up:  `make run`  and  `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
QUESTION ?= 蓉漂计划对团队最高资助多少？

.PHONY: install browser run ask test index eval bench load

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# the CPU build of torch lives at exactly this version; a looser spec pulls a multi-GB CUDA build
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e ".[test]"
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

# Browser tests drive Debian's chromium (never a browser download); fonts-noto-cjk draws Chinese.
browser:
	@if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-noto-cjk; \
	fi

# The main job: build the index if needed and start the chat on http://127.0.0.1:7860
run: install
	$(PY) -m assistant serve $(SERVE_ARGS)

ask: install
	$(PY) -m assistant ask "$(QUESTION)"

index: install
	$(PY) -m assistant index

test: install browser
	$(PY) -m pytest -q

# The regression evaluation: every retrieval variant side by side, report under evals/reports/,
# exit 3 when accuracy falls below evals/thresholds.json.
eval: install
	$(PY) -m assistant eval --report --gate

bench: install
	$(PY) scripts/benchmark.py

# 20 concurrent clients x 10 questions against a server started with `make run`
load: install
	$(PY) scripts/load_test.py --url http://127.0.0.1:7860/
