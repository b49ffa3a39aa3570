// Package forecast compares the load of each route, and of the routes
// moved so far, with the AWS quotas the migration runs into, and orders
// the routes: hottest first, but never one that would cross a quota before
// that quota is raised.
package forecast

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/strangler-fig/strangler/awslimits"
	"github.com/strangler-fig/strangler/manifest"
	"github.com/strangler-fig/strangler/planner"
	"github.com/strangler-fig/strangler/planner/stats"
)

// Quotas are the limits checked. Defaults (DefaultQuotas) are AWS's
// documented defaults; set the ones your account has.
type Quotas struct {
	// LambdaConcurrency is the account's concurrent executions in the region.
	LambdaConcurrency int `json:"lambdaConcurrency"`
	// LambdaScalingPer10s is how many execution environments one function
	// may add every 10 seconds (fixed, not adjustable).
	LambdaScalingPer10s int `json:"lambdaScalingPer10s"`
	// APIGatewayRate and APIGatewayBurst are the account throttle across
	// all APIs in the region (requests per second, token bucket size).
	APIGatewayRate  float64 `json:"apiGatewayAccountRate"`
	APIGatewayBurst int     `json:"apiGatewayAccountBurst"`
	// StageRate and StageBurst are the REST API stage throttle the stack
	// sets (manifest apiGateway.throttleRateLimit / throttleBurstLimit).
	StageRate  float64 `json:"stageRate"`
	StageBurst int     `json:"stageBurst"`
	// CacheBehaviors per CloudFront distribution. Default: 75, CloudFront's
	// default quota (awslimits.CloudFrontCacheBehaviorsPerDistribution).
	CacheBehaviors int `json:"cacheBehaviors"`
	// NetworkInterfaces per region (VPC), and how many are already used.
	NetworkInterfaces      int `json:"networkInterfaces"`
	NetworkInterfacesInUse int `json:"networkInterfacesInUse"`
	// Subnets and SecurityGroups of the Lambdas' VPC configuration, and
	// the prefix length of each subnet.
	Subnets        int `json:"subnets"`
	SecurityGroups int `json:"securityGroups"`
	SubnetPrefix   int `json:"subnetPrefix"`
	// HyperplaneConnections one Hyperplane ENI carries.
	HyperplaneConnections int `json:"hyperplaneConnectionsPerEni"`
	// AlarmPercent of a quota that the peak should stay under (the stack
	// alarms on Lambda concurrency at this share); "raise to" values are
	// peak / AlarmPercent.
	AlarmPercent int `json:"alarmPercent"`
}

// DefaultQuotas are AWS's defaults (docs/planner.md cites each) and the
// stack's own defaults from package manifest.
func DefaultQuotas() Quotas {
	return Quotas{
		LambdaConcurrency:     manifest.DefaultRegionalConcurrencyQuota,
		LambdaScalingPer10s:   awslimits.LambdaScalingPer10Seconds,
		APIGatewayRate:        awslimits.APIGatewayThrottleRate,
		APIGatewayBurst:       awslimits.APIGatewayThrottleBurst,
		StageRate:             manifest.DefaultThrottleRateLimit,
		StageBurst:            manifest.DefaultThrottleBurstLimit,
		CacheBehaviors:        manifest.DefaultCacheBehaviorQuota,
		NetworkInterfaces:     awslimits.VPCNetworkInterfacesPerRegion,
		Subnets:               manifest.DefaultMaxAZs,
		SecurityGroups:        1,
		SubnetPrefix:          manifest.DefaultPrivateSubnetPrefix,
		HyperplaneConnections: awslimits.LambdaConnectionsPerHyperplaneENI,
		AlarmPercent:          manifest.DefaultConcurrencyAlarmPercent,
	}
}

// Quota names, as reports show them.
const (
	QuotaLambdaConcurrency = "Lambda concurrent executions (region)"
	QuotaLambdaScaling     = "Lambda scaling rate (per function)"
	QuotaAPIGatewayRate    = "API Gateway account throttle rate"
	QuotaAPIGatewayBurst   = "API Gateway account throttle burst"
	QuotaStageRate         = "API Gateway stage throttle rate (manifest)"
	QuotaStageBurst        = "API Gateway stage throttle burst (manifest)"
	QuotaCacheBehaviors    = "CloudFront cache behaviours per distribution"
	QuotaENIs              = "VPC network interfaces per region"
	QuotaSubnetAddresses   = "Free addresses per Lambda subnet"
	QuotaHyperplaneConns   = "Connections per Hyperplane ENI"
)

// Options of a forecast.
type Options struct {
	Quotas   Quotas
	Duration stats.Duration
	// Manifest, if given, contributes its routes: its legacy routes may
	// need CloudFront behaviours of their own once a parent path moves.
	Manifest *manifest.Manifest
}

// Crossing is a quota a route (or the routes moved up to it) would cross.
type Crossing struct {
	Quota   string  `json:"quota"`
	Limit   float64 `json:"limit"`
	Needed  float64 `json:"needed"`
	RaiseTo float64 `json:"raiseTo,omitempty"` // 0: cannot be raised
	Advice  string  `json:"advice"`
}

// Route is one route's load, quota checks and place in the order.
type Route struct {
	Template     string           `json:"template"`
	Function     string           `json:"function,omitempty"`
	FromManifest bool             `json:"fromManifest"`
	Requests     int64            `json:"requests"`
	Share        float64          `json:"share"`
	Methods      map[string]int64 `json:"methods"`
	Status       map[string]int64 `json:"status"`
	Bytes        int64            `json:"bytes"`
	P50Ms        int64            `json:"p50Ms"`
	P95Ms        int64            `json:"p95Ms"`
	P99Ms        int64            `json:"p99Ms"`
	Peaks        stats.Peaks      `json:"peaks"`
	// Rank in the migration order (1 first); 0 when the path cannot be an
	// API Gateway route (see NotMigratable).
	Rank int `json:"rank"`
	// Wave 1 fits the quotas as they are; wave 2 needs the raises in Before.
	Wave          int        `json:"wave"`
	Alone         []Crossing `json:"crossesAlone,omitempty"`
	Before        []Crossing `json:"raiseBefore,omitempty"`
	Why           string     `json:"why"`
	NotMigratable string     `json:"notMigratable,omitempty"`
	// After moving this route and all ranked before it:
	CumulativeConcurrency float64 `json:"cumulativePeakConcurrency"`
	CumulativeRPS         int64   `json:"cumulativePeakRps"`
	CumulativeBehaviors   int     `json:"cumulativeCacheBehaviors"`
	// SuggestedReserved is the reserved concurrency the draft manifest
	// suggests (0: none, the unreserved pool).
	SuggestedReserved int `json:"suggestedReservedConcurrency"`
	// PeakConnections is the route's peak concurrent database connections:
	// Peaks.Concurrency times its function's connections per environment
	// (see routeConnections); Database the manifest's database it uses.
	PeakConnections float64 `json:"peakConnections"`
	Database        string  `json:"database,omitempty"`

	stats *stats.Route
}

// Stats gives the aggregate behind the route.
func (r *Route) Stats() *stats.Route { return r.stats }

// QuotaForecast is one quota against the whole distribution moved.
type QuotaForecast struct {
	Quota      string  `json:"quota"`
	Limit      float64 `json:"limit"`
	Needed     float64 `json:"needed"`
	Crossed    bool    `json:"crossed"`
	RaiseTo    float64 `json:"raiseTo,omitempty"`
	Adjustable bool    `json:"adjustable"`
	Note       string  `json:"note"`
}

// Plan is the whole forecast.
type Plan struct {
	Routes []*Route        `json:"routes"` // in migration order, unmigratable last
	Quotas []QuotaForecast `json:"quotas"`
	Total  stats.Peaks     `json:"total"`
	// PeakConnections of all migratable routes together (their busiest second).
	PeakConnections float64  `json:"peakConnections"`
	Duration        string   `json:"assumedLambdaDuration"`
	Assumptions     []string `json:"assumptions"`
	Settings        Quotas   `json:"quotaSettings"`
}

// niceCeil rounds up to two significant digits: 1234 -> 1300.
func niceCeil(v float64) float64 {
	if v <= 10 {
		return math.Ceil(v)
	}
	p := math.Pow(10, math.Floor(math.Log10(v))-1)
	return math.Ceil(v/p-1e-9) * p
}

func (q Quotas) headroom(v float64) float64 {
	return niceCeil(v * 100 / float64(max(1, q.AlarmPercent)))
}

// accumulator sums per-second load of the routes moved so far.
type accumulator struct {
	start    int64
	conc     []float64
	count    []uint32
	maxConc  float64
	maxCount int64
}

func newAccumulator(first, last int64) *accumulator {
	n := max(0, last-first+1)
	return &accumulator{start: first, conc: make([]float64, n), count: make([]uint32, n)}
}

// with reports the peaks if r were added, without adding it.
func (a *accumulator) with(r *stats.Route, per int64) (float64, int64) {
	mc, mn := a.maxConc, a.maxCount
	r.Series.Each(func(t int64, sec stats.Second) {
		i := t - a.start
		if i < 0 || i >= int64(len(a.conc)) {
			return
		}
		mc = max(mc, a.conc[i]+stats.Concurrency(sec, per))
		mn = max(mn, int64(a.count[i])+int64(sec.N))
	})
	return mc, mn
}

func (a *accumulator) add(r *stats.Route, per int64) {
	r.Series.Each(func(t int64, sec stats.Second) {
		i := t - a.start
		if i < 0 || i >= int64(len(a.conc)) {
			return
		}
		a.conc[i] += stats.Concurrency(sec, per)
		a.count[i] += sec.N
		a.maxConc = max(a.maxConc, a.conc[i])
		a.maxCount = max(a.maxCount, int64(a.count[i]))
	})
}

// Build forecasts the migration of res's routes.
func Build(res *planner.Result, o Options) *Plan {
	q := o.Quotas
	plan := &Plan{Settings: q, Duration: describeDuration(o.Duration)}
	total := res.Total
	if total == nil {
		total = new(stats.Route)
	}
	plan.Total = total.Peaks(o.Duration)
	var routes []*Route
	var unmigratable []*Route
	for _, rr := range res.Routes {
		s := rr.Stats
		r := &Route{
			Template: rr.Template, FromManifest: rr.FromManifest, Requests: s.Requests,
			Methods: map[string]int64{}, Status: map[string]int64{}, Bytes: s.Bytes,
			P50Ms: s.Latency.Quantile(0.50), P95Ms: s.Latency.Quantile(0.95), P99Ms: s.Latency.Quantile(0.99),
			Peaks: s.Peaks(o.Duration), stats: s,
		}
		if total.Requests > 0 {
			r.Share = float64(s.Requests) / float64(total.Requests)
		}
		for i, m := range stats.Methods {
			if s.Methods[i] > 0 {
				r.Methods[m] = s.Methods[i]
			}
		}
		for i, n := range s.Status {
			if n > 0 {
				key := "other"
				if i > 0 {
					key = fmt.Sprintf("%dxx", i)
				}
				r.Status[key] = n
			}
		}
		if t, err := manifest.ParseTemplate(rr.Template); err != nil {
			r.NotMigratable = err.Error()
			r.Why = "not an API Gateway path: " + err.Error()
			unmigratable = append(unmigratable, r)
			continue
		} else {
			r.Function = t.FunctionName()
		}
		r.Alone = aloneCrossings(r, q)
		routes = append(routes, r)
	}
	order(plan, routes, res, o)
	plan.Routes = append(plan.Routes, unmigratable...)
	assignFunctions(plan.Routes)
	plan.Quotas = quotaForecasts(plan, q, o)
	plan.Quotas = append(plan.Quotas, databaseForecasts(plan, o)...)
	plan.Assumptions = assumptions(o)
	return plan
}

func aloneCrossings(r *Route, q Quotas) []Crossing {
	var out []Crossing
	p := r.Peaks
	if c := math.Ceil(p.Concurrency); c > float64(q.LambdaConcurrency) {
		out = append(out, Crossing{QuotaLambdaConcurrency, float64(q.LambdaConcurrency), c, q.headroom(c),
			fmt.Sprintf("peak concurrency %.0f alone is over the region's %d; raise it to %.0f", c, q.LambdaConcurrency, q.headroom(c))})
	}
	if p.ScalingPer10s > float64(q.LambdaScalingPer10s) {
		out = append(out, Crossing{QuotaLambdaScaling, float64(q.LambdaScalingPer10s), math.Ceil(p.ScalingPer10s), 0,
			fmt.Sprintf("concurrency rises by %.0f within 10 s; Lambda adds at most %d environments per function per 10 s (not adjustable): use provisioned concurrency", p.ScalingPer10s, q.LambdaScalingPer10s)})
	}
	if float64(p.RPS) > q.StageRate {
		out = append(out, Crossing{QuotaStageRate, q.StageRate, float64(p.RPS), q.headroom(float64(p.RPS)),
			fmt.Sprintf("peak %d requests/s alone is over the stage throttle %.0f; set apiGateway.throttleRateLimit to %.0f", p.RPS, q.StageRate, q.headroom(float64(p.RPS)))})
	}
	if float64(p.RPS) > q.APIGatewayRate {
		out = append(out, Crossing{QuotaAPIGatewayRate, q.APIGatewayRate, float64(p.RPS), q.headroom(float64(p.RPS)),
			fmt.Sprintf("peak %d requests/s alone is over the account throttle %.0f; raise it to %.0f", p.RPS, q.APIGatewayRate, q.headroom(float64(p.RPS)))})
	}
	return out
}

// order ranks routes: hottest first among those that fit the quotas as
// they are (wave 1), then the rest hottest first, each after the raises
// it needs (wave 2).
func order(plan *Plan, routes []*Route, res *planner.Result, o Options) {
	q := o.Quotas
	first, last := int64(0), int64(-1)
	if res.Total != nil && res.Total.Requests > 0 {
		first, last = res.Total.First, res.Total.Last
	}
	acc := newAccumulator(first, last)
	// Monolith paths the manifest sends through API Gateway (via:
	// api-gateway) load its throttles from the start, moved or not.
	via := map[string]bool{}
	if o.Manifest != nil {
		for _, mr := range o.Manifest.Routes {
			if mr.Via == manifest.ViaAPIGateway {
				via[mr.Path] = true
			}
		}
	}
	routes = slices.DeleteFunc(slices.Clone(routes), func(r *Route) bool {
		if via[r.Template] {
			acc.add(r.stats, 0) // requests per second, no Lambda concurrency
			return true
		}
		return false
	})
	var moved []manifest.Route
	behaviorsWith := func(r *Route) int {
		m := &manifest.Manifest{Routes: slices.Clone(moved)}
		m.Routes = append(m.Routes, manifest.Route{Path: r.Template, Methods: []string{"GET"}, Target: manifest.TargetLambda, Cache: manifest.CacheNone})
		if o.Manifest != nil {
			for _, mr := range o.Manifest.Routes {
				if mr.Target == manifest.TargetLegacy {
					m.Routes = append(m.Routes, manifest.Route{Path: mr.Path, Methods: mr.Methods, Target: manifest.TargetLegacy, Via: mr.Via, Cache: manifest.CacheNone})
				}
			}
		}
		bs, _ := m.EdgeBehaviors()
		return len(bs)
	}
	check := func(conc float64, rps int64, behaviors int) []Crossing {
		var out []Crossing
		c := math.Ceil(conc)
		if c > float64(q.LambdaConcurrency) {
			out = append(out, Crossing{QuotaLambdaConcurrency, float64(q.LambdaConcurrency), c, q.headroom(c),
				fmt.Sprintf("raise Lambda concurrent executions from %d to %.0f (peak %.0f of the routes moved)", q.LambdaConcurrency, q.headroom(c), c)})
		}
		if float64(rps) > q.StageRate {
			out = append(out, Crossing{QuotaStageRate, q.StageRate, float64(rps), q.headroom(float64(rps)),
				fmt.Sprintf("set apiGateway.throttleRateLimit from %.0f to %.0f (peak %d requests/s of the routes moved)", q.StageRate, q.headroom(float64(rps)), rps)})
		}
		if float64(rps) > q.APIGatewayRate {
			out = append(out, Crossing{QuotaAPIGatewayRate, q.APIGatewayRate, float64(rps), q.headroom(float64(rps)),
				fmt.Sprintf("raise the API Gateway account throttle from %.0f to %.0f requests/s", q.APIGatewayRate, q.headroom(float64(rps)))})
		}
		if behaviors > q.CacheBehaviors {
			out = append(out, Crossing{QuotaCacheBehaviors, float64(q.CacheBehaviors), float64(behaviors), float64(behaviors),
				fmt.Sprintf("raise CloudFront cache behaviours per distribution from %d to %d, or keep monolith paths under migrated prefixes with via: api-gateway (docs/routing.md)", q.CacheBehaviors, behaviors)})
		}
		return out
	}
	commit := func(r *Route, wave int, before []Crossing) {
		per := o.Duration.MsFor(r.stats)
		acc.add(r.stats, per)
		moved = append(moved, manifest.Route{Path: r.Template, Methods: []string{"GET"}, Target: manifest.TargetLambda, Cache: manifest.CacheNone})
		r.Rank = len(plan.Routes) + 1
		r.Wave = wave
		r.Before = before
		r.CumulativeConcurrency = acc.maxConc
		r.CumulativeRPS = acc.maxCount
		plan.Routes = append(plan.Routes, r)
	}
	var blocked []*Route
	for _, r := range routes {
		per := o.Duration.MsFor(r.stats)
		conc, rps := acc.with(r.stats, per)
		if crossings := check(conc, rps, behaviorsWith(r)); len(crossings) > 0 {
			blocked = append(blocked, r)
			continue
		}
		commit(r, 1, nil)
		r.Why = fmt.Sprintf("%s of requests; fits every quota as it is", pct(r.Share))
	}
	for _, r := range blocked {
		per := o.Duration.MsFor(r.stats)
		conc, rps := acc.with(r.stats, per)
		crossings := check(conc, rps, behaviorsWith(r))
		commit(r, 2, crossings)
		var what []string
		for _, c := range crossings {
			what = append(what, c.Advice)
		}
		r.Why = fmt.Sprintf("%s of requests; waits until you %s", pct(r.Share), strings.Join(what, "; and "))
	}
	// The behaviours count after a route must not include the route twice.
	for _, r := range plan.Routes {
		r.CumulativeBehaviors = countBehaviors(plan.Routes[:r.Rank], o.Manifest)
	}
	// Reserved concurrency: 1.5x the peak for wave-1 routes that have a
	// peak of at least 1, while Lambda keeps its 100 unreserved.
	budget := q.LambdaConcurrency - manifest.MinUnreservedConcurrency
	for _, r := range plan.Routes {
		if r.Wave != 1 || r.Peaks.Concurrency < 1 {
			continue
		}
		want := max(2, int(math.Ceil(r.Peaks.Concurrency*1.5)))
		if want <= budget {
			r.SuggestedReserved = want
			budget -= want
		}
	}
}

func countBehaviors(rs []*Route, m *manifest.Manifest) int {
	mm := &manifest.Manifest{}
	for _, r := range rs {
		mm.Routes = append(mm.Routes, manifest.Route{Path: r.Template, Methods: []string{"GET"}, Target: manifest.TargetLambda, Cache: manifest.CacheNone})
	}
	if m != nil {
		for _, mr := range m.Routes {
			if mr.Target == manifest.TargetLegacy {
				mm.Routes = append(mm.Routes, manifest.Route{Path: mr.Path, Methods: mr.Methods, Target: manifest.TargetLegacy, Via: mr.Via, Cache: manifest.CacheNone})
			}
		}
	}
	bs, _ := mm.EdgeBehaviors()
	return len(bs)
}

// assignFunctions keeps function names unique (two templates may derive
// the same name) and within Lambda's 64 characters.
func assignFunctions(rs []*Route) {
	seen := map[string]bool{}
	for _, r := range rs {
		if r.Function == "" {
			continue
		}
		name := r.Function
		if len(name) > 60 {
			name = strings.TrimRight(name[:60], "-")
		}
		base := name
		for i := 2; seen[name]; i++ {
			name = fmt.Sprintf("%s-%d", base, i)
		}
		seen[name] = true
		r.Function = name
	}
}

func quotaForecasts(plan *Plan, q Quotas, o Options) []QuotaForecast {
	var movable []*Route
	for _, r := range plan.Routes {
		if r.Rank > 0 {
			movable = append(movable, r)
		}
	}
	var conc float64
	var rps int64
	behaviors := 0
	var maxScaling float64
	if n := len(movable); n > 0 {
		conc, rps, behaviors = movable[n-1].CumulativeConcurrency, movable[n-1].CumulativeRPS, movable[n-1].CumulativeBehaviors
	}
	for _, r := range movable {
		maxScaling = max(maxScaling, r.Peaks.ScalingPer10s)
	}
	c := math.Ceil(conc)
	row := func(name string, limit, needed float64, adjustable bool, raise float64, note string) QuotaForecast {
		f := QuotaForecast{Quota: name, Limit: limit, Needed: needed, Crossed: needed > limit, Adjustable: adjustable, Note: note}
		if f.Crossed && adjustable {
			f.RaiseTo = raise
		}
		return f
	}
	enis := float64(q.Subnets*q.SecurityGroups + q.NetworkInterfacesInUse)
	subnetFree := math.Pow(2, float64(32-q.SubnetPrefix)) - 5
	perENI := 0.0
	if q.Subnets > 0 {
		perENI = math.Ceil(c / float64(q.Subnets*max(1, q.SecurityGroups)))
	}
	return []QuotaForecast{
		row(QuotaLambdaConcurrency, float64(q.LambdaConcurrency), c, true, q.headroom(c),
			fmt.Sprintf("peak of the per-second sum of request durations (Little's law) over all routes moved; raise-to leaves the peak at %d%% (the stack's alarm)", q.AlarmPercent)),
		row(QuotaLambdaScaling, float64(q.LambdaScalingPer10s), math.Ceil(maxScaling), false, 0,
			"steepest rise of one route's concurrency within 10 s; fixed by AWS: if crossed, use provisioned concurrency for that function"),
		row(QuotaAPIGatewayRate, q.APIGatewayRate, float64(rps), true, q.headroom(float64(rps)),
			"busiest second of all routes moved (1 s buckets)"),
		row(QuotaAPIGatewayBurst, float64(q.APIGatewayBurst), float64(rps), false, 0,
			"the token bucket's size: a second with more requests than this can be throttled if they arrive together; the logs' 1 s resolution cannot tell (AWS sets the burst from the rate)"),
		row(QuotaStageRate, q.StageRate, float64(rps), true, q.headroom(float64(rps)),
			"the stack's stage throttle: set apiGateway.throttleRateLimit in the manifest (no AWS request needed, up to the account rate)"),
		row(QuotaStageBurst, float64(q.StageBurst), float64(rps), true, q.headroom(float64(rps)),
			"the stack's stage burst: apiGateway.throttleBurstLimit in the manifest"),
		row(QuotaCacheBehaviors, float64(q.CacheBehaviors), float64(behaviors), true, float64(behaviors),
			"distinct CloudFront path patterns of the routes moved, counted as the stack builds them (manifest EdgeBehaviors)"),
		row(QuotaENIs, float64(q.NetworkInterfaces), enis, true, niceCeil(enis*1.25),
			fmt.Sprintf("Lambda uses one Hyperplane ENI per subnet and security group combination (%d x %d), shared by all functions with that combination; it does not grow with concurrency (plus %d already in use)", q.Subnets, q.SecurityGroups, q.NetworkInterfacesInUse)),
		row(QuotaSubnetAddresses, subnetFree, float64(q.SecurityGroups), false, 0,
			fmt.Sprintf("a /%d subnet has %.0f usable addresses (AWS reserves 5); Lambda takes one per Hyperplane ENI in it", q.SubnetPrefix, subnetFree)),
		row(QuotaHyperplaneConns, float64(q.HyperplaneConnections), perENI, false, 0,
			"at least one connection per execution environment, spread over the Hyperplane ENIs; more subnets spread the load"),
	}
}

func describeDuration(d stats.Duration) string {
	switch d.Source {
	case "fixed":
		return fmt.Sprintf("every request keeps a Lambda busy %d ms (--lambda-duration)", d.FixedMs)
	case "p50", "p95", "p99":
		return fmt.Sprintf("every request keeps a Lambda busy for its route's %s time-taken", d.Source)
	}
	return "each request keeps a Lambda busy for its own CloudFront time-taken"
}

func assumptions(o Options) []string {
	return []string{
		"Concurrency is estimated by Little's law: per second, the sum of the durations of the requests completed in it; the peak second is reported.",
		"Duration: " + describeDuration(o.Duration) + ". time-taken is CloudFront's whole edge time (viewer network and origin included), so it overstates a Lambda's duration; pass --lambda-duration 120ms (or p50/p95/p99) when you know better.",
		"Every logged request is counted as load, cache hits included: the draft manifest starts every route with cache: none.",
		"Peaks use 1 s and 1 min buckets of the request completion time CloudFront logs; bursts inside a second are not visible.",
		"Database connections are concurrency times connections per execution environment: the manifest route's database.connectionsPerEnvironment, none for a manifest route without a database, 1 for a route not in the manifest (a monolith route is assumed to read the database).",
	}
}

func pct(v float64) string { return fmt.Sprintf("%.1f%%", v*100) }
