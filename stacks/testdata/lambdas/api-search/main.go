// Command api-search is a stand-in Lambda for stack tests: building it is cheap.
package main

import "fmt"

func main() { fmt.Println("api-search") }
