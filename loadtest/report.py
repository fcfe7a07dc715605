"""Numbers from a run: throughput, latency percentiles, status counts, and the write ledger (posted vs stored)."""

import json
import statistics
from collections import Counter, defaultdict


def percentile(values, fraction):
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
    return round(ordered[index], 1)


def fault_rows(recorder, faults, stored):
    """Per fault: what the clients saw from its injection until the next fault (or the end of the run), by the
    moment each answer arrived, and the writes attempted in that span (from 20 s before: the client timeout, since a
    request in flight at the fault counts too)."""
    rows = []
    starts = [fault["at"] for fault in faults]
    for index, fault in enumerate(faults):
        start = fault["at"]
        until = starts[index + 1] if index + 1 < len(starts) else recorder.now()
        seen = [
            s
            for s in recorder.samples
            if start <= s.at + s.duration_ms / 1000 < until and s.scenario not in {"probe", "readyz"}
        ]
        failed = [s for s in seen if isinstance(s.status, str) or s.status >= 500]
        errors = Counter(str(s.status) for s in failed)
        markers = {m for m, at in recorder.attempted_at.items() if start - 20 <= at < until}
        acknowledged = markers & recorder.acknowledged
        rows.append(
            {
                **fault,
                "recovery_seconds": round(fault["recovered_at"] - start, 1)
                if fault["recovered_at"] is not None
                else None,
                "last_error_after_seconds": round(max(s.at + s.duration_ms / 1000 for s in failed) - start, 1)
                if failed
                else None,
                "requests_meanwhile": len(seen),
                "errors_meanwhile": dict(sorted(errors.items())),
                "status_500_meanwhile": sum(n for status, n in errors.items() if status.isdigit() and status != "503"),
                "writes_meanwhile": len(markers),
                "acknowledged_meanwhile": len(acknowledged),
                "lost_meanwhile": sorted(acknowledged - set(stored)),
                "duplicated_meanwhile": sorted(m for m in markers if stored.get(m, 0) > 1),
            }
        )
    return rows


def summarise(recorder, *, window, stored, faults=()):
    """`stored` maps each marker found in the database to its number of rows."""
    # Sign-ins happen before the measured window (see load.sign_in_all); they get their own row, not the totals.
    by_scenario = defaultdict(list)
    for sample in recorder.samples:
        if sample.scenario not in {"probe", "readyz"}:
            by_scenario[sample.scenario].append(sample)
    samples = [sample for sample in recorder.samples if sample.scenario not in {"probe", "readyz", "login"}]
    statuses = Counter(str(sample.status) for sample in samples)
    server_errors = Counter(str(s.status) for s in samples if isinstance(s.status, int) and s.status >= 500)
    transport_errors = Counter(s.status for s in samples if isinstance(s.status, str))
    scenario_rows = {}
    for name, rows in sorted(by_scenario.items()):
        durations = [row.duration_ms for row in rows if isinstance(row.status, int)]
        scenario_rows[name] = {
            "requests": len(rows),
            "p50_ms": percentile(durations, 0.50),
            "p95_ms": percentile(durations, 0.95),
            "p99_ms": percentile(durations, 0.99),
            "mean_ms": round(statistics.fmean(durations), 1) if durations else None,
            "server_errors": sum(1 for row in rows if isinstance(row.status, int) and row.status >= 500),
            "transport_errors": sum(1 for row in rows if isinstance(row.status, str)),
        }
    durations = [sample.duration_ms for sample in samples if isinstance(sample.status, int)]
    acknowledged = recorder.acknowledged
    stored_markers = set(stored)
    readyz = [(round(s.at, 1), s.status) for s in recorder.samples if s.scenario == "readyz"]
    return {
        "requests": len(samples),
        "window_seconds": round(window, 1),
        "throughput_rps": round(len(samples) / window, 1) if window else None,
        "p50_ms": percentile(durations, 0.50),
        "p95_ms": percentile(durations, 0.95),
        "p99_ms": percentile(durations, 0.99),
        "statuses": dict(sorted(statuses.items())),
        "server_errors": dict(server_errors),
        "server_errors_other_than_503": sum(n for status, n in server_errors.items() if status != "503"),
        "transport_errors": dict(transport_errors),
        "scenarios": scenario_rows,
        "writes": {
            "attempted": len(recorder.attempted),
            "acknowledged": len(acknowledged),
            "rejected_form": len(recorder.rejected),
            "stored": len(stored_markers),
            "lost": sorted(acknowledged - stored_markers),
            "duplicated": sorted(marker for marker, count in stored.items() if count > 1),
            "stored_without_acknowledgement": sorted(stored_markers - acknowledged),
        },
        "readyz_not_ok": [entry for entry in readyz if entry[1] != 200],
        "faults": fault_rows(recorder, faults, stored),
        "sign_in_seconds": round(recorder.sign_in_seconds, 1),
        "notes": recorder.notes,
    }


def markdown(title, summary, *, context):
    lines = [f"# {title}", ""]
    lines += [f"- {key}: {value}" for key, value in context.items()]
    writes = summary["writes"]
    lines += [
        "",
        f"**{summary['requests']} requests in {summary['window_seconds']} s = {summary['throughput_rps']} req/s; "
        f"p50 {summary['p50_ms']} ms, p95 {summary['p95_ms']} ms, p99 {summary['p99_ms']} ms.**",
        "",
        f"- sign-in of all staff sessions before the window (4 at a time): {summary.get('sign_in_seconds')} s "
        "(not counted in the totals above; see the login row)",
        f"- statuses: {summary['statuses']}",
        f"- 5xx: {summary['server_errors'] or 'none'} (other than 503: {summary['server_errors_other_than_503']})",
        f"- transport errors (connection dropped): {summary['transport_errors'] or 'none'}",
        f"- writes: attempted {writes['attempted']}, acknowledged {writes['acknowledged']}, stored {writes['stored']}, "
        f"lost {len(writes['lost'])}, duplicated {len(writes['duplicated'])}, "
        f"stored without acknowledgement {len(writes['stored_without_acknowledgement'])}, "
        f"form re-shown {writes['rejected_form']}",
        "",
        "| scenario | requests | p50 ms | p95 ms | p99 ms | 5xx | dropped |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, row in summary["scenarios"].items():
        lines.append(
            f"| {name} | {row['requests']} | {row['p50_ms']} | {row['p95_ms']} | {row['p99_ms']} | "
            f"{row['server_errors']} | {row['transport_errors']} |"
        )
    if summary.get("faults"):
        lines += [
            "",
            "## Faults",
            "",
            "Each row covers the answers that arrived from the fault until the next one (503 = a clean 'briefly "
            "unavailable'; a dropped connection is a request in flight on a killed process; '500s' counts every "
            "5xx other than 503); 'recovered after' is when the fault's own probe passed (/readyz 200, the worker "
            "back, the killed task running again); writes are those attempted from 20 s (the client timeout) "
            "before the fault until the next one.",
            "",
            "| at s | fault | recovered after s | last error after s | answers | errors | 500s | writes acknowledged "
            "| lost | duplicated | outcome |",
            "|---:|---|---:|---:|---:|---|---:|---:|---:|---:|---|",
        ]
        lines += [
            f"| {f['at']} | {f['fault']} | {f['recovery_seconds'] if f['recovery_seconds'] is not None else 'no'} | "
            f"{f['last_error_after_seconds'] if f['last_error_after_seconds'] is not None else '-'} | "
            f"{f['requests_meanwhile']} | {f['errors_meanwhile'] or 'none'} | {f['status_500_meanwhile']} | "
            f"{f['acknowledged_meanwhile']}/{f['writes_meanwhile']} | {len(f['lost_meanwhile'])} | "
            f"{len(f['duplicated_meanwhile'])} | {f['outcome']} |"
            for f in summary["faults"]
        ]
    if summary.get("checks"):
        lines += ["", "## Checks", ""]
        lines += [f"- {'PASS' if ok else 'FAIL'}: {name}" for name, ok in summary["checks"].items()]
    if summary["notes"]:
        lines += ["", "## Notes", ""] + [f"- {note}" for note in summary["notes"]]
    return "\n".join(lines) + "\n"


def dump(path, summary):
    path.write_text(json.dumps(summary, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
