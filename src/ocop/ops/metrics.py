"""Prometheus metrics: requests, latencies, task queue depth, scans buffered.

granian runs several worker processes; each keeps its own counters. With the environment
variable ``PROMETHEUS_MULTIPROC_DIR`` set (an empty directory, cleared at every start of the
service, see deploy/ocop-web.service) prometheus-client writes them to files there and a
scrape of any worker adds up all of them. Without it, one process's own figures are shown
(development, tests). Process metrics (CPU, memory, file descriptors) are only exported in
single-process mode: prometheus-client cannot add them up across processes.
"""

import logging
import os
from collections.abc import Iterator

from django.db import DatabaseError
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

logger = logging.getLogger(__name__)

MULTIPROCESS = bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))

REQUESTS = Counter(
    "ocop_http_requests",
    "HTTP requests answered, by method, route name and status class.",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "ocop_http_request_duration_seconds",
    "Time from the first middleware to the response, by route name.",
    ["route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
# Each worker process has its own scan buffer: "livesum" adds up the live processes.
SCANS_BUFFERED = Gauge(
    "ocop_scans_buffered",
    "Scans recorded by the resolver and not yet written to the scan log.",
    multiprocess_mode="livesum",
)

CONTENT_TYPE = CONTENT_TYPE_LATEST


def observe_request(*, method: str, route: str, status: int, seconds: float) -> None:
    REQUESTS.labels(method=method, route=route, status=f"{status // 100}xx").inc()
    LATENCY.labels(route=route).observe(seconds)
    if MULTIPROCESS:
        # Other processes cannot read this one's buffer at scrape time: publish it now.
        refresh_scans_buffered()


def refresh_scans_buffered() -> None:
    from ocop.stamps import scanbuffer

    SCANS_BUFFERED.set(scanbuffer.pending())


class TaskQueueCollector(Collector):
    """Counts the queued and running tasks of django_tasks_db at scrape time."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from django.db.models import Count
        from django_tasks_db.models import DBTaskResult

        family = GaugeMetricFamily(
            "ocop_task_queue_depth", "Background tasks waiting or running.", labels=["status"]
        )
        counts = dict.fromkeys(("READY", "RUNNING"), 0)
        try:
            rows = list(
                DBTaskResult.objects.filter(status__in=list(counts))
                .order_by()
                .values_list("status")
                .annotate(n=Count("pk"))
            )
        except DatabaseError:
            # The other metrics still matter when the database is down (/readyz says so);
            # the depth is left out rather than reported as an empty queue.
            logger.warning("metrics: could not count the task queue", exc_info=True)
            return
        for status, n in rows:
            counts[status] = n
        for status, n in counts.items():
            family.add_metric([status], n)
        yield family


# Metrics computed from the database at scrape time live in a registry of their own, so
# that the process-wide registry never queries the database (not even when registering).
_SCRAPE_TIME = CollectorRegistry(auto_describe=False)
_SCRAPE_TIME.register(TaskQueueCollector())


def render() -> bytes:
    """The text exposition of every metric (all processes in multiprocess mode)."""
    refresh_scans_buffered()
    if MULTIPROCESS:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    return generate_latest(registry) + generate_latest(_SCRAPE_TIME)
