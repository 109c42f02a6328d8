"""The sections of the "Augmentation" page."""
