// Package jsiitest ends the test binaries that link aws-cdk-go.
//
// jsii-runtime-go copies its runtime (2.2 MB) into a new temporary folder
// when the aws-cdk-go packages initialise, whether or not a test calls
// Node, and removes it only in jsii.Close: every `go test` of such a
// package left one behind.
package jsiitest

import (
	"testing"

	"github.com/aws/jsii-runtime-go"
)

// Run runs the tests, then stops the kernel and removes its folder:
//
//	func TestMain(m *testing.M) { os.Exit(jsiitest.Run(m)) }
func Run(m *testing.M) int {
	code := m.Run()
	jsii.Close()
	return code
}
