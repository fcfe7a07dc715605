"""A production-like Kizuna stack on loopback for the load and fault tests.

It runs its own PostgreSQL cluster (port 5433) and its own Redis (port 6380) by default, so restarting them in a
fault scenario never disturbs anyone else's database or cache on the machine. gunicorn uses the production
settings and deploy/gunicorn.conf.py, exactly as the Procfile does; only addresses and secrets differ.
"""

import os
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
LOOPBACK = "127.0.0.1"


def free_port():
    """A port nobody listens on right now (other servers may share this loopback)."""
    import socket

    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def _run(command, **kwargs):
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)


@dataclass
class PostgresCluster:
    """A Debian PostgreSQL cluster of our own (pg_createcluster), trust auth on loopback only."""

    name: str = "kizunaload"
    port: int = 5433
    version: str = field(default_factory=lambda: sorted(os.listdir("/etc/postgresql"))[-1])

    @property
    def url_prefix(self):
        return f"postgres://postgres@{LOOPBACK}:{self.port}"

    def exists(self):
        return Path(f"/etc/postgresql/{self.version}/{self.name}").is_dir()

    def ensure_started(self):
        if self.name != "main" and not self.exists():
            _run(
                [
                    "pg_createcluster",
                    self.version,
                    self.name,
                    "--port",
                    str(self.port),
                    "--",
                    "--auth-local=trust",
                    "--auth-host=trust",
                ]
            )
        status = subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", self.version, self.name, "status"],
            capture_output=True,
            check=False,
        )
        if status.returncode != 0:
            self.ctl("start")
        self.wait_ready()

    def ctl(self, action):
        _run(["pg_ctlcluster", "--skip-systemctl-redirect", self.version, self.name, action])

    def wait_ready(self, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if (
                subprocess.run(
                    ["pg_isready", "-h", LOOPBACK, "-p", str(self.port), "-q"],
                    check=False,
                ).returncode
                == 0
            ):
                return
            time.sleep(0.3)
        raise RuntimeError(f"PostgreSQL cluster {self.name} did not become ready")

    def recreate_database(self, name, *, fresh=True):
        """A new empty database; with fresh=False an existing one is kept (migrate then only applies what is new)."""
        import psycopg

        with psycopg.connect(f"{self.url_prefix}/postgres", autocommit=True) as connection:
            exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if exists and not fresh:
                return False
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')
            return True


@dataclass
class RedisServer:
    """A Redis of our own on loopback, no persistence (like the machine's), restartable at will."""

    port: int = 6380
    process: subprocess.Popen | None = None
    log_path: Path | None = None

    @property
    def url(self):
        return f"redis://{LOOPBACK}:{self.port}/0"

    def start(self):
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL
        self.process = subprocess.Popen(
            ["redis-server", "--bind", LOOPBACK, "--port", str(self.port), "--save", "", "--appendonly", "no"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if (
                subprocess.run(
                    ["redis-cli", "-h", LOOPBACK, "-p", str(self.port), "ping"],
                    capture_output=True,
                    check=False,
                ).stdout.strip()
                == b"PONG"
            ):
                return
            time.sleep(0.1)
        raise RuntimeError("Redis did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def restart(self, down_seconds=0.0):
        self.stop()
        time.sleep(down_seconds)
        self.start()


@dataclass
class Stack:
    results: Path
    port: int = field(default_factory=free_port)
    web_workers: int = 4
    database: str = "kizuna_load"
    postgres: PostgresCluster = field(default_factory=PostgresCluster)
    redis: RedisServer = field(default_factory=RedisServer)
    processes: dict = field(default_factory=dict)
    restarts: dict = field(default_factory=dict)
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(50))

    @property
    def base_url(self):
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def env(self):
        env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings.production",
            SECRET_KEY=self.secret_key,
            ALLOWED_HOSTS=f"{LOOPBACK},localhost",
            DATABASE_URL=f"{self.postgres.url_prefix}/{self.database}",
            DB_CONN_MAX_AGE="60",
            REDIS_URL=self.redis.url,
            KIZUNA_BASE_URL=f"https://{LOOPBACK}:{self.port}",
            MEDIA_ROOT=str(self.results / "media"),
            GUNICORN_BIND=f"{LOOPBACK}:{self.port}",
            WEB_CONCURRENCY=str(self.web_workers),
            GUNICORN_THREADS="4",
            JOBS_HEARTBEAT_SECONDS="1",
            LOG_LEVEL="INFO",
            EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            EMAIL_FILE_PATH=str(self.results / "mail"),
            PYTHONUNBUFFERED="1",
        )
        return env

    def manage(self, *args, timeout=900):
        return _run([PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, timeout=timeout)

    def _spawn(self, name, command):
        log = open(self.results / f"{name}.log", "ab")
        self.processes[name] = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        return self.processes[name]

    def prepare(self, *, fresh=True):
        self.results.mkdir(parents=True, exist_ok=True)
        (self.results / "mail").mkdir(exist_ok=True)
        self.redis.log_path = self.results / "redis.log"
        self.postgres.ensure_started()
        self.created = self.postgres.recreate_database(self.database, fresh=fresh)
        self.redis.start()
        self.manage("migrate", "--noinput")
        self.manage("collectstatic", "--noinput", "--verbosity", "0")

    def start_web(self):
        return self._spawn(
            "web", [str(Path(PYTHON).parent / "gunicorn"), "config.wsgi", "--config", "deploy/gunicorn.conf.py"]
        )

    def start_worker(self):
        self.restarts["worker"] = self.restarts.get("worker", -1) + 1
        return self._spawn(
            "worker",
            [
                PYTHON,
                "manage.py",
                "task_worker",
                "--queue-name",
                "*",
                "--interval",
                "0.2",
                "--no-startup-delay",
            ],
        )

    def start_reaper(self):
        return self._spawn("reaper", [PYTHON, "manage.py", "reap_stale_jobs", "--every", "1", "--stale-after", "5"])

    def start(self):
        self.start_web()
        self.start_worker()
        self.start_reaper()
        self.wait_ready()

    def supervise(self):
        """What systemd's Restart=always does: a task worker that died is started again."""
        worker = self.processes.get("worker")
        if worker is not None and worker.poll() is not None:
            self.start_worker()
            return True
        return False

    def wait_ready(self, timeout=240):
        """/readyz (web, database, cache, queue), then /readyz/worker (a task worker's beacon), within `timeout`."""
        # Four workers importing Django and Wagtail at once on two cores can take a minute on a busy machine.
        deadline = time.monotonic() + timeout
        for path, log in (("/readyz", "web.log"), ("/readyz/worker", "worker.log")):
            while not self._answers_200(path):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{path} did not answer 200; see {self.results}/{log}")
                time.sleep(0.3)

    def _answers_200(self, path):
        try:
            return httpx.get(f"{self.base_url}{path}", timeout=10).status_code == 200
        except httpx.HTTPError:
            return False

    def gunicorn_worker_pids(self):
        master = self.processes["web"].pid
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[1]) == master:
                children.append(int(stat.parent.name))
        return sorted(children)

    def kill_web_worker(self):
        pids = self.gunicorn_worker_pids()
        if not pids:
            return None
        os.kill(pids[0], signal.SIGKILL)
        return pids[0]

    def kill_task_worker(self):
        worker = self.processes["worker"]
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
        return worker.pid

    def stop(self):
        for process in list(self.processes.values()):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        self.redis.stop()
