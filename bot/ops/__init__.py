"""Operating Temadag: health and readiness, Prometheus metrics, the worker's heartbeat,
JSON logs, Socket Mode as a production server and `temadag doctor`. Imports no feature."""
