package apigwtest

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"

	"github.com/strangler-fig/strangler/lambdas/httpadapter"
)

func TestHandlerSeesWhatProductionGivesIt(t *testing.T) {
	type seen struct {
		Path   string
		ID     string
		Query  map[string][]string
		Header string
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(seen{r.URL.Path, httpadapter.PathParam(r, "id"), r.URL.Query(), r.Header.Get("Authorization")})
	})
	api, err := New(httpadapter.New(h, httpadapter.WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil)))), "prod", "/products/{id}", "/bin")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(api)
	defer srv.Close()

	req, _ := http.NewRequest("GET", srv.URL+"/products/a%20b?idList=1;2;3&id=1&id=2&q=x+y", nil)
	req.Header.Set("Authorization", "Bearer t")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var got seen
	json.NewDecoder(resp.Body).Decode(&got)
	resp.Body.Close()
	want := seen{"/products/a b", "a b", map[string][]string{"idList": {"1;2;3"}, "id": {"1", "2"}, "q": {"x y"}}, "Bearer t"}
	if !reflect.DeepEqual(got, want) || resp.Header.Get("X-Amzn-Requestid") == "" {
		t.Errorf("got %+v (request id %q), want %+v", got, resp.Header.Get("X-Amzn-Requestid"), want)
	}

	resp, err = http.Get(srv.URL + "/nowhere")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 403 || string(body) != `{"message":"Missing Authentication Token"}` {
		t.Errorf("unknown path: %d %s", resp.StatusCode, body)
	}
}

func TestBinaryResponseDecoded(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Add("Set-Cookie", "a=1")
		w.Header().Add("Set-Cookie", "b=2")
		w.Write([]byte{0, 1, 0xff})
	})
	api, _ := New(httpadapter.New(h), "prod", "/bin")
	srv := httptest.NewServer(api)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/bin")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !reflect.DeepEqual(body, []byte{0, 1, 0xff}) || len(resp.Header.Values("Set-Cookie")) != 2 {
		t.Errorf("body %v, cookies %v", body, resp.Header.Values("Set-Cookie"))
	}
}

func TestBadTemplate(t *testing.T) {
	if _, err := New(nil, "prod", "products"); err == nil {
		t.Error("a template without / was accepted")
	}
}
