"""mujigae benchmarks (`make bench` = `python -m bench`).

Benchmarks print a table: the figure, the same figure for a peer or a baseline
measured in the same run, and the ratio. They never assert; the targets are
printed beside the figures. See docs/benchmarks.md.

* `bench.foundation` — server time and query count of the home page, the
  partner directory and the action item list on generated national-scale data,
  beside the same pages on Ansan-only data and Django's own admin changelist.
* `bench.harness` — what any benchmark here needs: statistics, a temporary
  PostgreSQL database, child processes with their own settings, tables.
"""
