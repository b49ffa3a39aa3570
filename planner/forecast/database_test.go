package forecast_test

import (
	"testing"

	"github.com/strangler-fig/strangler/manifest"
	"github.com/strangler-fig/strangler/planner/forecast"
	"github.com/strangler-fig/strangler/planner/stats"
)

// Peak connections per route and in total are concurrency (Little's law)
// times the connections each environment keeps; the manifest's database
// gets a quota row against what max_connections leaves the functions.
func TestDatabaseConnectionsForecast(t *testing.T) {
	m, err := manifest.Parse([]byte(`
legacy: {domainName: legacy.example.com}
auth: {default: delegate, delegate: {url: /session}}
databases:
  - {name: users, host: db.internal, instanceIdentifier: users-db, securityGroupId: sg-0123456789abcdef0, maxConnections: 1000, monolithConnections: 795}
routes:
  - {path: "/user/{id}", function: api-user-id, reservedConcurrency: 2, database: {name: users, connectionsPerEnvironment: 2}}
  - {path: /products, function: api-products}
`), "routes.yaml", "")
	if err != nil {
		t.Fatal(err)
	}
	plan := forecast.Build(result(t), forecast.Options{Quotas: forecast.DefaultQuotas(), Duration: stats.Duration{Source: "time-taken"}, Manifest: m})
	got := map[string]float64{}
	for _, r := range plan.Routes {
		got[r.Template] = r.PeakConnections
	}
	// /user/{id}: 5 concurrent x 2; /products: its function uses no
	// database; /health is not in the manifest: 1 per environment.
	if got["/user/{id}"] != 10 || got["/products"] != 0 || got["/health"] != 0.001 {
		t.Errorf("peak connections %v", got)
	}
	if plan.PeakConnections != 10 {
		t.Errorf("total %v, want 10 (the busiest second)", plan.PeakConnections)
	}
	var row *forecast.QuotaForecast
	for i := range plan.Quotas {
		if plan.Quotas[i].Quota == "Database connections: users" {
			row = &plan.Quotas[i]
		}
	}
	// 80% of 1000 = 800, less the monolith's 795: room for 5.
	if row == nil || row.Limit != 5 || row.Needed != 10 || !row.Crossed || row.RaiseTo != 1100 {
		t.Fatalf("row %+v", row)
	}
}
