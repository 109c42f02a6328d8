"""Reference for benchmarks/ui_latency.py: the smallest Streamlit app, for cold first paint."""

import streamlit as st

st.title("Hello, world")
