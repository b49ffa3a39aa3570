package athena

import (
	"fmt"

	"github.com/strangler-fig/strangler/manifest"
	"github.com/strangler-fig/strangler/planner/routes"
)

// CheckAgainstTree learns templates from paths as Analyze does and checks
// the ordered expressions against the tree.
func CheckAgainstTree(paths []string, templates []manifest.Template, o routes.Options) error {
	tree := routes.New(o, templates, func() *pathSet { return new(pathSet) },
		mergePathSets)
	for _, p := range paths {
		v := tree.LookupN([]byte(p), 1)
		v.n++
		v.paths = append(v.paths, p)
		v.counts = append(v.counts, 1)
	}
	tree.Learn()
	learned := tree.Routes()
	ps := make([]Pattern, len(learned))
	for i, r := range learned {
		ps[i] = Pattern{Template: r.Template, Segments: r.Segments}
	}
	Order(ps)
	p, err := checkPatterns(ps, learned)
	if p != nil {
		return fmt.Errorf("%s", p.Reason)
	}
	return err
}

// ColumnSizes is columnSizes, for the scan benchmark.
var ColumnSizes = columnSizes
