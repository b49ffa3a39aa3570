package athena

import (
	"fmt"

	"github.com/strangler-fig/strangler/manifest"
	"github.com/strangler-fig/strangler/planner/routes"
)

// CheckAgainstTree learns templates from paths as Analyze does and checks
// the ordered expressions against the tree.
func CheckAgainstTree(paths []string, templates []manifest.Template, o routes.Options) error {
	tree := newPathTree(o, templates)
	for _, p := range paths {
		addPath(tree, p, 1)
	}
	_, _, p, err := learnPatterns(tree)
	if p != nil {
		return fmt.Errorf("%s", p.Reason)
	}
	return err
}

// ColumnSizes is columnSizes, for the scan benchmark.
var ColumnSizes = columnSizes
