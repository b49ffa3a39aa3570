package cflog

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
)

// Source is one log file, local or in S3.
type Source interface {
	// Name identifies the file in messages: a path or s3://bucket/key.
	Name() string
	// Size is the stored (usually gzip-compressed) size in bytes, or -1.
	Size() int64
	// Open starts reading the stored bytes.
	Open(ctx context.Context) (io.ReadCloser, error)
}

// Problem is input that could not be read: a malformed line (Line > 0) or
// a file that could not be opened or decompressed (Line is the line at
// which reading stopped, 0 when nothing could be read).
type Problem struct {
	File   string `json:"file"`
	Line   int64  `json:"line"`
	Reason string `json:"reason"`
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Reason)
	}
	return fmt.Sprintf("%s: %s", p.File, p.Reason)
}

// localFile is a Source on the local disk.
type localFile struct {
	path string
	size int64
}

func (f localFile) Name() string { return f.path }
func (f localFile) Size() int64  { return f.size }
func (f localFile) Open(context.Context) (io.ReadCloser, error) {
	return os.Open(f.path)
}
func (f localFile) OpenReaderAt(context.Context) (io.ReaderAt, io.Closer, error) {
	file, err := os.Open(f.path)
	return file, file, err
}

// LocalSources lists the log files named by paths: a file is taken as
// given; a folder is walked and every file in it whose name ends in .gz,
// .log or .txt, or has no extension after the CloudFront ID, is taken
// (hidden files are skipped). Files are returned largest first so that
// parallel readers finish together.
func LocalSources(paths []string) ([]Source, error) {
	var out []Source
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("log path: %w", err)
		}
		if !st.IsDir() {
			out = append(out, localFile{p, st.Size()})
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := d.Name()
			if d.IsDir() {
				if path != p && strings.HasPrefix(name, ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if strings.HasPrefix(name, ".") || !d.Type().IsRegular() || !LooksLikeLog(name) {
				return nil
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			out = append(out, localFile{path, info.Size()})
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("reading folder %s: %w", p, err)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Size() > out[j].Size() })
	return out, nil
}

// LooksLikeLog reports whether a file name is one the planner reads from
// a folder: *.gz, *.log, *.txt, *.parquet (logging v2), or a CloudFront
// name without extension.
func LooksLikeLog(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".gz", ".log", ".txt", ".parquet":
		return true
	}
	return false
}

// ChunkSize is the size of the blocks of whole lines handed to parsers. A
// line longer than this is reported and skipped (CloudFront's own limits,
// 8 KB URLs and 20 KB of headers, keep real lines far shorter).
const ChunkSize = 1 << 20

// Chunk is a run of whole lines from one file.
type Chunk struct {
	File      string
	FirstLine int64    // 1-based number of the first line in Data
	Columns   *Columns // header in force at the start; nil for DefaultFields
	Data      []byte
	pool      *BufferPool
}

// Release gives the chunk's buffer back for reuse; Data is invalid after.
func (c *Chunk) Release() {
	if c.pool != nil {
		c.pool.put(c.Data)
		c.Data, c.pool = nil, nil
	}
}

// BufferPool bounds the memory in flight: a splitter waits for a free
// buffer, so readers never run far ahead of parsers.
type BufferPool struct{ free chan []byte }

// NewBufferPool makes n buffers of ChunkSize.
func NewBufferPool(n int) *BufferPool {
	p := &BufferPool{free: make(chan []byte, n)}
	for range n {
		p.free <- make([]byte, 0, ChunkSize)
	}
	return p
}

func (p *BufferPool) get(ctx context.Context) ([]byte, error) {
	select {
	case b := <-p.free:
		return b[:0], nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (p *BufferPool) put(b []byte) { p.free <- b[:0] }

// FileSummary is what splitting one file found.
type FileSummary struct {
	Lines            int64 // lines read (complete lines only)
	UncompressedSize int64
	Problem          *Problem // set when the file could not be read to its end
}

// countingReader adds the bytes read to a shared counter, for progress.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if c.n != nil {
		c.n.Add(int64(n))
	}
	return n, err
}

var fieldsPrefix = []byte("#Fields:")

// Split reads one source, decompressing it if it is gzip (detected by its
// magic bytes, not its name), or reading its columns if it is Parquet
// (named *.parquet or starting with its magic bytes; see splitParquet), and hands blocks of whole lines to emit in
// order. storedRead, if not nil, counts the stored bytes read; report gets
// lines skipped for their length. A file that
// is corrupt or truncated is read up to the damage: the complete lines
// before it are emitted and the summary's Problem says where it stopped.
func Split(ctx context.Context, src Source, pool *BufferPool, storedRead *atomic.Int64, emit func(*Chunk), report func(Problem)) FileSummary {
	var sum FileSummary
	fail := func(line int64, format string, args ...any) FileSummary {
		sum.Problem = &Problem{File: src.Name(), Line: line, Reason: fmt.Sprintf(format, args...)}
		return sum
	}
	if IsParquetName(src.Name()) {
		return splitParquet(ctx, src, pool, storedRead, emit, report)
	}
	rc, err := src.Open(ctx)
	if err != nil {
		return fail(0, "cannot open: %v", err)
	}
	defer rc.Close()
	br := bufio.NewReaderSize(countingReader{rc, storedRead}, 256<<10)
	var r io.Reader = br
	if magic, _ := br.Peek(4); bytes.Equal(magic, parquetMagic) {
		// A Parquet file under another name: read it by offsets instead.
		return splitParquet(ctx, src, pool, storedRead, emit, report)
	}
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return fail(0, "not a readable gzip file: %v", err)
		}
		defer zr.Close()
		r = zr
	}
	line := int64(1)
	var cols *Columns
	skipping := false // inside an over-long line
	buf, err := pool.get(ctx)
	if err != nil {
		return fail(0, "%v", err)
	}
	defer func() {
		if buf != nil {
			pool.put(buf)
		}
	}()
	for {
		n, rerr := io.ReadFull(r, buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		eof := rerr == io.EOF || rerr == io.ErrUnexpectedEOF && isPlainEOF(r)
		if rerr != nil && !eof {
			if errors.Is(rerr, io.ErrUnexpectedEOF) {
				rerr = errors.New("unexpected end of file (truncated gzip)")
			}
			// Keep the complete lines before the damage.
			cut := bytes.LastIndexByte(buf, '\n')
			if cut >= 0 && !skipping {
				sum.Lines += emitChunk(src, pool, &buf, cut, &line, &cols, emit)
			}
			lost := ""
			if len(buf) > 0 {
				lost = fmt.Sprintf("; the partial line after it (%d bytes) is dropped", len(buf))
			}
			return fail(line, "reading stopped here: %v%s", rerr, lost)
		}
		if skipping {
			i := bytes.IndexByte(buf, '\n')
			if i < 0 {
				buf = buf[:0]
				if eof {
					break
				}
				continue
			}
			buf = buf[:copy(buf, buf[i+1:])]
			line++
			skipping = false
			if !eof {
				continue
			}
		}
		cut := bytes.LastIndexByte(buf, '\n')
		if eof && len(buf) > 0 {
			cut = len(buf) - 1 // the last line needs no newline
		}
		if cut < 0 && len(buf) == cap(buf) {
			report(Problem{File: src.Name(), Line: line, Reason: fmt.Sprintf("line longer than %d bytes, skipped", ChunkSize)})
			buf = buf[:0]
			skipping = true
			continue
		}
		if cut >= 0 {
			sum.UncompressedSize += int64(cut + 1)
			lines := emitChunk(src, pool, &buf, cut, &line, &cols, emit)
			sum.Lines += lines
			if buf == nil {
				return fail(line, "%v", ctx.Err())
			}
		}
		if eof {
			break
		}
	}
	return sum
}

// isPlainEOF: io.ReadFull reports ErrUnexpectedEOF when it read some bytes
// and then met a clean end of file; a gzip reader reports a truncated
// stream the same way. Tell them apart by reading once more.
func isPlainEOF(r io.Reader) bool {
	var one [1]byte
	n, err := r.Read(one[:])
	return n == 0 && err == io.EOF
}

// emitChunk sends buf[:cut+1] and moves the rest into a fresh buffer.
func emitChunk(src Source, pool *BufferPool, buf *[]byte, cut int, line *int64, cols **Columns, emit func(*Chunk)) int64 {
	b := *buf
	data := b[:cut+1]
	next, err := pool.get(context.Background())
	if err != nil {
		*buf = nil
		return 0
	}
	next = append(next, b[cut+1:]...)
	lines := int64(bytes.Count(data, []byte{'\n'}))
	if data[len(data)-1] != '\n' {
		lines++
	}
	// A "#Fields" line changes the layout for the chunks after this one.
	newCols := *cols
	// (bytes.Index, unlike bytes.LastIndex, is vectorised: scan forward.)
	for off := 0; ; {
		i := bytes.Index(data[off:], fieldsPrefix)
		if i < 0 {
			break
		}
		i += off
		end := bytes.IndexByte(data[i:], '\n')
		if end < 0 {
			end = len(data) - i
		}
		if i == 0 || data[i-1] == '\n' {
			if c, err := ParseFields(string(data[i : i+end])); err == nil {
				newCols = c
			}
		}
		off = i + end
	}
	emit(&Chunk{File: src.Name(), FirstLine: *line, Columns: *cols, Data: data, pool: pool})
	*line += lines
	*cols = newCols
	*buf = next
	return lines
}

// ChunkParser turns chunks into records. Use one per goroutine.
type ChunkParser struct {
	defaultCols *Columns
	rec         Record
}

// NewChunkParser returns a parser for chunks.
func NewChunkParser() *ChunkParser {
	c, err := ParseFields(DefaultFields)
	if err != nil {
		panic(err)
	}
	return &ChunkParser{defaultCols: c}
}

// Parse calls fn for every valid record in ch and report for every
// malformed line. It returns the number of records and malformed lines.
func (cp *ChunkParser) Parse(ch *Chunk, fn func(*Record), report func(Problem)) (records, malformed int64) {
	p := Parser{Columns: ch.Columns}
	if p.Columns == nil {
		p.Columns = cp.defaultCols
	}
	line := ch.FirstLine
	data := ch.Data
	for len(data) > 0 {
		var l []byte
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			l, data = data[:i], data[i+1:]
		} else {
			l, data = data, nil
		}
		if n := len(l); n > 0 && l[n-1] == '\r' {
			l = l[:n-1]
		}
		switch {
		case len(l) == 0:
		case l[0] == '#':
			if bytes.HasPrefix(l, fieldsPrefix) {
				c, err := ParseFields(string(l))
				if err != nil {
					report(Problem{ch.File, line, err.Error()})
					malformed++
				} else {
					p = Parser{Columns: c}
				}
			}
		default:
			if err := p.Parse(l, &cp.rec); err != nil {
				report(Problem{ch.File, line, err.Error()})
				malformed++
			} else {
				cp.rec.Line = line
				fn(&cp.rec)
				records++
			}
		}
		line++
	}
	return records, malformed
}
