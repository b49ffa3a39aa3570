package cflog

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// ListSources lists the log files named on a command line: local files
// and folders (see LocalSources) and s3://bucket/prefix URLs (see
// S3Sources), read with the default AWS configuration; s3Endpoint, if
// set, is an S3-compatible endpoint addressed path-style.
func ListSources(ctx context.Context, args []string, s3Endpoint string) ([]Source, error) {
	var local []string
	var out []Source
	var client *s3.Client
	for _, a := range args {
		if !strings.HasPrefix(a, "s3://") {
			local = append(local, a)
			continue
		}
		if client == nil {
			cfg, err := config.LoadDefaultConfig(ctx)
			if err != nil {
				return nil, fmt.Errorf("AWS configuration: %w", err)
			}
			client = s3.NewFromConfig(cfg, func(o *s3.Options) {
				if s3Endpoint != "" {
					o.BaseEndpoint = &s3Endpoint
					o.UsePathStyle = true
				}
			})
		}
		srcs, err := S3Sources(ctx, client, a)
		if err != nil {
			return nil, err
		}
		out = append(out, srcs...)
	}
	if len(local) > 0 {
		srcs, err := LocalSources(local)
		if err != nil {
			return nil, err
		}
		out = append(out, srcs...)
	}
	return out, nil
}
