package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/strangler-fig/strangler/lambdas/httpadapter"
)

// queryTimeout bounds one lookup, below the request's own deadline.
const queryTimeout = 3 * time.Second

// user is the JSON the API returns; the users table has these columns.
type user struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

type userHandler struct{ db *sql.DB }

// newHandler serves GET /user/{id} from the users table (id, name, email).
func newHandler(db *sql.DB) http.Handler { return &userHandler{db: db} }

func (h *userHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeJSON(w, http.StatusMethodNotAllowed, map[string]string{"message": "method not allowed"})
		return
	}
	raw := httpadapter.PathParam(r, "id")
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id <= 0 {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": "id must be a positive integer: " + strconv.Quote(raw)})
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), queryTimeout)
	defer cancel()
	var u user
	err = h.db.QueryRowContext(ctx, "SELECT id, name, email FROM users WHERE id = ?", id).Scan(&u.ID, &u.Name, &u.Email)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		writeJSON(w, http.StatusNotFound, map[string]string{"message": "user not found"})
	case err != nil:
		slog.ErrorContext(r.Context(), "querying user", "id", id, "error", err.Error())
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"message": "database unavailable"})
	default:
		writeJSON(w, http.StatusOK, u)
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, _ := json.Marshal(v) // only maps of strings and user: cannot fail
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(b)
}
