"""Reference for benchmarks/ui_latency.py: one slider that redraws a 512 × 512 picture."""

import numpy as np
import streamlit as st

shift = st.slider("Brightness shift", 0, 255, 128, key="reference_slider")
ys, xs = np.mgrid[0:512, 0:512]
st.image(((xs + ys + shift) % 256).astype(np.uint8), caption=f"Shift {shift}")
