"""The sections of the "Pixels are numbers" page."""
