"""Hypothesis profiles: `ci` (the default under make test) and `thorough`."""

import os

from hypothesis import HealthCheck, settings

# ci: the same examples on every run (derandomize), so a submission's check is repeatable;
# HYPOTHESIS_PROFILE=thorough (random, 2000 examples) is where new failures are hunted
settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("thorough", max_examples=2000, deadline=None)
settings.register_profile("dev", max_examples=20, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
