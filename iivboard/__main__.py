import sys

from iivboard.cli import main

sys.exit(main())
