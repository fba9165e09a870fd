"""`python -m bench [foundation|surveys|intake|all] [options]`: run the benchmarks.

Without a name (or with `all`) every benchmark runs in turn — foundation, then
surveys, then intake — each printing its own table and writing its own JSON
under var/bench/. With a name, only that one runs and the options are its own
(`python -m bench surveys --help`).

For `all`, the options are the foundation benchmark's (as before this file
knew other benchmarks: `python -m bench --repeat 200` still works); of them,
`--quick`, `--only` and `--postgres` are passed on to the survey benchmark and
`--quick` to the intake benchmark. `--report FILE` prints the foundation table
of an earlier run and runs nothing.
"""

import sys

NAMES = ("foundation", "surveys", "intake", "all")


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


def main(argv: list[str]) -> int:
    which = "all"
    if argv and argv[0] in NAMES:
        which, argv = argv[0], argv[1:]
    if which == "foundation":
        from bench import foundation

        return foundation.main(argv)
    if which == "surveys":
        from bench import surveys

        return surveys.main(argv)
    if which == "intake":
        from bench import intake

        return intake.main(argv)
    if any(a in ("-h", "--help") for a in argv):
        print(__doc__)
        return 0
    from bench import foundation, intake, surveys

    code = foundation.main(argv)
    if any(a.split("=", 1)[0] == "--report" for a in argv):
        return code
    code = max(
        code, surveys.main(_pick(argv, {"--quick": False, "--only": True, "--postgres": True}))
    )
    if "--only" not in [a.split("=", 1)[0] for a in argv] or "postgres" in argv:
        code = max(code, intake.main(_pick(argv, {"--quick": False})))
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
