"""`python -m sitrep.cli ...` runs the `sitrep` command."""

import sys

from sitrep.cli import main

sys.exit(main())
