package main

import (
	"context"
	"fmt"
	"io"
	"net"

	"ontrack/internal/store"
	"ontrack/internal/web"
)

const serveUsage = `Usage: ontrack serve [--addr 127.0.0.1:8080] [--db ontrack.db]

Serves the page (the scenario in an editor, the answer and its charts,
rerun on every change; saved scenarios with share links) and the JSON API
(README.md): POST /api/run answers as ontrack run --format json does for
the same request, byte for byte. Saved scenarios go in the SQLite file
--db, created readable by its owner only. The server listens on loopback
unless --addr says otherwise; port 0 picks a free port, which the first
line on standard error names. Ctrl-C or SIGTERM stops it.
`

func serveCmd(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	var addr, db string
	var maxWorlds, maxRuns int
	fs := newFlags("serve", serveUsage, stderr, nil, 0)
	fs.StringVar(&addr, "addr", "127.0.0.1:8080", "listen on `HOST:PORT`")
	fs.StringVar(&db, "db", "ontrack.db", "keep saved scenarios in the SQLite `FILE`")
	fs.IntVar(&maxWorlds, "max-worlds", 2_000_000, "the most worlds one request may run")
	fs.IntVar(&maxRuns, "max-runs", 0, "analyses run at once (0: one per CPU, at least 2)")
	if err := parse(fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("serve: unexpected argument %q", fs.Arg(0))
	}
	if maxWorlds < 1 || maxRuns < 0 {
		return usagef("serve: --max-worlds must be at least 1 and --max-runs at least 0")
	}
	st, err := store.Open(db)
	if err != nil {
		return err
	}
	defer st.Close()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return usagef("serve: %v", err)
	}
	host, _, _ := net.SplitHostPort(ln.Addr().String())
	loopback := net.ParseIP(host).IsLoopback()
	fmt.Fprintf(stderr, "ontrack: serving http://%s/ (saved scenarios in %s)\n", ln.Addr(), db)
	if !loopback {
		fmt.Fprintf(stderr, "ontrack: warning: %s is reachable from other machines\n", host)
	}
	return web.Serve(ctx, ln, web.New(web.Config{Store: st, MaxWorlds: maxWorlds, MaxRuns: maxRuns, Loopback: loopback}))
}
