// Package rdfchars holds the character classes of the Turtle and
// N-Triples grammars (PN_CHARS_BASE, PN_CHARS_U, PN_CHARS, LANGTAG), shared
// by the writers of package export and the reader in export/ntparse.
package rdfchars

// ValidLang checks LANGTAG: [a-zA-Z]+ ('-' [a-zA-Z0-9]+)*
func ValidLang(s string) bool {
	if s == "" || !IsAlpha(s[0]) {
		return false
	}
	first, n := true, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '-':
			if n == 0 {
				return false
			}
			first, n = false, 0
		case IsAlpha(c) || (!first && IsDigit(c)):
			n++
		default:
			return false
		}
	}
	return n > 0
}

// IsAlpha reports whether c is an ASCII letter.
func IsAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// IsDigit reports whether c is an ASCII digit.
func IsDigit(c byte) bool { return c >= '0' && c <= '9' }

// IsPNCharsBase reports whether r is in PN_CHARS_BASE.
func IsPNCharsBase(r rune) bool {
	switch {
	case r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z':
		return true
	case r < 0xC0:
		return false
	}
	return r <= 0xD6 || r >= 0xD8 && r <= 0xF6 || r >= 0xF8 && r <= 0x2FF ||
		r >= 0x370 && r <= 0x37D || r >= 0x37F && r <= 0x1FFF ||
		r >= 0x200C && r <= 0x200D || r >= 0x2070 && r <= 0x218F ||
		r >= 0x2C00 && r <= 0x2FEF || r >= 0x3001 && r <= 0xD7FF ||
		r >= 0xF900 && r <= 0xFDCF || r >= 0xFDF0 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0xEFFFF
}

// IsPNCharsU reports whether r is in PN_CHARS_U.
func IsPNCharsU(r rune) bool { return r == '_' || IsPNCharsBase(r) }

// IsPNChars reports whether r is in PN_CHARS.
func IsPNChars(r rune) bool {
	return IsPNCharsU(r) || r == '-' || r >= '0' && r <= '9' || r == 0xB7 ||
		r >= 0x300 && r <= 0x36F || r >= 0x203F && r <= 0x2040
}
