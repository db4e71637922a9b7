module github.com/trialgraph/trialgraph

go 1.26.8
