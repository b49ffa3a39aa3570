-- Per route, the latency histogram of package stats: milliseconds below 64
-- exact, then 32 buckets per power of two (stats.BucketOf; the highest bit
-- from log2(ms + 0.5), which rounding cannot move across an integer).
WITH {{template "logs" .}},
timed AS (
  SELECT route, ms, CAST(floor(log2(ms + 0.5)) AS bigint) - 5 AS shift
  FROM logs
  WHERE ms IS NOT NULL
)
SELECT
  route,
  CASE WHEN ms < 64 THEN greatest(ms, 0)
       ELSE least({{.LastBucket}}, (shift + 1) * 32 + CAST(floor(ms / power(2, shift)) AS bigint) - 32)
  END AS bucket,
  count(*) AS requests,
  sum(ms) AS sum_ms
FROM timed
GROUP BY 1, 2
ORDER BY 1, 2
