"""Demo and benchmark data.

* `mujigae.demo.ansan.load_ansan()` — the Ansan district from the source article
  (real names of the 18 signing parties, the three 2024 events, the MOU and its
  eight clauses) plus clearly marked invented data (schools, companies, contacts,
  follow-up meetings, action items) and the seven demo logins.
* `mujigae.demo.national.generate_national()` — Ansan plus invented sample
  districts at national scale, written with bulk inserts, for benchmarks.

Both are idempotent and deterministic. Only the `demo` management command (and
tests) call them; the demo password is set nowhere else.
"""

DEMO_PASSWORD = "mujigae-demo"  # noqa: S105 - the documented password of the demo logins
SAMPLE_MARK = "(예시)"
