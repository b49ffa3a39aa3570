// Command api-products is the Lambda function for GET /products and
// GET /products/{id}.
package main

import "github.com/strangler-fig/strangler/lambdas/httpadapter"

func main() { httpadapter.Start(newHandler(defaultCatalogue())) }
