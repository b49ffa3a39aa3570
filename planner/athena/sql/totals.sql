-- Rows of the distribution in the time range, and how many of them are
-- requests the planner counts (the rest are malformed).
WITH {{template "logs" .}},
dated AS (
  SELECT count(*) AS all_rows FROM typed
  WHERE logged_at IS NULL OR (logged_at >= TIMESTAMP '{{.From}}' AND logged_at < TIMESTAMP '{{.To}}')
)
SELECT dated.all_rows AS all_rows, (SELECT count(*) FROM logs) AS requests
FROM dated
