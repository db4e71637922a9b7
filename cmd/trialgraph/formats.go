package main

// The input formats the command reads, registered by import.
import (
	_ "github.com/trialgraph/trialgraph/ingest/ctgovjson"
)
