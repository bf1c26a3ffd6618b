"""Pionniers: case studies of co-creation, validated and published as a static site."""
