package httpadapter

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"runtime/debug"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-lambda-go/lambdacontext"
)

// DefaultDeadlineMargin is how long before the Lambda deadline a request's
// context is cancelled, unless [WithDeadlineMargin] says otherwise.
const DefaultDeadlineMargin = 500 * time.Millisecond

// Adapter turns API Gateway events into calls of an http.Handler. It
// implements aws-lambda-go's lambda.Handler. It is safe for concurrent use.
type Adapter struct {
	handler     http.Handler
	logger      *slog.Logger
	margin      time.Duration
	stripPrefix string
}

// Option configures an Adapter.
type Option func(*Adapter)

// WithLogger sets the logger for the adapter's own log lines (panics,
// malformed events). The default writes Lambda-format JSON to stdout, see
// [NewLogHandler].
func WithLogger(l *slog.Logger) Option {
	return func(a *Adapter) {
		if l != nil {
			a.logger = l
		}
	}
}

// WithDeadlineMargin sets how long before the Lambda deadline the request's
// context is cancelled (default [DefaultDeadlineMargin]); 0 keeps the Lambda
// deadline itself.
func WithDeadlineMargin(d time.Duration) Option {
	return func(a *Adapter) { a.margin = max(d, 0) }
}

// WithStripPrefix removes a fixed leading path segment (or segments), e.g.
// the base path of a custom-domain mapping, after the stage is removed.
func WithStripPrefix(prefix string) Option {
	return func(a *Adapter) { a.stripPrefix = prefix }
}

// New returns an Adapter serving h.
func New(h http.Handler, opts ...Option) *Adapter {
	a := &Adapter{handler: h, margin: DefaultDeadlineMargin}
	for _, o := range opts {
		o(a)
	}
	if a.logger == nil {
		a.logger = slog.New(NewLogHandler(os.Stdout, nil))
	}
	return a
}

// Logger returns the adapter's logger.
func (a *Adapter) Logger() *slog.Logger { return a.logger }

// Start makes the adapter's logger the slog default (so handlers can call
// slog.InfoContext(r.Context(), ...) and get Lambda-format lines with both
// request IDs) and runs the Lambda runtime loop with New(h, opts...). It does
// not return.
func Start(h http.Handler, opts ...Option) {
	a := New(h, opts...)
	slog.SetDefault(a.logger)
	lambda.Start(a)
}

// Invoke handles one API Gateway event (REST API payload 1.0 or HTTP API
// payload 2.0) and returns the response event of the same version. The error
// is always nil: a malformed event gives a 400 response event, a panicking
// handler a 500 and a handler that let its deadline pass without answering a
// 504, so API Gateway always gets a well-formed answer.
func (a *Adapter) Invoke(ctx context.Context, payload []byte) ([]byte, error) {
	lambdaID := ""
	if lc, ok := lambdacontext.FromContext(ctx); ok {
		lambdaID = lc.AwsRequestID
	}

	var e event
	defer e.release()
	if err := decodeEvent(payload, &e); err != nil {
		return a.malformed(ctx, lambdaID, &e, payload, err), nil
	}

	if dl, ok := ctx.Deadline(); ok && a.margin > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, dl.Add(-a.margin))
		defer cancel()
	}

	r, err := a.buildRequest(ctx, &e, lambdaID)
	if err != nil {
		return a.malformed(ctx, lambdaID, &e, payload, err), nil
	}

	w := getWriter()
	defer putWriter(w)
	if rec, stack := a.serve(w, r); rec != nil {
		rctx := r.Context()
		a.logger.LogAttrs(rctx, slog.LevelError, "handler panicked",
			slog.String("panic", fmt.Sprint(rec)),
			slog.String("stack", string(stack)),
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Any("event", redactEvent(payload)),
		)
		return errorEvent(e.isV2(), http.StatusInternalServerError, "Internal Server Error", "",
			lambdaID, e.RequestContext.RequestID), nil
	}
	if !w.wroteHeader && w.body.Len() == 0 && r.Context().Err() != nil {
		a.logger.LogAttrs(r.Context(), slog.LevelError, "handler returned no response before its deadline",
			slog.String("method", r.Method), slog.String("path", r.URL.Path))
		return errorEvent(e.isV2(), http.StatusGatewayTimeout, "Gateway Timeout", "",
			lambdaID, e.RequestContext.RequestID), nil
	}
	w.finish()
	buf := getBuf()
	defer putBuf(buf)
	*buf = encodeResponse((*buf)[:0], e.isV2(), w.status, w.header, w.body.Bytes())
	return bytes.Clone(*buf), nil
}

// serve runs the handler and returns the recovered panic value, if any, and
// its stack.
func (a *Adapter) serve(w *responseWriter, r *http.Request) (rec any, stack []byte) {
	defer func() {
		if rec = recover(); rec != nil {
			stack = debug.Stack()
		}
	}()
	a.handler.ServeHTTP(w, r)
	return nil, nil
}

func (a *Adapter) malformed(ctx context.Context, lambdaID string, e *event, payload []byte, err error) []byte {
	ctx = withInfo(ctx, &requestInfo{lambdaRequestID: lambdaID, apiRequestID: e.RequestContext.RequestID})
	a.logger.LogAttrs(ctx, slog.LevelWarn, "malformed API Gateway event",
		slog.String("error", err.Error()),
		slog.Int("eventBytes", len(payload)),
		slog.Any("event", redactEvent(payload)),
	)
	return errorEvent(e.isV2(), http.StatusBadRequest, "Bad Request", err.Error(),
		lambdaID, e.RequestContext.RequestID)
}

// errorEvent builds a response event with a JSON body:
// {"message":...,"error":...,"requestId":...,"apiRequestId":...}.
func errorEvent(v2 bool, status int, message, detail, lambdaID, apiID string) []byte {
	body := append([]byte(nil), `{"message":`...)
	body = appendJSONString(body, message)
	if detail != "" {
		body = append(body, `,"error":`...)
		body = appendJSONString(body, detail)
	}
	body = append(body, `,"requestId":`...)
	body = appendJSONString(body, lambdaID)
	body = append(body, `,"apiRequestId":`...)
	body = appendJSONString(body, apiID)
	body = append(body, '}')
	h := http.Header{"Content-Type": {"application/json"}}
	return encodeResponse(nil, v2, status, h, body)
}
