"""`python -m clearway ...` runs the `clearway` command (the worker supervisor starts its processes this way)."""

import sys

from clearway.cli import main

sys.exit(main())
