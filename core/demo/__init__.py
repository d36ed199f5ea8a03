"""Demo data: a believable, deterministic slice of the French media market."""

from core.demo.seed import DEMO_USERS, seed_demo  # noqa: F401
