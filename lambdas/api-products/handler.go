package main

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/strangler-fig/strangler/lambdas/httpadapter"
)

// fieldNames are the product fields a client may select with "fields".
var fieldNames = []string{"id", "name", "price", "stock"}

// newHandler serves
//
//	GET /products                      all products
//	GET /products?id=1&id=3            the listed products, in request order
//	GET /products?fields=name;price    only those fields (';' or ',' separated)
//	GET /products/{id}                 one product, 404 when absent
//
// Non-numeric ids and unknown fields give 400.
func newHandler(c catalogue) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /products", func(w http.ResponseWriter, r *http.Request) { list(w, r, c) })
	mux.HandleFunc("GET /products/{id}", func(w http.ResponseWriter, r *http.Request) { one(w, r, c) })
	return mux
}

func list(w http.ResponseWriter, r *http.Request, c catalogue) {
	q := r.URL.Query()
	fields, err := parseFields(q["fields"])
	if err != nil {
		writeJSON(w, r, http.StatusBadRequest, map[string]string{"message": err.Error()})
		return
	}
	selected := c
	if ids := q["id"]; len(ids) > 0 {
		selected = make(catalogue, 0, len(ids))
		for _, s := range ids {
			id, err := parseID(s)
			if err != nil {
				writeJSON(w, r, http.StatusBadRequest, map[string]string{"message": "id must be a positive integer: " + strconv.Quote(s)})
				return
			}
			if p, ok := c.byID(id); ok {
				selected = append(selected, p)
			}
		}
	}
	out := make([]map[string]any, 0, len(selected))
	for _, p := range selected {
		out = append(out, project(p, fields))
	}
	writeJSON(w, r, http.StatusOK, map[string]any{"products": out})
}

func one(w http.ResponseWriter, r *http.Request, c catalogue) {
	raw := httpadapter.PathParam(r, "id")
	id, err := parseID(raw)
	if err != nil {
		writeJSON(w, r, http.StatusBadRequest, map[string]string{"message": "id must be a positive integer: " + strconv.Quote(raw)})
		return
	}
	p, ok := c.byID(id)
	if !ok {
		writeJSON(w, r, http.StatusNotFound, map[string]string{"message": "product not found"})
		return
	}
	writeJSON(w, r, http.StatusOK, p)
}

func parseID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, strconv.ErrSyntax
	}
	return id, nil
}

// parseFields splits every "fields" value on ';' and ','.
func parseFields(values []string) (map[string]bool, error) {
	if len(values) == 0 {
		return nil, nil
	}
	fields := map[string]bool{}
	for _, v := range values {
		for f := range strings.FieldsFuncSeq(v, func(r rune) bool { return r == ';' || r == ',' }) {
			f = strings.TrimSpace(f)
			known := false
			for _, n := range fieldNames {
				known = known || n == f
			}
			if !known {
				return nil, &fieldError{f}
			}
			fields[f] = true
		}
	}
	return fields, nil
}

type fieldError struct{ name string }

func (e *fieldError) Error() string {
	return "unknown field " + strconv.Quote(e.name) + "; known: " + strings.Join(fieldNames, ", ")
}

func project(p product, fields map[string]bool) map[string]any {
	all := map[string]any{"id": p.ID, "name": p.Name, "price": p.Price, "stock": p.Stock}
	if fields == nil {
		return all
	}
	out := make(map[string]any, len(fields))
	for f := range fields {
		out[f] = all[f]
	}
	return out
}

func writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		slog.ErrorContext(r.Context(), "encoding response", "error", err)
		status, b = http.StatusInternalServerError, []byte(`{"message":"internal error"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(b)
}
