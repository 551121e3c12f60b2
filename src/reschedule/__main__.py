"""``python -m reschedule``: the command-line interface."""

from reschedule.surfaces.cli import main

raise SystemExit(main())
