"""The distributed mode: Celery tasks (``app``), their Celery-free bodies (``jobs``), the
scheduler that leases due work and sends it (``scheduler``), per-host politeness shared through
Redis (``politeness``), broker checks (``broker``) and what a worker process holds (``context``).

Importing this package imports nothing of Celery; ``app.create_celery`` does, on first use."""
