package planner

import "slices"

// SortRoutes puts the most requested route first (ties by template), the
// order of Result.Routes whatever made them.
func SortRoutes(rs []RouteResult) {
	slices.SortStableFunc(rs, func(a, b RouteResult) int {
		if a.Stats.Requests != b.Stats.Requests {
			if a.Stats.Requests > b.Stats.Requests {
				return -1
			}
			return 1
		}
		if a.Template < b.Template {
			return -1
		}
		return 1
	})
}

// SortHosts puts the most requested Host first (ties by name).
func SortHosts(hs []HostCount) {
	slices.SortFunc(hs, func(a, b HostCount) int {
		if a.Requests != b.Requests {
			return int(b.Requests - a.Requests)
		}
		if a.Host < b.Host {
			return -1
		}
		return 1
	})
}
