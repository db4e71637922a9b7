package ctgovapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
)

// State is the progress of one fetch, saved between pages so that an
// interrupted fetch resumes where it stopped.
type State struct {
	// Query is the canonical query (Query.Canonical); Fetch refuses to
	// resume a state saved for another query.
	Query string `json:"query"`
	// NextPageToken is the token of the next page to fetch; empty before
	// the first page and after the last.
	NextPageToken string `json:"nextPageToken,omitempty"`
	Pages         int    `json:"pages"`   // pages accepted so far
	Studies       int    `json:"studies"` // studies in those pages
	// Total is the number of matching studies the API reported with the
	// first page (countTotal), 0 if unknown.
	Total int  `json:"total,omitempty"`
	Done  bool `json:"done"` // the last page has been accepted
}

// ErrStateMismatch is returned by Fetch for a State saved for another query.
var ErrStateMismatch = errors.New("saved fetch state is for a different query")

// check reports a state that cannot have been written by Fetch.
func (s *State) check() error {
	switch {
	case s.Pages < 0 || s.Studies < 0 || s.Total < 0:
		return errors.New("negative count")
	case s.Done && s.NextPageToken != "":
		return errors.New("done, yet has a next page token")
	case s.Pages == 0 && (s.NextPageToken != "" || s.Done || s.Studies != 0):
		return errors.New("no pages, yet has progress")
	case s.Pages > 0 && !s.Done && s.NextPageToken == "":
		return errors.New("pages fetched but neither done nor a next page token")
	case s.Pages > 0 && s.Query == "":
		return errors.New("pages fetched but no query")
	}
	return nil
}

// LoadState reads a state saved by Save. A missing file gives an error
// satisfying errors.Is(err, fs.ErrNotExist).
func LoadState(path string) (*State, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var s State
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := s.check(); err != nil {
		return nil, fmt.Errorf("%s: inconsistent fetch state: %w", path, err)
	}
	return &s, nil
}

// Save writes the state to path atomically: a reader of path sees the old
// state or the new one, never a mix, even if the process dies meanwhile.
func (s *State) Save(path string) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(path, append(b, '\n'))
}

// StateFile is the name of the saved State in a fetch directory.
const StateFile = "fetch-state.json"

// PageFile returns the path of page n (1-based) in a fetch directory:
// dir/page-00001.json. A page file holds the API's response body as
// received: {"studies": [...], "nextPageToken": "..."}.
func PageFile(dir string, n int) string {
	return filepath.Join(dir, fmt.Sprintf("page-%05d.json", n))
}

var pageFileRE = regexp.MustCompile(`^page-[0-9]{5,}\.json$`)

// SavePage writes body as page n of the fetch directory dir, atomically,
// and returns the file's path.
func SavePage(dir string, n int, body []byte) (string, error) {
	p := PageFile(dir, n)
	return p, writeFileAtomic(p, body)
}

// ClearDir removes the page files and the saved state of a fetch
// directory, leaving any other file alone, and returns how many files it
// removed. A missing directory is not an error.
func ClearDir(dir string) (int, error) {
	ents, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	n := 0
	for _, e := range ents {
		if e.Type().IsRegular() && (e.Name() == StateFile || pageFileRE.MatchString(e.Name())) {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, nil
}

// writeFileAtomic writes data to a temporary file next to path, syncs it
// and renames it over path.
func writeFileAtomic(path string, data []byte) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	// CreateTemp makes the file 0600; pages and state are ordinary files.
	if err = os.Chmod(f.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
