"""Entry point of the standalone bundle: the same as the installed `pointmap` command."""

import sys

from pointmap.cli import main

if __name__ == "__main__":
    sys.exit(main())
