"""The sections of the "Training lab" page."""
