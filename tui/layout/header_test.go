package layout

import (
	"strings"
	"testing"

	"github.com/xinwen-reader/xinwen/feed"
)

// machineArticle is a Chinese article whose English version is a machine
// translation made by m.
func machineArticle(m *feed.Machine) *feed.Article {
	return &feed.Article{
		ID: "1",
		ZH: &feed.Version{Title: "城市图书馆延长开放时间", Blocks: []feed.Block{{Text: "市图书馆宣布延长开放时间。"}}},
		EN: &feed.Version{Title: "City library extends its hours", Blocks: []feed.Block{{Text: "The city library extends its hours."}}, Machine: m},
	}
}

func TestMachineTranslationIsLabelledInEveryModeThatShowsIt(t *testing.T) {
	r := NewRenderer(Options{})
	a := machineArticle(&feed.Machine{Backend: "openai", Model: "qwen2.5:7b"})
	for _, tt := range []struct {
		lang  Lang
		width int
		want  bool
	}{
		{English, 60, true}, {Both, 100, true}, {Both, 50, true}, {Chinese, 60, false},
	} {
		header := strings.Join(r.Render(a, tt.lang, tt.width).Header, "\n")
		got := strings.Contains(header, "Machine translation · qwen2.5:7b")
		if got != tt.want {
			t.Errorf("%v at %d: label shown %v, want %v:\n%s", tt.lang, tt.width, got, tt.want, header)
		}
	}
	// An original is never labelled.
	a.EN.Machine = nil
	if header := strings.Join(r.Render(a, Both, 100).Header, "\n"); strings.Contains(header, "translation") {
		t.Errorf("an original is labelled:\n%s", header)
	}
}

func TestChineseMachineTranslationIsLabelledInChinese(t *testing.T) {
	a := &feed.Article{
		EN: &feed.Version{Title: "Library hours", Blocks: []feed.Block{{Text: "The library opens late."}}},
		ZH: &feed.Version{Title: "图书馆时间", Blocks: []feed.Block{{Text: "图书馆开放到很晚。"}}, Machine: &feed.Machine{Backend: "deepl"}},
	}
	header := strings.Join(NewRenderer(Options{}).Render(a, Chinese, 60).Header, "\n")
	if !strings.Contains(header, "机器翻译 · DeepL") {
		t.Errorf("no Chinese label naming DeepL:\n%s", header)
	}
	wide := strings.Join(NewRenderer(Options{Metrics: NewMetrics(true)}).Render(a, Chinese, 60).Header, "\n")
	if !strings.Contains(wide, "机器翻译 - DeepL") || strings.Contains(wide, "·") {
		t.Errorf("ambiguous-wide label not ASCII-separated:\n%s", wide)
	}
}

func TestMachineLabelNamesTheBackendWithoutAModel(t *testing.T) {
	for backend, want := range map[string]string{"deepl": "DeepL", "libretranslate": "LibreTranslate", "openai": "OpenAI-compatible server"} {
		if got := machineName(&feed.Machine{Backend: backend}); got != want {
			t.Errorf("machineName(%s) = %q, want %q", backend, got, want)
		}
	}
}
