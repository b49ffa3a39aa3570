package local

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/strangler-fig/strangler/awslimits"
)

// FunctionError is a failed invocation as Lambda reports it to its caller
// (X-Amz-Function-Error): the function's own error, a panic, a crash, a
// timeout or an init failure. API Gateway answers any of them 502.
type FunctionError struct {
	Type    string `json:"errorType"`
	Message string `json:"errorMessage"`
}

func (e *FunctionError) Error() string { return e.Type + ": " + e.Message }

// errNotDelivered: the environment died before taking the invocation (a
// panic's exit racing its return to the pool); the caller tries another.
var errNotDelivered = errors.New("environment exited before taking the invocation")

// invocation is one event handed to an environment.
type invocation struct {
	id       string
	payload  []byte
	taken    chan time.Time // the time /next handed it out
	result   chan invokeResult
	deadline time.Time
}

type invokeResult struct {
	payload []byte
	err     error
}

// environment is one execution environment: a process polling its own
// Runtime API server, one invocation at a time.
type environment struct {
	fn     *Function
	cmd    *exec.Cmd
	ln     net.Listener
	srv    *http.Server
	next   chan *invocation // the invocation /next will hand out
	ready  chan struct{}    // closed at the first /next: init is done
	exited chan struct{}    // closed when the process has exited
	exit   error            // the process's exit status, once exited

	mu        sync.Mutex
	current   *invocation
	initError *FunctionError
	readyOnce sync.Once
}

// startEnvironment starts the function's binary against a new Runtime
// API server on loopback (AWS_LAMBDA_RUNTIME_API), as Lambda starts a
// provided.al2023 bootstrap.
func startEnvironment(fn *Function) (*environment, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("function %s: runtime API listener: %w", fn.cfg.Name, err)
	}
	e := &environment{fn: fn, ln: ln, next: make(chan *invocation), ready: make(chan struct{}), exited: make(chan struct{})}
	mux := http.NewServeMux()
	prefix := "/" + awslimits.LambdaRuntimeAPIVersion + "/runtime"
	mux.HandleFunc("GET "+prefix+"/invocation/next", e.handleNext)
	mux.HandleFunc("POST "+prefix+"/invocation/{id}/response", e.handleResponse)
	mux.HandleFunc("POST "+prefix+"/invocation/{id}/error", e.handleError)
	mux.HandleFunc("POST "+prefix+"/init/error", e.handleInitError)
	e.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go e.srv.Serve(ln)

	cmd := exec.Command(fn.cfg.Binary)
	cmd.Dir = fn.cfg.TaskRoot
	cmd.Env = append(append([]string{}, fn.cfg.Env...), "AWS_LAMBDA_RUNTIME_API="+ln.Addr().String())
	cmd.Stdout = fn.logs
	cmd.Stderr = fn.logs
	if err := cmd.Start(); err != nil {
		e.srv.Close()
		return nil, fmt.Errorf("function %s: starting %s: %w", fn.cfg.Name, fn.cfg.Binary, err)
	}
	e.cmd = cmd
	go func() {
		e.exit = cmd.Wait()
		close(e.exited)
		e.srv.Close()
	}()
	return e, nil
}

// waitReady waits for the runtime's first /next, or its end: an init
// error, an exit, or the init phase's time limit.
func (e *environment) waitReady() error {
	t := time.NewTimer(time.Duration(awslimits.LambdaInitSeconds) * time.Second)
	defer t.Stop()
	select {
	case <-e.ready:
		return nil
	case <-e.exited:
		if ie := e.takeInitError(); ie != nil {
			return ie
		}
		return &FunctionError{Type: "Runtime.ExitError", Message: fmt.Sprintf("RequestId: - Error: Runtime exited during init: %v", e.exit)}
	case <-t.C:
		e.kill()
		return &FunctionError{Type: "Runtime.InitTimeout", Message: fmt.Sprintf("init did not finish within %d s", awslimits.LambdaInitSeconds)}
	}
}

func (e *environment) takeInitError() *FunctionError {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.initError
}

// alive reports whether the process still runs.
func (e *environment) alive() bool {
	select {
	case <-e.exited:
		return false
	default:
		return true
	}
}

// kill stops the process and waits for it to be gone.
func (e *environment) kill() {
	if e.cmd.Process != nil {
		e.cmd.Process.Kill()
	}
	<-e.exited
}

// invoke runs one event to its end: the runtime's response or error,
// the process's exit, or the function's timeout, which kills the
// environment as Lambda does. Callers stop waiting when they like (API
// Gateway's timeout); the environment stays busy until then all the same.
func (e *environment) invoke(payload []byte) ([]byte, error) {
	inv := &invocation{id: newRequestID(), payload: payload, taken: make(chan time.Time, 1), result: make(chan invokeResult, 1)}
	select {
	case e.next <- inv:
	case <-e.exited:
		return nil, errNotDelivered
	}
	started := <-inv.taken
	t := time.NewTimer(time.Until(started.Add(e.fn.cfg.Timeout)))
	defer t.Stop()
	select {
	case r := <-inv.result:
		return r.payload, r.err
	case <-e.exited:
		// The result may have been posted just before the exit (a panic
		// reports its error, then the runtime exits).
		select {
		case r := <-inv.result:
			return r.payload, r.err
		default:
		}
		return nil, &FunctionError{Type: "Runtime.ExitError", Message: fmt.Sprintf("RequestId: %s Error: Runtime exited with error: %v", inv.id, e.exit)}
	case <-t.C:
		e.kill()
		return nil, &FunctionError{Type: "Sandbox.Timedout", Message: fmt.Sprintf("%s %s Task timed out after %.2f seconds",
			started.UTC().Format(time.RFC3339Nano), inv.id, e.fn.cfg.Timeout.Seconds())}
	}
}

// handleNext hands out the next invocation, with the headers the Runtime
// API documents; it blocks until there is one.
func (e *environment) handleNext(w http.ResponseWriter, r *http.Request) {
	e.readyOnce.Do(func() { close(e.ready) })
	var inv *invocation
	select {
	case inv = <-e.next:
	case <-r.Context().Done():
		return
	}
	now := time.Now()
	inv.deadline = now.Add(e.fn.cfg.Timeout)
	e.mu.Lock()
	e.current = inv
	e.mu.Unlock()
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Lambda-Runtime-Aws-Request-Id", inv.id)
	h.Set("Lambda-Runtime-Deadline-Ms", strconv.FormatInt(inv.deadline.UnixMilli(), 10))
	h.Set("Lambda-Runtime-Invoked-Function-Arn", e.fn.cfg.ARN)
	h.Set("Lambda-Runtime-Trace-Id", "Root=1-"+strconv.FormatInt(now.Unix(), 16)+"-"+strings.ReplaceAll(inv.id, "-", "")[:24]+";Sampled=0")
	w.WriteHeader(http.StatusOK)
	w.Write(inv.payload)
	inv.taken <- now
}

// finish delivers the current invocation's result if id names it.
func (e *environment) finish(w http.ResponseWriter, id string, res invokeResult) {
	e.mu.Lock()
	inv := e.current
	if inv != nil && inv.id == id {
		e.current = nil
	}
	e.mu.Unlock()
	if inv == nil || inv.id != id {
		writeRuntimeError(w, http.StatusBadRequest, "InvalidRequestID", "no invocation "+id+" is in progress")
		return
	}
	inv.result <- res
	w.WriteHeader(http.StatusAccepted)
	io.WriteString(w, `{"status":"OK"}`)
}

func (e *environment) handleResponse(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, awslimits.LambdaSyncPayloadBytes+1))
	if err != nil {
		writeRuntimeError(w, http.StatusBadRequest, "InvalidRequest", err.Error())
		return
	}
	if len(body) > awslimits.LambdaSyncPayloadBytes {
		e.finish(w, r.PathValue("id"), invokeResult{err: &FunctionError{Type: "Function.ResponseSizeTooLarge",
			Message: fmt.Sprintf("Response payload size exceeded maximum allowed payload size (%d bytes).", awslimits.LambdaSyncPayloadBytes)}})
		return
	}
	e.finish(w, r.PathValue("id"), invokeResult{payload: body})
}

func (e *environment) handleError(w http.ResponseWriter, r *http.Request) {
	e.finish(w, r.PathValue("id"), invokeResult{err: readFunctionError(r)})
}

func (e *environment) handleInitError(w http.ResponseWriter, r *http.Request) {
	fe := readFunctionError(r)
	e.mu.Lock()
	e.initError = fe
	e.mu.Unlock()
	w.WriteHeader(http.StatusAccepted)
	io.WriteString(w, `{"status":"OK"}`)
}

// readFunctionError reads the runtime's error document; the type comes
// from Lambda-Runtime-Function-Error-Type when the body has none.
func readFunctionError(r *http.Request) *FunctionError {
	fe := &FunctionError{}
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if json.Unmarshal(body, fe) != nil || (fe.Type == "" && fe.Message == "") {
		fe.Message = strings.TrimSpace(string(body))
	}
	if fe.Type == "" {
		fe.Type = r.Header.Get("Lambda-Runtime-Function-Error-Type")
	}
	if fe.Type == "" {
		fe.Type = "Unhandled"
	}
	return fe
}

func writeRuntimeError(w http.ResponseWriter, status int, typ, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(FunctionError{Type: typ, Message: msg})
}

// newRequestID is a UUID-shaped id, as Lambda's request ids are.
func newRequestID() string {
	var b [16]byte
	rand.Read(b[:])
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// shutdown stops the environment's process and server.
func (e *environment) shutdown(ctx context.Context) {
	e.kill()
	e.srv.Shutdown(ctx)
}
