"""`python -m pionniers` runs the same command as `pionniers`."""

import sys

from pionniers.cli import main

sys.exit(main())
