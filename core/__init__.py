"""The computation behind the app: plain Python and NumPy, never Streamlit.

Every number a page shows is computed here, so it can be tested and reused without a browser.
"""
