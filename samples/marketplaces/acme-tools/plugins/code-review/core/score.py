"""Scores a review finding from 0 to 100 by how likely it is to be a real problem."""
import sys

WEIGHTS = {"bug": 90, "test": 70, "name": 40}

print(WEIGHTS.get(sys.argv[1] if len(sys.argv) > 1 else "", 10))
