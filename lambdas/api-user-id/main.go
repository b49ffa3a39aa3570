// Command api-user-id is the Lambda function for GET /user/{id}: the user as
// JSON from MySQL, 404 when absent, 400 on a non-numeric id.
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/strangler-fig/strangler/lambdas/httpadapter"
)

func main() {
	// Cold start: read the configuration (and the secret, if any) once and
	// keep one *sql.DB for every invocation of this execution environment.
	cfg, err := loadConfig(context.Background(), os.Getenv)
	if err != nil {
		slog.Error("loading database configuration", "error", err)
		os.Exit(1)
	}
	httpadapter.Start(newHandler(openDB(cfg)))
}
