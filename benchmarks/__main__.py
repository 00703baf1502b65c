"""python -m benchmarks [--quick] [--out FILE] [--only GROUPS]: see benchmarks/suite.py."""

import sys

from benchmarks.suite import main

sys.exit(main())
