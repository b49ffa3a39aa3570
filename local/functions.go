package local

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
	"time"

	"github.com/strangler-fig/strangler/awslimits"
	"github.com/strangler-fig/strangler/constructs"
)

// FunctionConfig is one Lambda function as the stack deploys it.
type FunctionConfig struct {
	// Name as in the manifest, e.g. "api-user-id"; it prefixes its log lines.
	Name string
	// Binary is the built bootstrap; TaskRoot its folder (LAMBDA_TASK_ROOT).
	Binary, TaskRoot string
	// Env is the whole environment of its processes, KEY=value, without
	// AWS_LAMBDA_RUNTIME_API (each environment gets its own).
	Env []string
	// Timeout of one invocation: past it the process is killed.
	Timeout time.Duration
	// ARN the runtime is told it was invoked as.
	ARN string
}

// Concurrency is a budget of execution environments: a function's
// reserved concurrency, or the account's unreserved pool that every
// function without a reservation shares.
type Concurrency struct{ slots chan struct{} }

// NewConcurrency is a budget of n environments.
func NewConcurrency(n int) *Concurrency { return &Concurrency{slots: make(chan struct{}, n)} }

// tryAcquire takes a slot without waiting: Lambda throttles rather than queues a synchronous invoke.
func (c *Concurrency) tryAcquire() bool {
	select {
	case c.slots <- struct{}{}:
		return true
	default:
		return false
	}
}

func (c *Concurrency) release() { <-c.slots }

// ErrThrottled is Lambda refusing an invoke beyond the function's
// concurrency (429 TooManyRequestsException): API Gateway answers 500.
var ErrThrottled = errors.New("TooManyRequestsException: Rate Exceeded")

// ErrRequestTooLarge is Lambda refusing an event over its payload limit
// (413 RequestEntityTooLargeException).
var ErrRequestTooLarge = fmt.Errorf("RequestEntityTooLargeException: the event is over Lambda's %d bytes", awslimits.LambdaSyncPayloadBytes)

// Function runs one Lambda function's binary in execution environments
// started on demand, each taking one invocation at a time, as many as its
// concurrency allows; an environment that crashed or timed out is
// replaced by a new one (a cold start) at the next invocation.
type Function struct {
	cfg  FunctionConfig
	conc *Concurrency
	logs io.Writer

	mu     sync.Mutex
	idle   []*environment
	all    map[*environment]bool
	closed bool
	starts int
}

// NewFunction runs cfg within the budget conc, its processes' output
// going to logs line by line, prefixed with its name.
func NewFunction(cfg FunctionConfig, conc *Concurrency, logs io.Writer) *Function {
	if logs == nil {
		logs = io.Discard
	}
	return &Function{cfg: cfg, conc: conc, logs: &prefixWriter{prefix: "[" + cfg.Name + "] ", w: logs}, all: map[*environment]bool{}}
}

// Name of the function, as in the manifest.
func (f *Function) Name() string { return f.cfg.Name }

// ColdStarts counts the environments started so far.
func (f *Function) ColdStarts() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.starts
}

// Invoke runs one event and returns the function's response payload. The
// error is ErrThrottled, ErrRequestTooLarge, a *FunctionError, or ctx's
// when the caller stopped waiting (the invocation runs on regardless,
// holding its environment, as it does in Lambda after API Gateway gives up).
func (f *Function) Invoke(ctx context.Context, payload []byte) ([]byte, error) {
	if len(payload) > awslimits.LambdaSyncPayloadBytes {
		return nil, ErrRequestTooLarge
	}
	if !f.conc.tryAcquire() {
		return nil, ErrThrottled
	}
	done := make(chan invokeResult, 1)
	go func() {
		defer f.conc.release()
		out, err := f.run(payload)
		done <- invokeResult{out, err}
	}()
	select {
	case r := <-done:
		return r.payload, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (f *Function) run(payload []byte) ([]byte, error) {
	for {
		e, err := f.take()
		if err != nil {
			return nil, err
		}
		out, err := e.invoke(payload)
		if errors.Is(err, errNotDelivered) {
			f.drop(e) // gone before it took the event: try a fresh one
			continue
		}
		if e.alive() {
			f.put(e)
		} else {
			f.drop(e)
		}
		return out, err
	}
}

// take returns a warm idle environment, or starts one and waits for its init.
func (f *Function) take() (*environment, error) {
	f.mu.Lock()
	if f.closed {
		f.mu.Unlock()
		return nil, errors.New("function " + f.cfg.Name + " is shut down")
	}
	for len(f.idle) > 0 {
		e := f.idle[len(f.idle)-1]
		f.idle = f.idle[:len(f.idle)-1]
		if e.alive() {
			f.mu.Unlock()
			return e, nil
		}
		delete(f.all, e)
	}
	f.starts++
	f.mu.Unlock()
	e, err := startEnvironment(f)
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	f.all[e] = true
	f.mu.Unlock()
	if err := e.waitReady(); err != nil {
		e.kill()
		f.drop(e)
		return nil, err
	}
	return e, nil
}

func (f *Function) put(e *environment) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		go e.kill()
		return
	}
	f.idle = append(f.idle, e)
}

func (f *Function) drop(e *environment) {
	f.mu.Lock()
	delete(f.all, e)
	f.mu.Unlock()
	go e.kill() // a timed-out or crashed environment is never reused
}

// Close stops every environment.
func (f *Function) Close() {
	f.mu.Lock()
	f.closed = true
	envs := make([]*environment, 0, len(f.all))
	for e := range f.all {
		envs = append(envs, e)
	}
	f.idle, f.all = nil, map[*environment]bool{}
	f.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	for _, e := range envs {
		wg.Add(1)
		go func() { defer wg.Done(); e.shutdown(ctx) }()
	}
	wg.Wait()
}

// BuildFunction compiles a function's main package with the stack's
// build (constructs.GoBuild: GOOS=linux, CGO_ENABLED=0, -trimpath, no VCS
// stamp, the pinned toolchain) for this machine's architecture, and
// returns the bootstrap's path.
func BuildFunction(dir string) (string, error) {
	out, err := constructs.GoBuild{Entry: dir, Arch: runtime.GOARCH}.Build()
	if err != nil {
		return "", err
	}
	return out + "/bootstrap", nil
}

// prefixWriter writes whole lines, each with a prefix, as CloudWatch Logs
// shows a function's output per line.
type prefixWriter struct {
	prefix string
	w      io.Writer
	mu     sync.Mutex
	buf    []byte
}

func (p *prefixWriter) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.buf = append(p.buf, b...)
	for {
		i := bytes.IndexByte(p.buf, '\n')
		if i < 0 {
			break
		}
		line := append([]byte(p.prefix), p.buf[:i+1]...)
		p.buf = p.buf[i+1:]
		if _, err := p.w.Write(line); err != nil {
			return len(b), nil // logs are best effort: never fail the function
		}
	}
	return len(b), nil
}
