"""The sections of the "Pooling & activations" page."""
