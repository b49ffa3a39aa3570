package httpadapter

import (
	"context"
	"math/rand"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestZZHang(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	var seeds [][]byte
	for _, n := range files {
		b, _ := os.ReadFile(n)
		seeds = append(seeds, b)
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.URL.Query()
		_ = r.URL.String()
		_, _ = r.Cookie("session")
		w.Header().Set("X-Path", r.URL.Path)
		w.Write([]byte(r.URL.RawQuery))
	})
	a := quietAdapter(h)
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 200000; i++ {
		in := append([]byte(nil), seeds[rng.Intn(len(seeds))]...)
		for j := rng.Intn(4) + 1; j > 0; j-- {
			p := rng.Intn(len(in))
			switch rng.Intn(3) {
			case 0:
				in[p] = byte(rng.Intn(256))
			case 1:
				in = append(in[:p], in[p+1:]...)
			case 2:
				in = append(in[:p], append([]byte{byte(rng.Intn(256))}, in[p:]...)...)
			}
			if len(in) == 0 {
				in = []byte("x")
			}
		}
		done := make(chan struct{})
		go func() { a.Invoke(context.Background(), in); close(done) }()
		select {
		case <-done:
		case <-time.After(3 * time.Second):
			os.WriteFile("/tmp/hang.json", in, 0o644)
			t.Fatalf("hang on input %d", i)
		}
	}
}
