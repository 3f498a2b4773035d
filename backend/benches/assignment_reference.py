"""The reference for `cargo bench -p backend --bench matching`: scipy's linear_sum_assignment on the same
`optimal` instances, in the same run.

Usage: python assignment_reference.py DIRECTORY (the bench calls it when MATCHING_REFERENCE_PYTHON is set).
DIRECTORY holds manifest.txt (one line per instance: file, candidates, positions, the bench's total, its
times in ms) and the score matrices (one byte per entry, candidates x positions, row-major). Prints scipy's
best time of several runs per instance and exits non-zero when a total differs from the bench's.
"""
import sys
import time
from pathlib import Path

import numpy as np
import scipy
from scipy.optimize import linear_sum_assignment


def main(directory: Path) -> int:
    failed = False
    print(f"scipy {scipy.__version__}, numpy {np.__version__}, Python {sys.version.split()[0]}")
    for line in (directory / "manifest.txt").read_text().splitlines():
        name, rows, columns, expected, whole_ms, solver_ms = line.split()
        rows, columns, expected = int(rows), int(columns), int(expected)
        scores = np.fromfile(directory / name, dtype=np.uint8).reshape(rows, columns).astype(np.float64)
        runs = 3 if rows * columns > 1_000_000 else 5
        best = float("inf")
        for _ in range(runs):
            started = time.perf_counter()
            r, c = linear_sum_assignment(scores, maximize=True)
            best = min(best, time.perf_counter() - started)
        total = int(scores[r, c].sum())
        verdict = "same total" if total == expected else f"DIFFERENT TOTAL (bench {expected})"
        failed |= total != expected
        print(
            f"scipy    {name:<12} {rows}x{columns}: {best * 1000:8.1f} ms (best of {runs}); total {total}, "
            f"{verdict}; Rust solver alone {float(solver_ms):.1f} ms, optimal_assignment {float(whole_ms):.1f} ms"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
