import csv, sys

def clean(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = [[cell.strip() for cell in row] for row in csv.reader(f)]
    csv.writer(sys.stdout).writerows(rows)

if __name__ == "__main__":
    clean(sys.argv[1])
