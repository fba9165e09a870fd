"""`python -m bench`: run the benchmarks (today: the foundation benchmark)."""

import sys

from bench.foundation import main

if __name__ == "__main__":
    sys.exit(main())
