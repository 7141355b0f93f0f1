"""When and where pipeline work runs.

- ``tasks.local``: the threads of ``bbabo run`` (crawl, translate, publish) in one process;
- ``tasks.celery``: the same pipeline functions as Celery tasks on Redis or RabbitMQ, with the
  scheduler that hands them out (``bbabo worker``, ``bbabo scheduler``; the ``cluster`` extra).
"""
