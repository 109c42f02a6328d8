"""The sections of the "Convolution" page."""
