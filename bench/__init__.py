"""Benchmarks: each module is a plain script that can run alone; `python -m bench` runs all."""
