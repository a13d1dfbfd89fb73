import sys

from assistant.edges.cli import main

sys.exit(main())
