-- Per route and second: requests and the sum of their durations, from
-- which the planner takes peaks per second and minute and concurrency.
WITH {{template "logs" .}}
SELECT route, t AS second, count(*) AS requests, sum(coalesce(ms, 0)) AS sum_ms
FROM logs
GROUP BY route, t
ORDER BY route, t
