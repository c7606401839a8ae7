"""Benchmarks: each compares factsapi with a peer in the same run (ratios, not absolute times)."""
