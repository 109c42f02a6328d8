"""The sections of the "Face or not?" page."""
