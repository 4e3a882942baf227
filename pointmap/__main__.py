"""Allow `python -m pointmap`."""

import sys

from pointmap.cli import main

sys.exit(main())
