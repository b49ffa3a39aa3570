-- Per route, method and status class: requests, bytes, requests without a
-- time-taken, first and last second.
WITH {{template "logs" .}}
SELECT
  route, method, class,
  count(*) AS requests,
  sum(bytes) AS bytes,
  count_if(ms IS NULL) AS no_time_taken,
  min(t) AS first_second,
  max(t) AS last_second
FROM logs
GROUP BY route, method, class
ORDER BY route, method, class
