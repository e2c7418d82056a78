# The two commands of the README: `make demo` and `make test`.
.PHONY: setup demo test bench bench-web bench-sqlite bench-relief
setup:
	@scripts/setup.sh

# The web app with demo data on SQLite: demo users are printed, then http://127.0.0.1:8000/.
demo: setup
	.venv/bin/jixiao demo
	.venv/bin/jixiao serve

test: setup
	scripts/test.sh

bench: setup
	.venv/bin/python benchmarks/import_throughput.py
	.venv/bin/python benchmarks/province.py

# The web app under load on PostgreSQL (needs the wrk package: apt-get install wrk).
bench-web: setup
	.venv/bin/python benchmarks/web_load.py

# The default installation (SQLite) under a county's load: 20 clients for 30 s, reads and writes.
bench-sqlite: setup
	.venv/bin/python benchmarks/sqlite_load.py

# The programmes at scale on PostgreSQL: register import, round approval, metrics.
bench-relief: setup
	.venv/bin/python benchmarks/relief.py
