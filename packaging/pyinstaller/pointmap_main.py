"""Entry point of the standalone bundle: the installed `pointmap` command (and, on Windows, the
windowed `pointmap-gui`, which has no console to print to: pointmap.gui handles that)."""

import sys

from pointmap.gui import main

if __name__ == "__main__":
    sys.exit(main())
