// Command api-slow is api-faulty under another name, so that a test
// manifest can give it a timeout equal to the integration timeout.
package main

import "github.com/strangler-fig/strangler/local/testdata/lambdas/faulty"

func main() { faulty.Start() }
