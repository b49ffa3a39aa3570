package stacks

import (
	"github.com/strangler-fig/strangler/constructs"
	"github.com/strangler-fig/strangler/manifest"
)

// CutoverRoutes are the routes the stack compiles into the cut-over
// viewer-request function, for a local run of that same function.
func CutoverRoutes(m *manifest.Manifest) []constructs.CutoverRoute { return cutoverRoutes(m) }

// APIMethods are the API Gateway methods the stack defines for a route's
// methods (GET brings HEAD), for a local API with the same methods.
func APIMethods(methods []string) []string { return apiMethods(methods) }
