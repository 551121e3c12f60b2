"""``python -m reschedule``: the command-line interface."""

from reschedule.cli import main

raise SystemExit(main())
