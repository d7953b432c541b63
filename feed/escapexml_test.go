package feed

import (
	"strings"
	"testing"
	"unsafe"
)

// TestEscapesForXMLLooksForEachByteAlone protects the quick look of
// escapesForXML for ESC and BEL: text with either alone is still
// rewritten, and text with neither is returned as it is, not copied.
func TestEscapesForXMLLooksForEachByteAlone(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"<t>a\x07b</t>", "<t>a\u009cb</t>"},
		{"<t>a\x1b]0;x</t>", "<t>a\u009d0;x</t>"},
		{"<t>a\x1bcb</t>", "<t>ab</t>"},
	} {
		if got := escapesForXML(tt.in); got != tt.want {
			t.Errorf("escapesForXML(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	clean := strings.Repeat("<item>新闻 news</item>", 100)
	if got := escapesForXML(clean); unsafe.StringData(got) != unsafe.StringData(clean) {
		t.Error("escapesForXML copied text without ESC or BEL")
	}
}
