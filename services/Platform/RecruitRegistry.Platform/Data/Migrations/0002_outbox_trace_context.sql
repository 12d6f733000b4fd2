-- The W3C trace context (traceparent, tracestate) of the unit of work that wrote each event: the relay publishes the
-- event under it, so one trace follows a request into every consumer (docs/observability.md).
ALTER TABLE outbox ADD COLUMN trace_parent TEXT NULL;
ALTER TABLE outbox ADD COLUMN trace_state TEXT NULL;
