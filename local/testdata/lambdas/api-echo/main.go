// Command api-echo answers with what it was given, through httpadapter:
// the test of what a handler sees behind the local edge.
package main

import (
	"github.com/strangler-fig/strangler/lambdas/httpadapter"
	"github.com/strangler-fig/strangler/local/testdata/lambdas/echo"
)

func main() { httpadapter.Start(echo.Handler) }
