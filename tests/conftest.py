"""Shared pytest configuration: headless matplotlib, fixed seeds."""

import matplotlib

matplotlib.use("Agg")
