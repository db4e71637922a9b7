package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/trialgraph/trialgraph/graph"
)

// Queries run in child processes ("query workers"): a malformed Gizmo query
// can panic inside a goroutine Cayley starts, which no recover catches and
// which ends the process. A worker is the same executable run as the hidden
// verb __query-worker; it opens the store read-only and answers one JSON
// request per line on standard input with one JSON response per line on
// standard output. A queryPool keeps a few workers, replaces one that died
// and kills one that overruns its time limit.

const workerVerb = "__query-worker"

// crashSettle is how long a worker waits before answering an empty result.
const crashSettle = 50 * time.Millisecond

// workerRequest is one line a worker reads.
type workerRequest struct {
	Lang      string `json:"lang"`
	Query     string `json:"query"`
	Limit     int    `json:"limit,omitempty"`
	TimeoutMS int64  `json:"timeout_ms,omitempty"`
}

// workerResponse is one line a worker writes. The first line a worker
// writes says whether it opened the store: {"ready": true} or an error.
type workerResponse struct {
	Results []any  `json:"results"`
	Error   string `json:"error,omitempty"`
	Timeout bool   `json:"timeout,omitempty"`
	Ready   bool   `json:"ready,omitempty"`
	// GraphNodeIndex, in the first response, is the store's (see
	// graph.Store.GraphNodeIndex).
	GraphNodeIndex bool `json:"graphNodeIndex,omitempty"`
}

// WorkerOptions are the settings of the hidden verb __query-worker.
type WorkerOptions struct {
	IO
	DB string
}

func newCmdWorker(io IO) *cobra.Command {
	opts := &WorkerOptions{IO: io}
	cmd := &cobra.Command{
		Use:    workerVerb + " --db DIR",
		Short:  "Answer JSON query requests on standard input (used by query and serve)",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runWorker(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.DB, "db", "./trialgraph.db", "store directory")
	return cmd
}

func runWorker(ctx context.Context, opts *WorkerOptions) error {
	out := bufio.NewWriter(opts.Out)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	reply := func(r workerResponse) error {
		if err := enc.Encode(r); err != nil {
			return err
		}
		return out.Flush()
	}
	st, err := graph.Open(ctx, opts.DB, graph.Options{ReadOnly: true})
	if err != nil {
		reply(workerResponse{Error: err.Error()})
		return err
	}
	defer st.Close()
	if err := reply(workerResponse{Ready: true, GraphNodeIndex: st.GraphNodeIndex()}); err != nil {
		return err
	}
	in := bufio.NewScanner(opts.In)
	in.Buffer(make([]byte, 64<<10), 64<<20)
	for in.Scan() {
		var req workerRequest
		if err := json.Unmarshal(in.Bytes(), &req); err != nil {
			if err := reply(workerResponse{Error: "bad request: " + err.Error()}); err != nil {
				return err
			}
			continue
		}
		res, err := st.Query(ctx, req.Query, graph.QueryOptions{
			Lang: req.Lang, Limit: req.Limit, Timeout: time.Duration(req.TimeoutMS) * time.Millisecond,
		})
		if err == nil && len(res) == 0 {
			// A Gizmo panic first closes the result channel, so the
			// query looks finished and empty, and then ends the
			// process. Give it the moment it takes before answering,
			// so the pool sees the crash instead of an empty result.
			time.Sleep(crashSettle)
		}
		resp := workerResponse{Results: res}
		if err != nil {
			resp.Error = err.Error()
			resp.Timeout = errors.Is(err, graph.ErrQueryTimeout)
		}
		if err := reply(resp); err != nil {
			return err
		}
		if resp.Timeout {
			// The query may still be running inside the engine (a
			// script loop is not stopped by the deadline): end the
			// process so its work ends too; the pool starts another.
			return nil
		}
	}
	return in.Err()
}

// ErrQueryCrashed says that a query made the query engine fail in a way
// that ended its process.
var ErrQueryCrashed = errors.New("query crashed the query engine")

// queryPool runs queries in worker processes. It is safe for concurrent
// use; at most size queries run at once, the others wait.
type queryPool struct {
	exe   string   // the executable of the workers
	args  []string // their arguments
	grace time.Duration

	slots chan *worker // a nil slot has no process yet

	mu     sync.Mutex
	live   map[*worker]bool
	closed bool

	graphNodeIndex bool // as the first worker found the store
}

// GraphNodeIndex tells the named queries whether the store has the index
// (graph.Store.GraphNodeIndex).
func (p *queryPool) GraphNodeIndex() bool { return p.graphNodeIndex }

type worker struct {
	cmd    *exec.Cmd
	in     io.WriteCloser
	out    *bufio.Reader
	stderr *tail
	exited chan struct{}

	graphNodeIndex bool // from its first response
}

// newQueryPool returns a pool of up to size workers for the store in db and
// starts one of them, so that an unusable store is reported at once.
func newQueryPool(ctx context.Context, db string, size int) (*queryPool, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("query workers: %w", err)
	}
	if size < 1 {
		size = 1
	}
	p := &queryPool{
		exe:   exe,
		args:  []string{workerVerb, "--db", db},
		grace: 2 * time.Second,
		slots: make(chan *worker, size),
		live:  map[*worker]bool{},
	}
	w, err := p.start()
	if err != nil {
		return nil, err
	}
	p.graphNodeIndex = w.graphNodeIndex
	p.slots <- w
	for i := 1; i < size; i++ {
		p.slots <- nil
	}
	return p, nil
}

// start starts one worker and waits for it to open the store.
func (p *queryPool) start() (*worker, error) {
	cmd := exec.Command(p.exe, p.args...)
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	w := &worker{cmd: cmd, in: in, out: bufio.NewReaderSize(out, 64<<10), stderr: &tail{}, exited: make(chan struct{})}
	cmd.Stderr = w.stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start query worker: %w", err)
	}
	go func() { cmd.Wait(); close(w.exited) }()
	var hello workerResponse
	if err := w.read(&hello); err != nil || !hello.Ready {
		w.kill()
		if hello.Error != "" {
			return nil, workerError(hello.Error)
		}
		return nil, fmt.Errorf("query worker did not start: %s", w.stderr.lastLine())
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		w.kill()
		return nil, errPoolClosed
	}
	p.live[w] = true
	w.graphNodeIndex = hello.GraphNodeIndex
	return w, nil
}

var errPoolClosed = errors.New("query pool closed")

// workerError rebuilds an error of Open from its text so the exit codes of
// the command still apply.
func workerError(msg string) error {
	for _, e := range []error{graph.ErrNoStore, graph.ErrStoreInUse, graph.ErrInterrupted} {
		if strings.Contains(msg, e.Error()) {
			return remoteError{msg, e}
		}
	}
	return errors.New(msg)
}

// remoteError is an error a worker reported, with the sentinel it wrapped.
type remoteError struct {
	msg   string
	cause error
}

func (e remoteError) Error() string { return e.msg }
func (e remoteError) Unwrap() error { return e.cause }

func (w *worker) read(v *workerResponse) error {
	line, err := w.out.ReadBytes('\n')
	if err != nil {
		return err
	}
	return json.Unmarshal(line, v)
}

func (w *worker) kill() {
	w.in.Close()
	if w.cmd.Process != nil {
		w.cmd.Process.Kill()
	}
	<-w.exited
}

func (p *queryPool) retire(w *worker) {
	if w == nil {
		return
	}
	w.kill()
	p.mu.Lock()
	delete(p.live, w)
	p.mu.Unlock()
}

// Query runs one query in a worker. It satisfies graph.Querier.
func (p *queryPool) Query(ctx context.Context, q string, opts graph.QueryOptions) ([]any, error) {
	var w *worker
	select {
	case w = <-p.slots:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	keep := false
	defer func() {
		if !keep {
			p.retire(w)
			w = nil
		}
		p.slots <- w
	}()
	if w != nil {
		select {
		case <-w.exited: // ended since its last query: replace it
			p.retire(w)
			w = nil
		default:
		}
	}
	if w == nil {
		var err error
		if w, err = p.start(); err != nil {
			return nil, err
		}
	}
	lang := opts.Lang
	if lang == "" {
		lang = "gizmo"
	}
	req, err := json.Marshal(workerRequest{Lang: lang, Query: q, Limit: opts.Limit, TimeoutMS: opts.Timeout.Milliseconds()})
	if err != nil {
		return nil, err
	}
	type reply struct {
		resp workerResponse
		err  error
	}
	done := make(chan reply, 1)
	go func() {
		var r reply
		if _, r.err = w.in.Write(append(req, '\n')); r.err == nil {
			r.err = w.read(&r.resp)
		}
		done <- r
	}()
	var limit <-chan time.Time
	if opts.Timeout > 0 {
		t := time.NewTimer(opts.Timeout + p.grace)
		defer t.Stop()
		limit = t.C
	}
	select {
	case r := <-done:
		if r.err != nil {
			w.kill()
			return nil, fmt.Errorf("%w: %s", ErrQueryCrashed, w.stderr.lastLine())
		}
		if r.resp.Error != "" {
			keep = !r.resp.Timeout
			if r.resp.Timeout {
				return r.resp.Results, fmt.Errorf("%w (%s)", graph.ErrQueryTimeout, opts.Timeout)
			}
			return nil, errors.New(r.resp.Error)
		}
		keep = true
		if r.resp.Results == nil {
			r.resp.Results = []any{}
		}
		return r.resp.Results, nil
	case <-limit:
		return nil, fmt.Errorf("%w (%s; the query engine did not stop and was restarted)", graph.ErrQueryTimeout, opts.Timeout)
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Close stops every worker.
func (p *queryPool) Close() error {
	p.mu.Lock()
	p.closed = true
	ws := make([]*worker, 0, len(p.live))
	for w := range p.live {
		ws = append(ws, w)
	}
	p.live = map[*worker]bool{}
	p.mu.Unlock()
	for _, w := range ws {
		w.in.Close() // a worker ends when its input ends
		select {
		case <-w.exited:
		case <-time.After(time.Second):
			w.kill()
		}
	}
	return nil
}

// tail keeps the end of a worker's standard error.
type tail struct {
	mu  sync.Mutex
	buf []byte
}

const tailSize = 16 << 10

func (t *tail) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, b...)
	if len(t.buf) > tailSize {
		t.buf = append([]byte(nil), t.buf[len(t.buf)-tailSize:]...)
	}
	return len(b), nil
}

// lastLine returns the panic message if the worker panicked, else its last
// non-empty line of standard error.
func (t *tail) lastLine() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	lines := bytes.Split(t.buf, []byte("\n"))
	for _, l := range lines {
		if bytes.HasPrefix(l, []byte("panic: ")) {
			return string(bytes.TrimSpace(l))
		}
	}
	for i := len(lines) - 1; i >= 0; i-- {
		if l := bytes.TrimSpace(lines[i]); len(l) > 0 {
			return string(l)
		}
	}
	return "the worker ended without a message"
}
