package httpadapter

import (
	"context"
	"net/http"
)

type ctxKey struct{}

// requestInfo is what the adapter stores in a request's context: one value,
// so one allocation, for both request IDs and the path parameters.
type requestInfo struct {
	lambdaRequestID string
	apiRequestID    string
	pathParams      map[string]string
	caller          *Caller // nil: no authorizer on the route
}

func withInfo(ctx context.Context, info *requestInfo) context.Context {
	return context.WithValue(ctx, ctxKey{}, info)
}

func infoFrom(ctx context.Context) *requestInfo {
	info, _ := ctx.Value(ctxKey{}).(*requestInfo)
	return info
}

// LambdaRequestID returns the AWS Lambda request ID of the invocation that
// carries ctx, or "" outside an invocation.
func LambdaRequestID(ctx context.Context) string {
	if info := infoFrom(ctx); info != nil {
		return info.lambdaRequestID
	}
	return ""
}

// APIGatewayRequestID returns the API Gateway request ID
// (requestContext.requestId) of the event that carries ctx, or "".
func APIGatewayRequestID(ctx context.Context) string {
	if info := infoFrom(ctx); info != nil {
		return info.apiRequestID
	}
	return ""
}

// PathParam returns the path parameter name from the API Gateway event
// (pathParameters, e.g. "id" for the resource "/user/{id}"). For requests that
// did not come through the adapter (a local server, httptest), it falls back to
// r.PathValue(name), so a handler mounted on an [http.ServeMux] pattern works
// the same way in both places.
func PathParam(r *http.Request, name string) string {
	if info := infoFrom(r.Context()); info != nil {
		if v, ok := info.pathParams[name]; ok {
			return v
		}
	}
	return r.PathValue(name)
}
