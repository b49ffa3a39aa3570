// Package cflogtest writes CloudFront standard log lines and files: exact
// lines for tests with known answers, and realistic log sets of a chosen
// size for benchmarks.
package cflogtest

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/strangler-fig/strangler/planner/cflog"
)

// Header is the two header lines CloudFront starts a file with.
const Header = "#Version: 1.0\n#Fields: " + cflog.DefaultFields + "\n"

// Line is one request to write.
type Line struct {
	Time        time.Time
	Method      string // default GET
	Path        string // cs-uri-stem, written as given
	Query       string // default "-"
	Status      int    // default 200
	Bytes       int64
	TimeTakenMs int64  // negative: "-"
	Host        string // default "api.example.com"
	// Seed varies the fields the planner does not read (request ID, client
	// address and port, edge location, user agent) as real logs do.
	Seed uint64
}

var (
	edges  = []string{"FRA56-P1", "FRA60-P3", "AMS1-C1", "LHR61-P2", "CDG50-C1", "IAD89-C3", "SEA19-C1", "NRT57-P2"}
	agents = []string{
		"Mozilla/5.0%20(Windows%20NT%2010.0;%20Win64;%20x64)%20AppleWebKit/537.36%20(KHTML,%20like%20Gecko)%20Chrome/124.0.0.0%20Safari/537.36",
		"Mozilla/5.0%20(iPhone;%20CPU%20iPhone%20OS%2017_4%20like%20Mac%20OS%20X)%20AppleWebKit/605.1.15%20(KHTML,%20like%20Gecko)%20Mobile/15E148",
		"okhttp/4.12.0",
		"MyShopApp/3.14.2%20(Android%2014;%20Pixel%208)",
		"Mozilla/5.0%20(Macintosh;%20Intel%20Mac%20OS%20X%2014_4)%20AppleWebKit/605.1.15%20(KHTML,%20like%20Gecko)%20Version/17.4%20Safari/605.1.15",
		"curl/8.5.0",
	}
)

const b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// Append writes l as a 33-field CloudFront line, with its newline.
func Append(b []byte, l Line) []byte {
	t := l.Time.UTC()
	b = t.AppendFormat(b, "2006-01-02\t15:04:05")
	x := l.Seed*0x9E3779B97F4A7C15 + 0x632BE59BD9B4E5
	next := func() uint64 { x ^= x >> 33; x *= 0xff51afd7ed558ccd; x ^= x >> 29; return x }
	b = append(b, '\t')
	b = append(b, edges[next()%uint64(len(edges))]...)
	b = append(b, '\t')
	b = strconv.AppendInt(b, l.Bytes, 10)
	ip := next()
	b = append(b, '\t')
	b = strconv.AppendInt(b, int64(ip>>8&0x7f+1), 10)
	b = append(b, '.')
	b = strconv.AppendInt(b, int64(ip>>16&0xff), 10)
	b = append(b, '.')
	b = strconv.AppendInt(b, int64(ip>>24&0xff), 10)
	b = append(b, '.')
	b = strconv.AppendInt(b, int64(ip>>32&0xff), 10)
	method := l.Method
	if method == "" {
		method = "GET"
	}
	b = append(b, '\t')
	b = append(b, method...)
	b = append(b, "\td111111abcdef8.cloudfront.net\t"...)
	b = append(b, l.Path...)
	status := l.Status
	if status == 0 {
		status = 200
	}
	b = append(b, '\t')
	b = strconv.AppendInt(b, int64(status), 10)
	b = append(b, "\t-\t"...)
	b = append(b, agents[next()%uint64(len(agents))]...)
	b = append(b, '\t')
	q := l.Query
	if q == "" {
		q = "-"
	}
	b = append(b, q...)
	b = append(b, "\t-\tMiss\t"...)
	for range 54 / 9 {
		v := next()
		for range 9 {
			b = append(b, b64[v&63])
			v >>= 6
		}
	}
	b = append(b, "==\t"...)
	host := l.Host
	if host == "" {
		host = "api.example.com"
	}
	b = append(b, host...)
	b = append(b, "\thttps\t312\t"...)
	b = appendSeconds(b, l.TimeTakenMs)
	b = append(b, "\t-\tTLSv1.3\tTLS_AES_128_GCM_SHA256\tMiss\tHTTP/2.0\t-\t-\t"...)
	b = strconv.AppendInt(b, int64(next()%60000+1024), 10)
	b = append(b, '\t')
	b = appendSeconds(b, l.TimeTakenMs)
	b = append(b, "\tMiss\tapplication/json\t"...)
	b = strconv.AppendInt(b, max(0, l.Bytes-300), 10)
	b = append(b, "\t-\t-\n"...)
	return b
}

func appendSeconds(b []byte, ms int64) []byte {
	if ms < 0 {
		return append(b, '-')
	}
	b = strconv.AppendInt(b, ms/1000, 10)
	b = append(b, '.')
	f := ms % 1000
	b = append(b, byte('0'+f/100), byte('0'+f/10%10), byte('0'+f%10))
	return b
}

// WriteFile writes lines under the CloudFront header to path, gzipped if
// the name ends in .gz.
func WriteFile(path string, lines []Line) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	var w io.Writer = f
	var zw *gzip.Writer
	if filepath.Ext(path) == ".gz" {
		zw = gzip.NewWriter(f)
		w = zw
	}
	bw := bufio.NewWriter(w)
	bw.WriteString(Header)
	var b []byte
	for _, l := range lines {
		b = Append(b[:0], l)
		bw.Write(b)
	}
	err = bw.Flush()
	if zw != nil && err == nil {
		err = zw.Close()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// route is one kind of request in a generated set.
type route struct {
	weight       float64
	method       string
	path         func(r *rand.Rand) string
	msLo, msHi   int64
	bytesLo      int64
	bytesHi      int64
	errorPercent int
}

func num(r *rand.Rand) string { return strconv.Itoa(r.IntN(5_000_000) + 1) }

func uuid(r *rand.Rand) string {
	a, b := r.Uint64(), r.Uint64()
	return fmt.Sprintf("%08x-%04x-4%03x-a%03x-%012x", uint32(a), uint16(a>>32), uint16(a>>48)&0xfff, uint16(b)&0xfff, b>>16&0xffffffffffff)
}

var names = func() []string {
	var out []string
	for _, a := range []string{"ann", "bob", "cho", "dev", "eva", "fay", "gus", "hal", "ida", "joe", "kai", "lea", "max", "ned", "oli", "pia"} {
		for _, b := range []string{"smith", "jones", "lee", "khan", "garcia", "muller", "rossi", "dubois", "silva", "kim", "ng", "ali"} {
			out = append(out, a+"."+b)
		}
	}
	return out
}()

// Mix is the request mix of generated sets: a typical JSON API.
var mix = []route{
	{30, "GET", func(r *rand.Rand) string { return "/user/" + num(r) }, 15, 90, 600, 2400, 1},
	{10, "GET", func(r *rand.Rand) string { return "/user/" + num(r) + "/orders" }, 40, 250, 1200, 9000, 1},
	{15, "GET", func(r *rand.Rand) string { return "/products" }, 20, 120, 4000, 30000, 0},
	{12, "GET", func(r *rand.Rand) string { return "/products/" + num(r) }, 10, 60, 900, 5000, 2},
	{5, "POST", func(r *rand.Rand) string { return "/orders" }, 120, 900, 300, 800, 3},
	{6, "GET", func(r *rand.Rand) string { return "/orders/" + uuid(r) }, 30, 150, 700, 3000, 1},
	{8, "GET", func(r *rand.Rand) string { return "/search" }, 80, 600, 2000, 20000, 1},
	{4, "GET", func(r *rand.Rand) string { return "/profile/" + names[r.IntN(len(names))] }, 20, 100, 800, 2000, 0},
	{3, "GET", func(r *rand.Rand) string { return "/health" }, 1, 5, 250, 260, 0},
	{2, "GET", func(r *rand.Rand) string { return "/api/v2/items/" + num(r) + "/reviews" }, 50, 300, 1000, 8000, 1},
	{2, "PUT", func(r *rand.Rand) string { return "/user/" + num(r) }, 40, 200, 300, 600, 2},
	{3, "GET", func(r *rand.Rand) string { return fmt.Sprintf("/static/app.%016x.js", r.Uint64()|1) }, 1, 20, 50000, 200000, 0},
}

// SetOptions describe a generated log set.
type SetOptions struct {
	Dir          string
	Start        time.Time // first hour; default 2025-03-03T00:00Z
	Hours        int       // default 24
	FilesPerHour int       // default 2
	TargetBytes  int64     // uncompressed size of the whole set
	Seed         uint64
	Workers      int // default 2
}

// WriteSet writes a realistic log set: a diurnal load with a few spikes,
// one gzip file per hour and part as CloudFront names them. It returns the
// number of request lines written.
func WriteSet(o SetOptions) (int64, error) {
	if o.Start.IsZero() {
		o.Start = time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)
	}
	o.Hours = max(o.Hours, 1)
	if o.Hours == 0 {
		o.Hours = 24
	}
	o.FilesPerHour = max(o.FilesPerHour, 1)
	o.Workers = max(o.Workers, 1)
	if err := os.MkdirAll(o.Dir, 0o755); err != nil {
		return 0, err
	}
	const avgLine = 376 // bytes, measured on this generator's lines
	totalLines := o.TargetBytes / avgLine
	perFile := totalLines / int64(o.Hours*o.FilesPerHour)
	type job struct{ hour, part int }
	jobs := make(chan job)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var written int64
	var firstErr error
	for range o.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				n, err := writeHourFile(o, j.hour, j.part, perFile)
				mu.Lock()
				written += n
				if err != nil && firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
			}
		}()
	}
	for h := range o.Hours {
		for p := range o.FilesPerHour {
			jobs <- job{h, p}
		}
	}
	close(jobs)
	wg.Wait()
	return written, firstErr
}

func writeHourFile(o SetOptions, hour, part int, lines int64) (int64, error) {
	r := rand.New(rand.NewPCG(o.Seed, uint64(hour*1000+part)))
	start := o.Start.Add(time.Duration(hour) * time.Hour)
	name := fmt.Sprintf("E2EXAMPLE%02d.%s.%08x.gz", 1, start.Format("2006-01-02-15"), uint32(hour*131+part*7+1))
	f, err := os.Create(filepath.Join(o.Dir, name))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	zw := gzip.NewWriter(f)
	bw := bufio.NewWriterSize(zw, 1<<20)
	bw.WriteString(Header)
	// Diurnal load: the hour's weight scales the lines of its seconds; a
	// spike triples the load for two minutes in some hours.
	var total float64
	for _, m := range mix {
		total += m.weight
	}
	weights := make([]float64, 3600)
	var wsum float64
	spike := r.IntN(3600 - 120)
	hasSpike := hour%5 == 2
	for s := range weights {
		w := 1 + 0.3*math.Sin(float64(s)/600)
		if hasSpike && s >= spike && s < spike+120 {
			w *= 3
		}
		weights[s] = w
		wsum += w
	}
	var b []byte
	var n int64
	carry := 0.0
	for s := range 3600 {
		want := float64(lines)*weights[s]/wsum + carry
		k := int(want)
		carry = want - float64(k)
		for range k {
			pick := r.Float64() * total
			m := mix[len(mix)-1]
			for _, c := range mix {
				if pick < c.weight {
					m = c
					break
				}
				pick -= c.weight
			}
			status := 200
			if m.method == "POST" {
				status = 201
			}
			if r.IntN(100) < m.errorPercent {
				status = []int{404, 500, 502, 429}[r.IntN(4)]
			}
			b = Append(b[:0], Line{
				Time:        start.Add(time.Duration(s)*time.Second + time.Duration(r.IntN(1e9))),
				Method:      m.method,
				Path:        m.path(r),
				Status:      status,
				Bytes:       m.bytesLo + r.Int64N(m.bytesHi-m.bytesLo+1),
				TimeTakenMs: m.msLo + r.Int64N(m.msHi-m.msLo+1),
				Seed:        r.Uint64(),
			})
			bw.Write(b)
			n++
		}
	}
	if err := bw.Flush(); err != nil {
		return n, err
	}
	return n, zw.Close()
}
