// Command hello is the smallest Go main package: tests build it as Lambda
// code without paying for a real handler's dependencies.
package main

import "fmt"

func main() { fmt.Println("hello") }
