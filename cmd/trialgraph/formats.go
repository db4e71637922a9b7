package main

// The input formats the command reads, registered by import.
import (
	_ "github.com/trialgraph/trialgraph/ingest/ctgovjson"
	_ "github.com/trialgraph/trialgraph/ingest/ctgovpage"
	_ "github.com/trialgraph/trialgraph/ingest/ctgovxml"
	_ "github.com/trialgraph/trialgraph/ingest/medpath"
)
