// Command api-faulty misbehaves on request (see package faulty).
package main

import "github.com/strangler-fig/strangler/local/testdata/lambdas/faulty"

func main() { faulty.Start() }
