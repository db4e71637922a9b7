package graph
import ("testing";"context";"os";"time";"strings")
func TestTimeTypes(t *testing.T) {
	db := os.Getenv("TG_DB"); if db == "" { t.Skip() }
	ctx := context.Background()
	s, err := Open(ctx, db, Options{ReadOnly: true})
	if err != nil { t.Fatal(err) }
	defer s.Close()
	e, err := s.NewExport(ctx, Selection{})
	if err != nil { t.Fatal(err) }
	defer e.Close()
	src, _ := e.source()
	br, _ := s.newBoltReader()
	refs := &subjectRefs{hidden: hiddenKey(s.QS), br: br}
	dur := map[string]time.Duration{}
	cnt := map[string]int{}
	for {
		subj, ok, err := src.next()
		if err != nil { t.Fatal(err) }
		if !ok { break }
		typ := "shared"
		if strings.Contains(subj.key, "/trial/") || strings.Contains(subj.key, "/source/") { typ = "trial" }
		t0 := time.Now()
		refs.setSubject(subj)
		if err := refs.read(ctx, s.QS, subj.ref, nil, false); err != nil { t.Fatal(err) }
		t1 := time.Now()
		cnt[typ+" quadids"] += len(refs.idRows)
		qs, err := refs.quads(ctx, s.QS, nil)
		if err != nil { t.Fatal(err) }
		t2 := time.Now()
		refs.sortSubject(qs)
		t3 := time.Now()
		dur[typ+" read"] += t1.Sub(t0); dur[typ+" values"] += t2.Sub(t1); dur[typ+" sort"] += t3.Sub(t2)
		cnt[typ] += len(qs)
		cnt[typ+" subjects"]++
	}
	t.Log(dur, cnt)
}
