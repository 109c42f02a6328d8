"""The app's pages: widgets, layout and words. Computation lives in ``core``."""
