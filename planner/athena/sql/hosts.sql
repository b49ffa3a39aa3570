-- Requests per Host (x-host-header, else cs(Host)), most first.
WITH {{template "logs" .}}
SELECT host, count(*) AS requests
FROM logs
WHERE host IS NOT NULL
GROUP BY host
ORDER BY requests DESC, host
LIMIT 100
