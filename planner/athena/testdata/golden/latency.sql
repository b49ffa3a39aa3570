-- Per route, the latency histogram of package stats: milliseconds below 64
-- exact, then 32 buckets per power of two (stats.BucketOf; the highest bit
-- from log2(ms + 0.5), which rounding cannot move across an integer).
WITH 
-- One row per request of the distribution in [from, to): CloudFront's
-- string columns typed as the planner reads text logs ("-" and null alike),
-- and the route each path maps to (-1: a path the route list lacks).
raw AS (
  SELECT
    cs_uri_stem AS stem,
    nullif(cs_method, '-') AS method,
    nullif(sc_status, '-') AS status_text,
    nullif(sc_bytes, '-') AS bytes_text,
    nullif(time_taken, '-') AS taken_text,
    coalesce(nullif(x_host_header, '-'), nullif(cs_host, '-')) AS host,
    try_cast(concat("date", ' ', "time") AS timestamp) AS logged_at
  FROM "apimigration_loganalytics_8ad4b8d8"."cloudfront_logs"
  WHERE distributionid = 'E2EXAMPLE'
    AND ((year = 2026 AND month = 11 AND day = 28 AND hour BETWEEN 22 AND 23)
      OR (year = 2026 AND month = 11 AND day = 29)
      OR (year = 2026 AND month = 11 AND day = 30 AND hour BETWEEN 0 AND 2))
),
typed AS (
  SELECT
    stem, method, host, logged_at, status_text, bytes_text, taken_text,
    date_diff('second', TIMESTAMP '1970-01-01 00:00:00', logged_at) AS t,
    try_cast(status_text AS integer) AS status,
    try_cast(bytes_text AS bigint) AS bytes,
    CAST(round(try_cast(taken_text AS double) * 1000) AS bigint) AS ms
  FROM raw
),
logs AS (
  SELECT
    CASE
      WHEN regexp_like(stem, '^/*$') THEN 0
      WHEN regexp_like(stem, '^/+a\.b(?:\{|%7[Bb])c(?:\}|%7[Dd])/*$') THEN 1
      WHEN regexp_like(stem, '^/+user/+me/*$') THEN 2
      WHEN regexp_like(stem, '^/+user/+[^/]+/*$') THEN 3
      WHEN regexp_like(stem, '^/+user/+[^/]+/+orders/*$') THEN 4
      WHEN regexp_like(stem, '^/+files/+[^/]+.*$') THEN 5
      ELSE -1 END AS route,
    stem, method, host, t, ms,
    coalesce(bytes, 0) AS bytes,
    CASE WHEN status BETWEEN 100 AND 599 THEN CAST(floor(status / 100.0) AS integer) ELSE 0 END AS class
  FROM typed
  WHERE logged_at >= TIMESTAMP '2026-11-28 22:00:00' AND logged_at < TIMESTAMP '2026-11-30 03:00:00'
    AND stem LIKE '/%'
    AND (status_text IS NULL OR status IS NOT NULL)
    AND (bytes_text IS NULL OR bytes IS NOT NULL)
    AND (taken_text IS NULL OR ms IS NOT NULL)
),
timed AS (
  SELECT route, ms, CAST(floor(log2(ms + 0.5)) AS bigint) - 5 AS shift
  FROM logs
  WHERE ms IS NOT NULL
)
SELECT
  route,
  CASE WHEN ms < 64 THEN greatest(ms, 0)
       ELSE least(895, (shift + 1) * 32 + CAST(floor(ms / power(2, shift)) AS bigint) - 32)
  END AS bucket,
  count(*) AS requests,
  sum(ms) AS sum_ms
FROM timed
GROUP BY 1, 2
ORDER BY 1, 2
