//go:build !linux

package graph

// populate does nothing where MADV_POPULATE_READ does not exist.
func (s *Store) populate() {}
