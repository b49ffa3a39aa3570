package manifest_test

import (
	"fmt"

	"github.com/strangler-fig/strangler/manifest"
)

// Load reports every problem of a manifest at once, one line each, naming
// the file, the line, the route (by path and index) and the field.
func ExampleLoad() {
	// testdata/invalid.yaml:
	//
	//	legacy:
	//	  domainName: https://legacy-api.example.com
	//	routes:
	//	  - path: /user/{id}
	//	    timeoutSeconds: 60
	//	  - path: /user/{name}/orders
	//	    target: legacy
	_, err := manifest.Load("testdata/invalid.yaml")
	fmt.Println(err)
	// Output:
	// route manifest testdata/invalid.yaml has 3 problem(s):
	//   testdata/invalid.yaml:2: legacy.domainName: "https://legacy-api.example.com" must be a bare host name, without scheme, port or path
	//   testdata/invalid.yaml:5: route /user/{id} (routes[0]), timeoutSeconds: 60 s is over the API Gateway integration timeout (29 s): API Gateway answers 504 at 29 s and the rest is paid for nothing; use at most 29
	//   testdata/invalid.yaml:6: route /user/{name}/orders (routes[1]), path: uses {name} under "/user/" where routes[0] (/user/{id}) uses {id}; API Gateway allows one variable part per level: use the same name
}

// Parse checks a manifest held in memory; with dir "" it does not look for
// the Lambda folders.
func ExampleParse() {
	m, err := manifest.Parse([]byte(`
legacy:
  domainName: legacy-api.example.com
routes:
  - path: /user/{id}
    cache: per-token
    cacheQueryKeys: []
  - path: /user/{id}/orders
    target: legacy
auth:
  default: jwt
  jwt: {issuer: "https://login.example.com/", audiences: [api], jwksUrl: "https://login.example.com/jwks.json"}
`), "draft.yaml", "")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range m.Functions() {
		fmt.Println("function", f.Name)
	}
	for _, b := range m.EdgePatterns() {
		fmt.Println("behaviour", b)
	}
	// Output:
	// function api-user-id
	// behaviour /user/*/orders
	// behaviour /user/*
}
