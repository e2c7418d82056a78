# The two commands of the README: `make demo` and `make test`.
CORPUS ?= ../shared/corpus
export JIXIAO_CORPUS := $(abspath $(CORPUS))

.PHONY: setup demo test bench
setup:
	@scripts/setup.sh

demo: setup
	.venv/bin/jixiao import $(JIXIAO_CORPUS)/seed/changli-union-2021.txt

test: setup
	.venv/bin/ruff check src tests benchmarks
	.venv/bin/pytest

bench: setup
	.venv/bin/python benchmarks/import_throughput.py
	.venv/bin/python benchmarks/province.py
