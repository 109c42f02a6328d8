"""Scripts that measure speed and print figures; run each as `python -m benchmarks.<name>`."""
