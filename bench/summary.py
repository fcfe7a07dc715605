"""Print a Markdown table of one or more `bench/run.py` result files (runs merged by database and size).

    .venv/bin/python bench/summary.py bench/results/pages-A.json bench/results/pages-B.json > table.md

Each cell is `median / p95 ms (queries)`; the last column says whether the page meets its budget at L on every
database measured (staff p95 < 150 ms, listing search < 300 ms, public < 50 ms cached and < 150 ms uncached,
304 < 20 ms).
"""

import json
import sys
from pathlib import Path

COLUMNS = ["sqlite S", "sqlite L", "postgres S", "postgres L"]


def budget_ms(name: str) -> float:
    if name.endswith("304"):
        return 20
    if name.startswith("public ") and name.endswith("(uncached)"):
        return 150
    if name.startswith("public ") and "feed" not in name:
        return 50
    if name.endswith("feed"):
        return 500
    if name.endswith("search"):
        return 300
    return 150


def main(paths: list[str]) -> None:
    runs: dict = {}
    for path in paths:
        runs.update(json.loads(Path(path).read_text())["runs"])
    names: list[str] = []
    for key in COLUMNS:
        for row in runs.get(key, {}).get("pages", []):
            if row["name"] not in names:
                names.append(row["name"])
    present = [key for key in COLUMNS if key in runs]
    calibrations = [
        f"{key} {' / '.join(str(value) for value in runs[key]['calibration_ms'])} ms"
        for key in present
        if runs[key].get("calibration_ms")
    ]
    if calibrations:
        print(f"Machine speed (calibration before / after, lower is faster): {'; '.join(calibrations)}\n")
    print("| page | " + " | ".join(present) + " | budget at L |")
    print("|---|" + "---|" * len(present) + "---|")
    for name in names:
        cells, verdicts = [], []
        for key in present:
            row = next((row for row in runs[key]["pages"] if row["name"] == name), None)
            if row is None:
                cells.append("")
                continue
            cells.append(f"{row['median_ms']:.0f} / {row['p95_ms']:.0f} ({row['queries']})")
            if key.endswith("L"):
                verdicts.append(row["p95_ms"] < budget_ms(name))
        verdict = "" if not verdicts else ("ok" if all(verdicts) else f"miss (< {budget_ms(name):.0f} ms)")
        print(f"| {name} | " + " | ".join(cells) + f" | {verdict} |")
    seeds = [f"{key}: {runs[key]['seed_seconds']} s" for key in present if runs[key].get("seed_seconds")]
    if seeds:
        print("\nSeeding: " + ", ".join(seeds))


if __name__ == "__main__":
    main(sys.argv[1:])
