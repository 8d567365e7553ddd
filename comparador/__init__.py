"""Homologa comparator engine: pure functions over plain data."""
