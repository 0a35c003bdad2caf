"""Scorers that measure storyline's extractors against the shared benchmarks.

This package sits at the top of the import layers: it may import every stage. Nothing here runs
at import time; each scorer takes the benchmarks root as an argument (default
``../shared/benchmarks`` beside the repository, or ``$STORYLINE_BENCHMARKS``).
"""
