package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestServePageInBrowser opens the page of serve in Debian's chromium,
// driven by playwright-core (testdata/browser), runs the umbilical-cord
// sites example and checks the table. It skips when chromium, node or the
// node modules are missing, unless CI=true. TRIALGRAPH_SCREENSHOT=1 also
// copies the screenshot to testdata/browser/last-screenshot.png.
func TestServePageInBrowser(t *testing.T) {
	dir, _ := filepath.Abs("../../testdata/browser")
	chromium := "/usr/bin/chromium"
	missing := ""
	if _, err := os.Stat(chromium); err != nil {
		missing = "chromium (apt-get install -y chromium)"
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missing = "node"
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "playwright-core")); err != nil {
		missing = "node modules (cd testdata/browser && npm ci)"
	}
	if missing != "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("browser test needs %s", missing)
		}
		t.Skipf("browser test skipped: no %s", missing)
	}
	base := startServer(t, seedDB(t), nil)
	shot := filepath.Join(t.TempDir(), "page.png")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, filepath.Join(dir, "page.test.mjs"), base, shot)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CHROMIUM="+chromium)
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("browser test: %v", err)
	}
	t.Logf("screenshot: %s", shot)
	if os.Getenv("TRIALGRAPH_SCREENSHOT") == "1" {
		data, err := os.ReadFile(shot)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "last-screenshot.png"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
