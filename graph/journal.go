package graph

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/cayleygraph/cayley/graph"
	"github.com/cayleygraph/quad"
)

// ErrInterrupted is returned when a reader opens a store whose last
// replacement of trials was interrupted; opening it for writing repairs it.
var ErrInterrupted = errors.New("the store's last write was interrupted")

// JournalFile names, inside the store directory, the trial graphs whose
// replacement is under way.
const JournalFile = "trialgraph.journal"

func (s *Store) journalPath() string { return filepath.Join(s.path, JournalFile) }

func (s *Store) writeJournal(labels []string) error {
	f, err := os.Create(s.journalPath())
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	w := bufio.NewWriter(f)
	for _, l := range labels {
		w.WriteString(l)
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("journal: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("journal: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	return syncDir(s.path)
}

func (s *Store) clearJournal() error {
	if err := os.Remove(s.journalPath()); err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("journal: %w", err)
	}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// readJournal returns the labels of an interrupted replacement.
func readJournal(dir string) ([]string, error) {
	b, err := os.ReadFile(filepath.Join(dir, JournalFile))
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var labels []string
	for _, l := range strings.Split(string(b), "\n") {
		if l != "" {
			labels = append(labels, l)
		}
	}
	return labels, nil
}

// Recovered lists the trial graphs that an interrupted write left
// incomplete and that Open removed; ingesting their records again restores
// them.
func (s *Store) Recovered() []string { return s.recovered }

// recover removes the graphs named by the journal, so that no trial is left
// half replaced.
func (s *Store) recover(ctx context.Context) error {
	labels, err := readJournal(s.path)
	if err != nil || len(labels) == 0 {
		return err
	}
	var dels []graph.Delta
	for _, l := range labels {
		if !strings.HasPrefix(l, "<") || !strings.HasSuffix(l, ">") {
			continue
		}
		qs, err := s.graphQuads(ctx, quad.IRI(l[1:len(l)-1]))
		if err != nil {
			return err
		}
		for _, q := range qs {
			dels = append(dels, graph.Delta{Quad: q, Action: graph.Delete})
		}
	}
	if len(dels) > 0 {
		if err := s.QS.ApplyDeltas(dels, graph.IgnoreOpts{IgnoreMissing: true}); err != nil {
			return fmt.Errorf("recover interrupted write: %w", err)
		}
	}
	s.recovered = labels
	return s.clearJournal()
}
