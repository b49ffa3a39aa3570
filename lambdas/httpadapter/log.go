package httpadapter

import (
	"context"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/aws/aws-lambda-go/lambdacontext"
)

// NewLogHandler returns a slog JSON handler writing Lambda's JSON log format:
// "timestamp", "level" (DEBUG, INFO, WARN, ERROR), "message", then
// "requestId" (the Lambda request ID) and "apiRequestId" (the API Gateway
// request ID) when the record's context comes from an invocation, then the
// record's own attributes. With the function's log format set to JSON,
// CloudWatch and Lambda's log-level filtering read these fields as they read
// the runtime's own lines (the same keys as aws-lambda-go's
// lambdacontext.NewLogHandler).
//
// opts may be nil; then the level comes from AWS_LAMBDA_LOG_LEVEL (INFO when
// unset). opts.ReplaceAttr, if set, runs after the key renaming.
func NewLogHandler(w io.Writer, opts *slog.HandlerOptions) slog.Handler {
	var o slog.HandlerOptions
	if opts != nil {
		o = *opts
	} else {
		o.Level = levelFromEnv(os.Getenv("AWS_LAMBDA_LOG_LEVEL"))
	}
	user := o.ReplaceAttr
	o.ReplaceAttr = func(groups []string, a slog.Attr) slog.Attr {
		if len(groups) == 0 {
			switch a.Key {
			case slog.TimeKey:
				a.Key = "timestamp"
				if a.Value.Kind() == slog.KindTime {
					a.Value = slog.TimeValue(a.Value.Time().UTC())
				}
			case slog.MessageKey:
				a.Key = "message"
			}
		}
		if user != nil {
			return user(groups, a)
		}
		return a
	}
	return &logHandler{h: slog.NewJSONHandler(w, &o)}
}

func levelFromEnv(s string) slog.Level {
	switch strings.ToUpper(s) {
	case "TRACE", "DEBUG":
		return slog.LevelDebug
	case "WARN":
		return slog.LevelWarn
	case "ERROR", "FATAL":
		return slog.LevelError
	}
	return slog.LevelInfo
}

// logHandler adds the request IDs from the context to every record.
type logHandler struct {
	h slog.Handler
}

func (l *logHandler) Enabled(ctx context.Context, level slog.Level) bool {
	return l.h.Enabled(ctx, level)
}

func (l *logHandler) Handle(ctx context.Context, r slog.Record) error {
	if ctx != nil {
		if info := infoFrom(ctx); info != nil {
			if info.lambdaRequestID != "" {
				r.AddAttrs(slog.String("requestId", info.lambdaRequestID))
			}
			if info.apiRequestID != "" {
				r.AddAttrs(slog.String("apiRequestId", info.apiRequestID))
			}
		} else if lc, ok := lambdacontext.FromContext(ctx); ok && lc.AwsRequestID != "" {
			r.AddAttrs(slog.String("requestId", lc.AwsRequestID))
		}
	}
	return l.h.Handle(ctx, r)
}

func (l *logHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &logHandler{h: l.h.WithAttrs(attrs)}
}

func (l *logHandler) WithGroup(name string) slog.Handler {
	return &logHandler{h: l.h.WithGroup(name)}
}
