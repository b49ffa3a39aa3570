package main

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"syscall"
	"time"

	"github.com/go-sql-driver/mysql"

	"github.com/strangler-fig/strangler/awslimits"
	"github.com/strangler-fig/strangler/lambdas/httpadapter"
)

// queryTimeout bounds one lookup, retries included, below the request's
// own deadline.
const queryTimeout = 3 * time.Second

// A connection refused or reset is what a client sees while a database
// fails over (or an RDS Proxy moves to the new writer): retried a bounded
// number of times, waiting a little longer each time, within queryTimeout.
const (
	maxAttempts  = 3
	firstBackoff = 100 * time.Millisecond
)

// Retry-After of a 503, in seconds: a full database frees connections in
// moments; a database failing over takes longer.
const (
	retryAfterBusy        = "1"
	retryAfterUnavailable = "5"
)

// ScopeReadAnyUser lets a caller (a support tool, another service) read
// users other than its own; everyone else reads only the user whose id is
// its subject, as the monolith allowed.
const ScopeReadAnyUser = "users:read-any"

// user is the JSON the API returns; the users table has these columns.
type user struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

type userHandler struct {
	db *sql.DB
	// wait sleeps d before a retry, or returns ctx's error first.
	wait func(ctx context.Context, d time.Duration) error
}

// newHandler serves GET /user/{id} from the users table (id, name, email).
func newHandler(db *sql.DB) http.Handler { return &userHandler{db: db, wait: sleep} }

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (h *userHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"message": "method not allowed"})
		return
	}
	// The route's authorizer vouched for the caller; without one (a
	// manifest that made the route public) nobody's data is served.
	caller, ok := httpadapter.CallerFrom(r.Context())
	if !ok {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"message": "authentication required"})
		return
	}
	raw := httpadapter.PathParam(r, "id")
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": "id must be a positive integer: " + strconv.Quote(raw)})
		return
	}
	// Before the lookup: another's id answers the same whether it exists
	// or not, so ids cannot be enumerated.
	if caller.Subject != strconv.FormatInt(id, 10) && !caller.HasScope(ScopeReadAnyUser) {
		writeJSON(w, http.StatusForbidden, map[string]string{"message": "you may read only your own user"})
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), queryTimeout)
	defer cancel()
	u, attempts, err := h.lookup(ctx, id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "user not found"})
	case tooManyConnections(err):
		// Not retried: every waiting client retrying at once is what keeps
		// a full database full. The caller is told when to come back.
		slog.WarnContext(r.Context(), "database has no free connection", "id", id, "error", err.Error())
		w.Header().Set("Retry-After", retryAfterBusy)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"message": "database busy: no free connection, retry shortly"})
	case err != nil:
		slog.ErrorContext(r.Context(), "querying user", "id", id, "attempts", attempts, "error", err.Error())
		w.Header().Set("Retry-After", retryAfterUnavailable)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"message": "database unavailable"})
	default:
		writeJSON(w, http.StatusOK, u)
	}
}

// lookup reads one user, retrying connection failures a failover causes.
// The query is one statement in autocommit, with its argument escaped
// into the text by the driver: nothing that pins a proxy session.
func (h *userHandler) lookup(ctx context.Context, id int64) (user, int, error) {
	backoff := firstBackoff
	for attempt := 1; ; attempt++ {
		var u user
		err := h.db.QueryRowContext(ctx, "SELECT id, name, email FROM users WHERE id = ?", id).Scan(&u.ID, &u.Name, &u.Email)
		if err == nil || attempt == maxAttempts || !failingOver(err) {
			return u, attempt, err
		}
		if h.wait(ctx, backoff) != nil {
			return u, attempt, err
		}
		backoff *= 2
	}
}

// failingOver reports an error a failover causes and a retry may fix:
// the server refusing or dropping connections, or a pooled connection
// found dead.
func failingOver(err error) bool {
	return errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, driver.ErrBadConn) || errors.Is(err, mysql.ErrInvalidConn)
}

// tooManyConnections reports the server refusing a connection because
// max_connections (or the user's max_user_connections) are open.
func tooManyConnections(err error) bool {
	var me *mysql.MySQLError
	return errors.As(err, &me) && (me.Number == awslimits.MySQLErrTooManyConnections || me.Number == awslimits.MySQLErrUserLimitReached)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, _ := json.Marshal(v) // only maps of strings and user: cannot fail
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(b)
}
