"""Gunicorn settings for Kizuna (`gunicorn config.wsgi --config deploy/gunicorn.conf.py`). Every value has an env knob.

gthread workers: each process serves several requests at once with threads, which keeps keep-alive connections
cheap and lets a slow request (an export download) not block the process. Processes, not threads, give CPU
parallelism; WEB_CONCURRENCY defaults to 2 per core plus one.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A request that takes longer than this is a bug or a job that belongs on the task worker.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then so a slow leak never becomes an outage; jitter keeps them from recycling together.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))
# Each worker opens its own database connections after the fork; never share sockets across processes.
preload_app = False
# The reverse proxy in front sets X-Forwarded-For/Proto; trust it only from the addresses listed.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Django logs one JSON line per request (core.middleware); gunicorn's own access log would duplicate it.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# No runtime control socket: several instances (blue/green, the load test) may run side by side.
control_socket_disable = True
# Heartbeat files on a RAM disk: a slow /tmp never makes the arbiter think a worker hung.
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR", "/dev/shm" if os.path.isdir("/dev/shm") else None)  # noqa: S108
