"""Gunicorn, the web process of the production model (see README, "Running in production";
compose.yaml runs it). Every setting can be changed from the environment without editing
this file; `gunicorn lms.wsgi` reads it from the working directory.

Web nodes are stateless: sessions, the cache and rate limits live in PostgreSQL and Redis,
media in the configured storage, so more nodes (or more workers) is all it takes to serve
more people."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
# Sync workers: our pages are short, database-bound requests. Two per core plus one is
# gunicorn's own advice; WEB_CONCURRENCY overrides it (the benchmark uses 2).
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, at different moments, so a slow leak never takes a node down.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
# Behind a proxy that sets X-Forwarded-For/Proto (Django trusts X-Forwarded-Proto only when
# SECURE_PROXY_SSL_HEADER is set, see settings).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
