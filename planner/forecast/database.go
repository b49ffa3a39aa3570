package forecast

import (
	"fmt"
	"math"

	"github.com/strangler-fig/strangler/manifest"
	"github.com/strangler-fig/strangler/planner/stats"
)

// QuotaDatabaseConnections names the rows of the database quotas:
// "Database connections: users".
const QuotaDatabaseConnections = "Database connections"

// routeConnections is how many database connections one execution
// environment of r's function keeps, and on which database: the
// manifest's route database (name, connectionsPerEnvironment); none for
// a manifest route whose function names no database; for a route the
// manifest does not have, 1 on an unnamed database (a monolith route is
// assumed to read the database, as api-user-id does).
func routeConnections(r *Route, m *manifest.Manifest) (database string, per int) {
	if m == nil {
		return "", 1
	}
	for _, mr := range m.Routes {
		if mr.Path != r.Template {
			continue
		}
		if mr.Database == nil {
			return "", 0
		}
		return mr.Database.Name, mr.Database.ConnectionsPerEnvironment
	}
	return "", 1
}

// databaseForecasts gives each route its peak concurrent connections
// (Little's law: its peak concurrency times its connections per
// environment), the plan its total (the busiest second of all routes
// together), and one quota row per manifest database: the connections of
// the routes using it at their common busiest second, against what
// max_connections leaves the functions (less the headroom and the
// monolith's).
func databaseForecasts(plan *Plan, o Options) []QuotaForecast {
	perSecond := map[int64]float64{}
	byDatabase := map[string]map[int64]float64{}
	for _, r := range plan.Routes {
		if r.stats == nil {
			continue
		}
		db, per := routeConnections(r, o.Manifest)
		r.Database = db
		r.PeakConnections = r.Peaks.Concurrency * float64(per)
		if per == 0 || r.Rank == 0 {
			continue
		}
		ms := o.Duration.MsFor(r.stats)
		if byDatabase[db] == nil {
			byDatabase[db] = map[int64]float64{}
		}
		r.stats.Series.Each(func(t int64, sec stats.Second) {
			c := stats.Concurrency(sec, ms) * float64(per)
			perSecond[t] += c
			byDatabase[db][t] += c
		})
	}
	plan.PeakConnections = peak(perSecond)
	if o.Manifest == nil {
		return nil
	}
	var rows []QuotaForecast
	for _, load := range o.Manifest.DatabaseLoads() {
		d := load.Database
		maxConns, source := d.EffectiveMaxConnections()
		room := float64(d.Budget() - *d.MonolithConnections)
		needed := math.Ceil(peak(byDatabase[d.Name]))
		f := QuotaForecast{
			Quota: QuotaDatabaseConnections + ": " + d.Name, Limit: room, Needed: needed, Crossed: needed > room, Adjustable: true,
			Note: fmt.Sprintf("busiest second of the routes whose functions use %s, connections x environments (Little's law); the limit is max_connections %d (%s) less %d%% headroom and the monolith's %d", d.Name, maxConns, source, *d.HeadroomPercent, *d.MonolithConnections),
		}
		if d.Access != manifest.AccessDirect {
			f.Note += fmt.Sprintf("; through its RDS Proxy, which opens at most %d and queues the rest", d.ProxyConnections())
		}
		if f.Crossed {
			f.RaiseTo = niceCeil((needed + float64(*d.MonolithConnections)) * 100 / float64(100-*d.HeadroomPercent))
			f.Note += fmt.Sprintf("; raise max_connections to %.0f, or go through an RDS Proxy", f.RaiseTo)
		}
		rows = append(rows, f)
	}
	return rows
}

func peak(series map[int64]float64) float64 {
	p := 0.0
	for _, v := range series {
		p = max(p, v)
	}
	return p
}
