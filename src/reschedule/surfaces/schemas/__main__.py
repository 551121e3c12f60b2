"""``python -m reschedule.surfaces.schemas``: rewrite the shipped schema files from the data."""

from reschedule.surfaces.schemas._files import write

for written in write():
    print(written)
