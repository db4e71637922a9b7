module github.com/trialgraph/trialgraph

go 1.26.8

require github.com/cayleygraph/quad v1.1.0
