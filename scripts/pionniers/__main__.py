"""`python -m pionniers` runs the same command as `pionniers`."""

import sys

from .cli import main

sys.exit(main())
