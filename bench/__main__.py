"""`python -m bench [NAME|all] [options]`: run the benchmarks.

Names: foundation (pages at national scale), surveys (analysis page and
exports), intake (submissions through gunicorn on PostgreSQL), matching (the
stable-matching engine against the `matching` library, and at 100,000
students), suggest (free text → competency units: accuracy and latency), gap
(the national skills-gap recompute on SQLite and PostgreSQL), rounds (a
matching round of 100,000 students from the page's click to published results),
outcomes (the ministry's national roll-up of graduate outcomes),
student_accounts (2,000 student logins with their activation sheet, in bulk
and one by one), login (a login with the TOTP second factor against a plain
login: the milliseconds it adds), home (the home pages' to-do inbox of a
coordinator, a company, a school and a student on a small district and at
national scale, beside a plain page of the same layout), budget (the execution
page of one district and the ministry's comparison on 15 districts × 5 fiscal
years × 200,000 spending rows, beside a plain ORM loop over the rows), benefits (eligibility
of 5,000 companies for 20 benefits recomputed, beside the naive per-company
evaluation), sharing (a 50 MB upload and download through the documents
pages: peak memory beside the file and beside reading it whole; a school's
document list and search at 20,000 and 200,000 documents), annual (the
evaluation of 15 districts with 100,000 students, 1,000,000 hiring rows and
200,000 spending rows, flat in rows, beside a per-district loop; the national
report; the ministry's comparison page).

Without a name (or with `all`) every benchmark runs in turn, each printing its
own table and writing its own JSON under var/bench/. With a name, only that one
runs and the options are its own (`python -m bench surveys --help`).

For `all`, the options are the foundation benchmark's (`python -m bench
--repeat 200` still works); of them, `--quick`, `--only` and `--postgres` are
passed on to the survey benchmark and `--quick` to the others. `--report FILE`
prints the foundation table of an earlier run and runs nothing.
"""

import importlib
import sys

BENCHMARKS = (
    "foundation",
    "surveys",
    "intake",
    "matching",
    "suggest",
    "gap",
    "rounds",
    "outcomes",
    "student_accounts",
    "login",
    "home",
    "budget",
    "benefits",
    "sharing",
    "annual",
)
NAMES = (*BENCHMARKS, "all")


def _pick(argv: list[str], flags: dict[str, bool]) -> list[str]:
    """The options of `argv` named in `flags` (True: takes a value)."""
    out, i = [], 0
    while i < len(argv):
        arg = argv[i]
        name = arg.split("=", 1)[0]
        if name in flags:
            out.append(arg)
            if flags[name] and "=" not in arg and i + 1 < len(argv):
                out.append(argv[i + 1])
                i += 1
        i += 1
    return out


def _run(name: str, argv: list[str]) -> int:
    try:
        module = importlib.import_module(f"bench.{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"bench.{name}":
            print(f"bench: no benchmark named {name!r}", file=sys.stderr)
            return 2
        raise
    return module.main(argv)


def main(argv: list[str]) -> int:
    which = "all"
    if argv and argv[0] in NAMES:
        which, argv = argv[0], argv[1:]
    if which != "all":
        return _run(which, argv)
    if any(a in ("-h", "--help") for a in argv):
        print(__doc__)
        return 0
    code = _run("foundation", argv)
    if any(a.split("=", 1)[0] == "--report" for a in argv):
        return code
    code = max(
        code, _run("surveys", _pick(argv, {"--quick": False, "--only": True, "--postgres": True}))
    )
    quick = _pick(argv, {"--quick": False})
    if "--only" not in [a.split("=", 1)[0] for a in argv] or "postgres" in argv:
        code = max(code, _run("intake", quick))
    for name in (
        "matching",
        "suggest",
        "gap",
        "rounds",
        "outcomes",
        "student_accounts",
        "login",
        "home",
        "budget",
        "sharing",
        "annual",
    ):
        code = max(code, _run(name, quick))
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
