"""`make loadtest` (and `make loadtest-faults`): a production-like stack on loopback under 50 staff sessions.

Starts its own PostgreSQL cluster and Redis (see stack.py), migrates, seeds, runs gunicorn with 4 workers, one
task worker and the reaper, then drives the load for a bounded time and writes results to loadtest/results/.
With --faults it also kills a gunicorn worker mid-request and the task worker mid-job, restarts PostgreSQL and
Redis during the load, and checks that everything acknowledged was stored and the killed job still completed.
Traffic goes to 127.0.0.1 only.
"""

import argparse
import asyncio
import json
import os
import re
import secrets
import signal
import sys
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import httpx
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from loadtest.client import Recorder
from loadtest.load import Plan, discover, run_load
from loadtest.report import dump, markdown, summarise
from loadtest.stack import ROOT, Stack

SEED_SCRIPT = """
import os
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
User = get_user_model()
password = make_password(os.environ["LOADTEST_PASSWORD"])
staff = [User(username=f"loadstaff{i:02d}", display_name=f"負荷 {i:02d}", password=password, is_staff=True,
              is_superuser=True, email=f"loadstaff{i:02d}@pref.example.jp")
         for i in range(int(os.environ["LOADTEST_USERS"]))]
User.objects.bulk_create(staff, ignore_conflicts=True)
User.objects.filter(username__startswith="loadstaff").update(password=password)  # a reused database
bulk = int(os.environ["LOADTEST_BULK_ACCOUNTS"])
for start in range(0, bulk, 5000):
    User.objects.bulk_create(
        [User(username=f"archived{i:07d}", display_name=f"退職者 {i}", password="!", is_active=False)
         for i in range(start, min(bulk, start + 5000))],
        ignore_conflicts=True,
    )
print(User.objects.count())
"""

DIGEST_AVAILABLE_SCRIPT = "import importlib.util; print(bool(importlib.util.find_spec('relations.tasks')))"
ENQUEUE_DIGEST_SCRIPT = "from relations.tasks import send_follow_up_digest; print(send_follow_up_digest.enqueue().id)"
MAIL_RECIPIENT = re.compile(r"^To: (.+)$", re.MULTILINE)

# Prepared before the load (a `manage.py shell` costs a Django start-up, a minute on a busy machine): the export
# job exists, queued, but its task is only put on the queue at its moment in the fault schedule.
PREPARE_EXPORT_SCRIPT = """
from django.contrib.auth import get_user_model
from django.utils import timezone
from jobs.models import Job
owner = get_user_model().objects.get(username="loadstaff00")
print(Job.objects.create(kind="export_everything", owner=owner, message="prepared by the load test",
                         heartbeat_at=timezone.now() + timezone.timedelta(hours=1)).pk)
"""

# What `Task.enqueue()` writes on the database queue, done with one INSERT so that the fault schedule keeps time.
ENQUEUE_SQL = """
INSERT INTO django_tasks_database_dbtaskresult (id, status, enqueued_at, args_kwargs, priority, task_path,
    worker_ids, queue_name, backend_name, run_after, return_value, exception_class_path, traceback)
VALUES (%(id)s, 'READY', now(), %(args_kwargs)s, 0, %(path)s, '[]', 'default', 'default',
    '9999-01-01T00:00:00Z', NULL, '', '')
"""
DIGEST_TASK = "relations.tasks.send_follow_up_digest"


def shell(stack, script):
    """Runs Python in `manage.py shell` on the stack; returns its last line of output (the shell may print more)."""
    lines = stack.manage("shell", "--no-imports", "-c", script).stdout.strip().splitlines()
    return lines[-1].strip() if lines else ""


def db(stack):
    return psycopg.connect(stack.env["DATABASE_URL"], autocommit=True, connect_timeout=3)


def query(stack, sql, params=None):
    with db(stack) as connection:
        cursor = connection.execute(sql, params or {})
        return cursor.fetchall() if cursor.description else []


def wait_for(predicate, timeout, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except psycopg.Error:
            pass
        time.sleep(interval)
    return False


class Supervisor(threading.Thread):
    """What systemd's Restart=always does for the task worker, for the whole run including the checks after it."""

    def __init__(self, stack, recorder):
        super().__init__(daemon=True)
        self.stack, self.recorder, self.stopped = stack, recorder, threading.Event()

    def run(self):
        while not self.stopped.wait(0.5):
            if self.stack.supervise():
                self.recorder.notes.append(f"{self.recorder.now():.1f}s: task worker restarted by the supervisor")


def enqueue(stack, path, args=()):
    task_id = str(uuid.uuid4())
    query(
        stack, ENQUEUE_SQL, {"id": task_id, "path": path, "args_kwargs": json.dumps({"args": list(args), "kwargs": {}})}
    )
    return task_id


def ready(stack):
    try:
        return httpx.get(f"{stack.base_url}/readyz", timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


async def fault_schedule(stack, plan, recorder, faults, state):
    """Every fault at a fixed moment of the window, each bounded in time, so all of them happen in every run.

    For each: when it was injected, when the stack had recovered (by the fault's own measure) and what was seen.
    """
    slots = {"web": 0.05, "digest": 0.15, "export": 0.35, "postgres": 0.70, "redis": 0.87}

    async def until(name):
        await asyncio.sleep(max(0, plan.ramp + plan.duration * slots[name] - recorder.now()))

    async def recover(predicate, timeout):
        return await asyncio.to_thread(wait_for, predicate, timeout, 0.1)

    def record(fault, started, recovered, outcome):
        faults.append(
            {
                "fault": fault,
                "at": round(started, 1),
                "recovered_at": round(recorder.now(), 1) if recovered else None,
                "outcome": outcome,
            }
        )
        print(f"  {started:.1f}s {fault}: {outcome}", flush=True)

    async def step(name, coroutine):
        try:
            await until(name)
            await asyncio.wait_for(coroutine(), timeout=60)
        except Exception as error:  # one fault going wrong must not cancel the others
            recorder.notes.append(f"{recorder.now():.1f}s: fault {name} did not complete: {error!r}")

    async def web():
        started = recorder.now()
        pid = stack.kill_web_worker()
        recovered = await recover(lambda: len(stack.gunicorn_worker_pids()) == stack.web_workers and ready(stack), 30)
        record("SIGKILL a gunicorn worker mid-request", started, recovered, f"killed {pid}; the master respawned it")

    async def digest():
        started = recorder.now()
        task_id = await asyncio.to_thread(enqueue, stack, DIGEST_TASK)
        state["digest_task"] = task_id

        def mid_task():
            status = query(
                stack, "SELECT status FROM django_tasks_database_dbtaskresult WHERE id=%(id)s", {"id": task_id}
            )[0][0]
            delivered = query(stack, "SELECT count(*) FROM relations_digestdelivery")[0][0]
            # Killed mid-task: running, with some owners mailed and (hopefully) others not yet.
            return status in ("SUCCESSFUL", "FAILED") or (status == "RUNNING" and delivered > 0)

        await asyncio.to_thread(wait_for, mid_task, 15, 0.005)
        pid = stack.kill_task_worker()
        status = query(stack, "SELECT status FROM django_tasks_database_dbtaskresult WHERE id=%(id)s", {"id": task_id})
        delivered = query(stack, "SELECT count(*) FROM relations_digestdelivery")[0][0]
        state["digest_killed"] = {"status": status[0][0], "delivered_before_kill": delivered}

        def rerun():
            status, workers = query(
                stack,
                "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult WHERE id=%(id)s",
                {"id": task_id},
            )[0]
            return len(workers) >= 2 and status in ("RUNNING", "SUCCESSFUL")

        recovered = await recover(rerun, 25)
        record(
            "SIGKILL the task worker mid-task (follow-up digest)",
            started,
            recovered,
            f"killed {pid} with the digest {status[0][0].lower()} after {delivered} deliveries; "
            + ("the reaper requeued it and the restarted worker runs it again" if recovered else "not rerun yet"),
        )

    async def export():
        started = recorder.now()
        job_id = state["export_job"]
        await asyncio.to_thread(enqueue, stack, "jobs.tasks.run_job", [job_id])

        def working():
            status, progress = query(stack, "SELECT status, progress FROM jobs_job WHERE id=%(id)s", {"id": job_id})[0]
            return status == "running" and progress > 0

        running = await recover(working, 15)
        progress, total = query(stack, "SELECT progress, total FROM jobs_job WHERE id=%(id)s", {"id": job_id})[0]
        pid = stack.kill_task_worker()

        def resumed():
            status, attempts = query(stack, "SELECT status, attempts FROM jobs_job WHERE id=%(id)s", {"id": job_id})[0]
            return attempts >= 2 and status in ("running", "succeeded")

        # The reaper needs its stale-after (5 s) to call the job dead, the supervisor restarts the worker and the new
        # worker imports Django before it picks the job up again: well over 25 s on a loaded machine.
        recovered = await recover(resumed, 45)
        record(
            "SIGKILL the task worker mid-export ('export everything')",
            started,
            recovered,
            f"job {job_id} {'at' if running else 'not yet running,'} {progress}/{total} rows; killed {pid}; "
            + ("the reaper queued it again and a new attempt is running" if recovered else "not resumed yet"),
        )

    async def postgres():
        started = recorder.now()
        t0 = time.monotonic()
        await asyncio.to_thread(stack.postgres.ctl, "restart")
        down = time.monotonic() - t0
        recovered = await recover(lambda: ready(stack), 40)
        record("restart PostgreSQL", started, recovered, f"pg_ctlcluster restart took {down:.1f} s")

    async def redis():
        started = recorder.now()
        await asyncio.to_thread(stack.redis.stop)
        await asyncio.sleep(5)
        await asyncio.to_thread(stack.redis.start)
        recovered = await recover(lambda: ready(stack), 30)
        record("stop Redis for 5 s, then start it", started, recovered, "Redis stopped 5 s")

    await step("web", web)
    if state.get("digest_available"):
        await step("digest", digest)
    await step("export", export)
    await step("postgres", postgres)
    await step("redis", redis)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50, help="concurrent staff sessions")
    parser.add_argument("--public", type=int, default=10, help="concurrent anonymous visitors (site and feeds)")
    parser.add_argument("--duration", type=float, default=120, help="seconds of full load after the ramp")
    parser.add_argument("--ramp", type=float, default=10, help="seconds over which sessions start")
    parser.add_argument("--faults", action="store_true", help="inject the fault scenario during the load")
    parser.add_argument("--scale", type=int, default=1, help="seed_demo --scale")
    parser.add_argument("--bulk-accounts", type=int, default=150_000, help="extra rows for 'export everything'")
    parser.add_argument(
        "--fresh", action="store_true", help="drop and re-create the load database (default: reuse, faster)"
    )
    parser.add_argument("--port", type=int, default=0, help="gunicorn port (default: any free one)")
    parser.add_argument("--out", type=Path, default=ROOT / "loadtest" / "results")
    args = parser.parse_args(argv)
    # `kill` (SIGTERM) must still stop the servers and clusters this run started: run the `finally` below.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))

    name = "faults" if args.faults else "load"
    stamp = datetime.now(tz=UTC).strftime("%Y%m%dT%H%M%SZ")
    workdir = args.out / "runs" / f"{stamp}-{name}"
    stack = Stack(results=workdir, **({"port": args.port} if args.port else {}))
    password = secrets.token_urlsafe(16)
    os.environ.update(
        LOADTEST_PASSWORD=password, LOADTEST_USERS=str(args.users), LOADTEST_BULK_ACCOUNTS=str(args.bulk_accounts)
    )
    try:
        print(f"preparing the stack in {workdir} ...", flush=True)
        stack.prepare(fresh=args.fresh)
        if not stack.created and query(stack, "SELECT to_regclass('relations_digestdelivery') IS NOT NULL")[0][0]:
            # A reused database starts a new day for the digest: an earlier run must not make today's look sent.
            query(stack, "DELETE FROM relations_digestdelivery")
        seeded = time.monotonic()
        stack.manage("seed_demo", "--scale", str(args.scale))
        accounts = shell(stack, SEED_SCRIPT)
        seed_seconds = time.monotonic() - seeded
        stack.start()
        context = {
            "today": datetime.now(tz=UTC).astimezone().date().isoformat(),
            "country_ids": [row[0] for row in query(stack, "SELECT id FROM partners_country ORDER BY id LIMIT 50")]
            if query(stack, "SELECT to_regclass('partners_country') IS NOT NULL")[0][0]
            else [],
            "user_ids": dict(query(stack, "SELECT username, id FROM core_user WHERE username LIKE 'loadstaff%%'")),
        }
        plan = Plan(
            base_url=stack.base_url,
            staff=[(f"loadstaff{i:02d}", password) for i in range(args.users)],
            public_visitors=args.public,
            duration=args.duration,
            ramp=args.ramp,
            context=context,
        )
        targets = asyncio.run(discover(plan))
        print(
            f"targets: browse {targets.browse}\n search {[u for u, _ in targets.search]}\n"
            f" writes {[w.name for w in targets.writes]}\n public {targets.public}\n skipped {targets.skipped}",
            flush=True,
        )
        recorder = Recorder()
        digest_available = shell(stack, DIGEST_AVAILABLE_SCRIPT) == "True"
        faults, state = [], {"digest_available": digest_available}
        if args.faults:
            state["export_job"] = int(shell(stack, PREPARE_EXPORT_SCRIPT))
        end = plan.ramp + plan.duration
        extra = []
        supervisor = Supervisor(stack, recorder)
        supervisor.start()
        if args.faults:

            async def bounded_faults():
                try:
                    await asyncio.wait_for(
                        fault_schedule(stack, plan, recorder, faults, state), timeout=plan.ramp + plan.duration + 120
                    )
                except TimeoutError:
                    recorder.notes.append(f"fault schedule cut short at {recorder.now():.1f}s (took too long)")

            extra.append(bounded_faults())

        async def drive():
            recorder.started = time.monotonic()
            await run_load(plan, targets, recorder, extra=extra)

        print(
            f"load: {args.users} staff sessions + {args.public} visitors for {args.ramp}+{args.duration}s ...",
            flush=True,
        )
        load_before = os.getloadavg()[0]
        asyncio.run(drive())
        load_after = os.getloadavg()[0]

        stored = {}
        for write in targets.writes:
            for marker, count in query(stack, write.count_sql, {"prefix": plan.marker_prefix}):
                stored[marker] = stored.get(marker, 0) + count
        summary = summarise(recorder, window=plan.duration + plan.ramp, stored=stored, faults=faults)
        checks = {
            "no 5xx other than 503 (dependency down)": summary["server_errors_other_than_503"] == 0,
            "no acknowledged write lost": not summary["writes"]["lost"],
            "no write duplicated": not summary["writes"]["duplicated"],
        }
        if args.faults:
            expected = 5 if digest_available else 4
            checks[f"all {expected} faults happened within the window"] = len(faults) == expected and all(
                f["at"] <= plan.ramp + plan.duration for f in faults
            )
            checks["the stack recovered from each fault by itself"] = all(
                f["recovery_seconds"] is not None for f in summary["faults"]
            )
            checks["no 500 while a dependency was down (clean 503s)"] = not any(
                f["status_500_meanwhile"] for f in summary["faults"]
            )
        else:
            checks["no 5xx at all"] = not summary["server_errors"]
            checks["no dropped connection"] = not summary["transport_errors"]
        if "export_job" in state:
            finished = wait_for(
                lambda: (
                    query(stack, "SELECT status FROM jobs_job WHERE id=%(id)s", {"id": state["export_job"]})[0][0]
                    in ("succeeded", "failed")
                ),
                180,
            )
            status, attempts, result = query(
                stack, "SELECT status, attempts, result FROM jobs_job WHERE id=%(id)s", {"id": state["export_job"]}
            )[0]
            summary["export_job"] = {"status": status, "attempts": attempts, "result": result, "finished": finished}
            checks["export job killed mid-run completed on a later attempt"] = status == "succeeded" and attempts >= 2
            stuck = query(
                stack,
                "SELECT count(*) FROM django_tasks_database_dbtaskresult "
                "WHERE task_path = 'jobs.tasks.run_job' AND status = 'RUNNING'",
            )
            checks["the killed worker's export task is closed, not left 'running'"] = stuck[0][0] == 0
        if digest_available:
            if not args.faults:
                # Without faults: the digest enqueued twice (a scheduler firing twice) must still mail each owner once.
                shell(stack, ENQUEUE_DIGEST_SCRIPT)
                shell(stack, ENQUEUE_DIGEST_SCRIPT)
            wait_for(
                lambda: (
                    query(
                        stack,
                        "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status='READY' "
                        "OR (status='RUNNING' AND task_path=%(path)s)",
                        {"path": DIGEST_TASK},
                    )[0][0]
                    == 0
                ),
                90,
            )
            time.sleep(2)
            recipients = []
            for path in sorted((workdir / "mail").glob("*")):
                recipients += MAIL_RECIPIENT.findall(path.read_text(encoding="utf-8", errors="replace"))
            deliveries = query(stack, "SELECT count(*) FROM relations_digestdelivery")[0][0]
            repeated = sorted({r for r in recipients if recipients.count(r) > 1})
            summary["digest"] = (
                f"{len(recipients)} digest mails to {len(set(recipients))} owners, {deliveries} delivery rows; "
                f"owners mailed twice: {repeated or 'none'}"
            )
            checks["follow-up digest sent exactly once per owner"] = (
                bool(recipients) and not repeated and len(recipients) == deliveries
            )
            if "digest_task" in state:
                status, workers = query(
                    stack,
                    "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult WHERE id=%(id)s",
                    {"id": state["digest_task"]},
                )[0]
                killed = state.get("digest_killed", {})
                summary["digest"] += (
                    f"; the digest task was killed {killed.get('status', '?').lower()} after "
                    f"{killed.get('delivered_before_kill', '?')} deliveries, ran on {len(workers)} workers, "
                    f"ended {status.lower()}"
                )
                checks["digest task killed mid-task was requeued and completed"] = (
                    status == "SUCCESSFUL" and len(workers) >= 2 and killed.get("status") == "RUNNING"
                )
        else:
            summary["digest"] = "not available in this build: exactly-once not exercised"
        summary["checks"] = checks
        context = {
            "date (UTC)": stamp,
            "stack": f"gunicorn {stack.web_workers} workers x 4 threads, 1 task_worker, reaper; PostgreSQL "
            f"{stack.postgres.version} (own cluster :{stack.postgres.port}), Redis (own :{stack.redis.port}); "
            "production settings; 127.0.0.1 only",
            "machine": f"{os.cpu_count()} cores shared with other workloads (1-minute "
            f"load average {load_before:.1f} before the load, {load_after:.1f} after it); the load generator runs "
            "on the same cores, so latencies measure that contention as much as Kizuna",
            "load": f"{args.users} staff sessions (browse 5 : search 3 : write 2, think 0.2-1.0 s) + {args.public} "
            f"public visitors, ramp {args.ramp}s + {args.duration}s",
            "seed": f"seed_demo --scale {args.scale} + {args.bulk_accounts} archived accounts ({accounts} users) "
            f"in {seed_seconds:.1f}s",
            "targets": f"browse {len(targets.browse)}, search {len(targets.search)}, writes "
            f"{[w.name for w in targets.writes]}, public {len(targets.public)}; skipped (not in this build): "
            f"{len(targets.skipped)}",
            "digest": summary["digest"],
        }
        if "export_job" in summary:
            context["export job"] = json.dumps(summary["export_job"], ensure_ascii=False, default=str)
        title = "Kizuna load test with faults" if args.faults else "Kizuna load test"
        args.out.mkdir(parents=True, exist_ok=True)
        dump(args.out / f"latest-{name}.json", {"context": context, **summary})
        (args.out / f"latest-{name}.md").write_text(markdown(title, summary, context=context), encoding="utf-8")
        dump(workdir / "summary.json", {"context": context, **summary})
        print(markdown(title, summary, context=context))
        return 0 if all(checks.values()) else 1
    finally:
        if "supervisor" in locals():
            supervisor.stopped.set()
            supervisor.join()
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
