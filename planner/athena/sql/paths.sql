-- Distinct paths and their requests, most requested first: the planner
-- learns route templates from them as it does from local logs.
WITH {{template "logs" .}}
SELECT stem, count(*) AS requests
FROM logs
GROUP BY stem
ORDER BY requests DESC, stem
LIMIT {{.MaxPaths}}
