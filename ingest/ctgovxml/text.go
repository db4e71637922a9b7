package ctgovxml

import (
	"strings"
	"unicode"
)

// wrapWidth is the column at which the registry hard-wrapped text blocks;
// a line whose next word would have fitted within it ended on purpose.
const wrapWidth = 95

// cleanText normalises the white space of an element's text. Text blocks in
// the legacy XML are indented and hard-wrapped near column 100; cleanText
// removes the indentation, joins wrapped lines, keeps paragraphs (blank
// lines) and line breaks the author made, and puts each list item ("-",
// "*", "•", "o", "1.", "a)") on its own line, indented two spaces per
// nesting level. Runs of spaces become one space. One-line values come back
// trimmed.
func cleanText(s string) string {
	if !strings.ContainsAny(s, "\n\r\t") && !strings.Contains(s, "  ") {
		return strings.TrimSpace(s)
	}
	var (
		out     strings.Builder
		para    []string // lines of the current paragraph
		prevLen int      // raw length of the previous line, indentation included
		levels  []int    // indentation of open list levels
	)
	endPara := func() {
		if len(para) == 0 {
			return
		}
		if out.Len() > 0 {
			out.WriteString("\n\n")
		}
		out.WriteString(strings.Join(para, "\n"))
		para = para[:0]
	}
	for _, raw := range strings.Split(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n"), "\n") {
		raw = strings.TrimRightFunc(raw, unicode.IsSpace)
		t := strings.TrimLeftFunc(raw, unicode.IsSpace)
		if t == "" {
			endPara()
			prevLen = 0
			continue
		}
		indent := len(raw) - len(t)
		t = strings.Join(strings.Fields(t), " ")
		if marker, rest, ok := listItem(t); ok {
			for len(levels) > 0 && levels[len(levels)-1] > indent {
				levels = levels[:len(levels)-1]
			}
			if len(levels) == 0 || levels[len(levels)-1] < indent {
				levels = append(levels, indent)
			}
			para = append(para, strings.Repeat("  ", len(levels)-1)+marker+" "+rest)
			prevLen = len(raw)
			continue
		}
		if len(para) == 0 {
			for len(levels) > 0 && levels[len(levels)-1] >= indent {
				levels = levels[:len(levels)-1]
			}
			para = append(para, t)
			prevLen = len(raw)
			continue
		}
		first, _, _ := strings.Cut(t, " ")
		last := para[len(para)-1]
		if prevLen+1+len(first) > wrapWidth && !strings.HasSuffix(last, ":") {
			para[len(para)-1] = last + " " + t // a wrapped line
		} else {
			para = append(para, t)
		}
		prevLen = len(raw)
	}
	endPara()
	return out.String()
}

// listItem splits a list item into its marker and text: "-  Adults" gives
// "-" and "Adults"; "1. Adults" gives "1." and "Adults".
func listItem(t string) (marker, rest string, ok bool) {
	m, rest, found := strings.Cut(t, " ")
	if !found || rest == "" {
		return "", "", false
	}
	switch m {
	case "-", "*", "•", "o", "·", "+":
		return m, rest, true
	}
	end := m[len(m)-1]
	if end != '.' && end != ')' {
		return "", "", false
	}
	body := strings.TrimPrefix(m[:len(m)-1], "(")
	if body == "" || len(body) > 3 {
		return "", "", false
	}
	digits := strings.Trim(body, "0123456789") == ""
	letter := len(body) == 1 && unicode.IsLetter(rune(body[0]))
	roman := strings.Trim(strings.ToLower(body), "ivx") == ""
	if digits || letter || roman {
		return m, rest, true
	}
	return "", "", false
}
