// Package web is the page trialgraph serve shows at /: a box to ask the
// graph a Gizmo query or one of the named queries, the answer as a table,
// and a drawing of one trial's neighbourhood (its sites, sponsors,
// investigators and cell sources) made with the vendored Cytoscape.js.
//
// The files are embedded, so the binary needs nothing at run time:
//
//	mux.Handle("/", web.Handler())
package web

import (
	"embed"
	"io/fs"
	"net/http"
)

//go:embed static
var files embed.FS

// Handler serves the page and its scripts.
func Handler() http.Handler {
	sub, err := fs.Sub(files, "static")
	if err != nil {
		panic(err) // the embedded directory is fixed at build time
	}
	return http.FileServer(http.FS(sub))
}
