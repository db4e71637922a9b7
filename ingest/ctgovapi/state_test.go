package ctgovapi

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

func TestStateSaveLoad(t *testing.T) {
	path := filepath.Join(t.TempDir(), StateFile)
	if _, err := LoadState(path); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("LoadState of a missing file: %v, want fs.ErrNotExist", err)
	}
	want := State{Query: "format=json&query.cond=ARDS", NextPageToken: "abc", Pages: 2, Studies: 2000, Total: 4321}
	if err := want.Save(path); err != nil {
		t.Fatal(err)
	}
	got, err := LoadState(path)
	if err != nil {
		t.Fatal(err)
	}
	if *got != want {
		t.Errorf("loaded %+v, saved %+v", *got, want)
	}
	// Saving again replaces the file and leaves no temporary file behind.
	want.Done, want.NextPageToken, want.Pages = true, "", 3
	if err := want.Save(path); err != nil {
		t.Fatal(err)
	}
	if got, err = LoadState(path); err != nil || *got != want {
		t.Errorf("loaded %+v, %v; saved %+v", got, err, want)
	}
	ents, _ := os.ReadDir(filepath.Dir(path))
	if len(ents) != 1 {
		t.Errorf("directory holds %d files after saving, want 1", len(ents))
	}
}

func TestLoadStateErrors(t *testing.T) {
	for _, tc := range []struct {
		name, content, want string
	}{
		{"not JSON", "pages: 2", "invalid character"},
		{"truncated", `{"query":"format=json","pages":`, "unexpected end of JSON input"},
		{"done with token", `{"query":"q","nextPageToken":"t","pages":1,"done":true}`, "done, yet has a next page token"},
		{"pages without token", `{"query":"q","pages":3}`, "neither done nor a next page token"},
		{"negative", `{"query":"q","pages":-1}`, "negative count"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), StateFile)
			if err := os.WriteFile(path, []byte(tc.content), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := LoadState(path)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), path) {
				t.Errorf("error = %v, want one naming the file and containing %q", err, tc.want)
			}
		})
	}
}

func TestSavePageAndClearDir(t *testing.T) {
	dir := t.TempDir()
	for n := 1; n <= 3; n++ {
		p, err := SavePage(dir, n, []byte(`{"studies":[]}`))
		if err != nil {
			t.Fatal(err)
		}
		if want := filepath.Join(dir, []string{"", "page-00001.json", "page-00002.json", "page-00003.json"}[n]); p != want {
			t.Errorf("page %d saved as %s, want %s", n, p, want)
		}
	}
	if got := PageFile(dir, 123456); got != filepath.Join(dir, "page-123456.json") {
		t.Errorf("PageFile(123456) = %s", got)
	}
	if err := (&State{}).Save(filepath.Join(dir, StateFile)); err != nil {
		t.Fatal(err)
	}
	for _, keep := range []string{"notes.txt", "page-1.json", "page-00001.json.bak"} {
		if err := os.WriteFile(filepath.Join(dir, keep), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	n, err := ClearDir(dir)
	if err != nil || n != 4 {
		t.Errorf("ClearDir = %d, %v; want 4 files removed", n, err)
	}
	ents, _ := os.ReadDir(dir)
	var left []string
	for _, e := range ents {
		left = append(left, e.Name())
	}
	sort.Strings(left)
	if want := []string{"notes.txt", "page-00001.json.bak", "page-1.json"}; !reflect.DeepEqual(left, want) {
		t.Errorf("left %v, want %v", left, want)
	}
	if n, err := ClearDir(filepath.Join(dir, "missing")); n != 0 || err != nil {
		t.Errorf("ClearDir of a missing directory = %d, %v", n, err)
	}
}
