package manifest

import (
	"regexp"

	"github.com/strangler-fig/strangler/routing"
)

// Path templates are routing's: the manifest, the constructs and the
// planner read them with the same rules.
type (
	// Template is a parsed path template such as "/user/{id}".
	Template = routing.Template
	// Segment is one part of a path template between slashes.
	Segment = routing.Segment
)

// ParseTemplate checks a path template (API Gateway's rules) and splits it.
func ParseTemplate(path string) (Template, error) { return routing.ParseTemplate(path) }

var nonName = regexp.MustCompile(`[^a-z0-9]+`)
