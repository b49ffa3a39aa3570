// Package main is a stand-in for the api-orders Lambda, so that Load finds
// a Go package where the test manifests say the function is.
package main

func main() {}
