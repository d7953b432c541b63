package translate

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xinwen-reader/xinwen/feed"
)

// longArticle has n paragraphs of about size characters each.
func longArticle(n, size int) *feed.Version {
	v := &feed.Version{Title: "长文"}
	for i := range n {
		text := fmt.Sprintf("第%d段。", i)
		text += strings.Repeat("中", max(0, size-utf8.RuneCountInString(text)))
		v.Blocks = append(v.Blocks, feed.Block{Text: text})
	}
	return v
}

func TestAHugeArticleGoesInRequestsUnderTheLimitAtMostConcurrencyAtOnce(t *testing.T) {
	f := newFake(t, OpenAI)
	f.delay = 20 * time.Millisecond
	src := longArticle(300, 100)
	tr := f.translator(Config{Concurrency: 2, MaxChars: 1000}, nil, nil)
	got, err := tr.Version(context.Background(), src, "zh", "en", nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, b := range got.Blocks {
		if b.Text != "T:"+src.Blocks[i].Text {
			t.Fatalf("block %d: %q", i, b.Text)
		}
	}
	reqs := f.requestTexts()
	if len(reqs) < 30 {
		t.Errorf("%d requests for 30,000 characters at 1,000 a request", len(reqs))
	}
	for _, texts := range reqs {
		n := 0
		for _, s := range texts {
			n += utf8.RuneCountInString(s)
		}
		if n > 1000 {
			t.Errorf("a request of %d characters", n)
		}
	}
	if f.peak != 2 {
		t.Errorf("at most %d requests at once, want 2", f.peak)
	}
}

func TestConcurrencyHoldsAcrossCallsOnOneTranslator(t *testing.T) {
	f := newFake(t, OpenAI)
	f.delay = 20 * time.Millisecond
	tr := f.translator(Config{Concurrency: 1, MaxChars: 200}, nil, nil)
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			if _, err := tr.Version(context.Background(), longArticle(6, 100), "zh", "en", nil); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if f.peak != 1 {
		t.Errorf("%d requests at once, want 1", f.peak)
	}
}

func TestAnOverlongBlockIsCutAtSentencesAndJoinedAgain(t *testing.T) {
	f := newFake(t, OpenAI)
	var sentences []string
	for i := range 300 {
		sentences = append(sentences, fmt.Sprintf("这是第%d句话，他说：“好。”", i))
	}
	text := strings.Join(sentences, "")
	tr := f.translator(Config{MaxChars: 1000, Concurrency: 1}, nil, nil) // requests arrive in order
	got, err := tr.Version(context.Background(), &feed.Version{Blocks: []feed.Block{{Text: text}}}, "zh", "en", nil)
	if err != nil {
		t.Fatal(err)
	}
	var sent []string
	for _, texts := range f.requestTexts() {
		for _, s := range texts {
			if n := utf8.RuneCountInString(s); n > 1000 {
				t.Errorf("a piece of %d characters", n)
			}
			if !strings.HasSuffix(s, "。”") {
				t.Errorf("a piece ends mid-sentence: …%s", s[len(s)-12:])
			}
			sent = append(sent, s)
		}
	}
	if len(sent) < 5 || strings.Join(sent, "") != text {
		t.Fatalf("%d pieces do not make up the block", len(sent))
	}
	if want := "T:" + strings.Join(sent, " T:"); got.Blocks[0].Text != want {
		t.Errorf("translation not joined in order")
	}
}

func TestSplitTextKeepsEveryCharacterAndTheLimit(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("中文。，！？”」 abc.!? \u3000x")
	for range 2000 {
		runes := make([]rune, r.IntN(400))
		for i := range runes {
			runes[i] = alphabet[r.IntN(len(alphabet))]
		}
		s := feed.Clean(string(runes))
		limit := 1 + r.IntN(120)
		pieces := splitText(s, limit)
		for _, p := range pieces {
			if utf8.RuneCountInString(p) > limit || p == "" {
				t.Fatalf("splitText(%q, %d): piece %q", s, limit, p)
			}
		}
		squeeze := strings.NewReplacer(" ", "", "\u3000", "")
		if squeeze.Replace(strings.Join(pieces, "")) != squeeze.Replace(s) {
			t.Fatalf("splitText(%q, %d) lost text: %q", s, limit, pieces)
		}
	}
}

func TestProgressShowsBlocksAsTheyArriveInCopies(t *testing.T) {
	f := newFake(t, OpenAI)
	src := longArticle(4, 90)
	tr := f.translator(Config{Concurrency: 1, MaxChars: 100}, nil, nil)
	var seen []Progress
	got, err := tr.Version(context.Background(), src, "zh", "en", func(p Progress) {
		seen = append(seen, p)
		p.Version.Blocks[0].Text = "changed by the callee"
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 4 {
		t.Fatalf("%d progress calls, want one for each of 4 requests", len(seen))
	}
	for i, p := range seen {
		if p.Done != i+1 || p.Total != 4 || p.Version.Machine == nil || len(p.Version.Blocks) != 4 {
			t.Errorf("progress %d: %+v", i, p)
		}
		for k := 1; k < 4; k++ {
			if translatedYet := p.Version.Blocks[k].Text != ""; translatedYet != (k <= i) {
				t.Errorf("progress %d: block %d %q", i, k, p.Version.Blocks[k].Text)
			}
		}
	}
	if got.Blocks[0].Text != "T:"+src.Blocks[0].Text {
		t.Errorf("the callee's change reached the result: %q", got.Blocks[0].Text)
	}
}

func TestTitlesCopiesEmptyAndLetterlessTitles(t *testing.T) {
	f := newFake(t, OpenAI)
	got, err := f.translator(Config{}, nil, nil).Titles(context.Background(), []string{"新闻", "", "2024", "旧闻"}, "zh", "en")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"T:新闻", "", "2024", "T:旧闻"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if reqs := f.requestTexts(); len(reqs) != 1 {
		t.Errorf("requests %q, want one", reqs)
	}
}

func TestOnlyChineseAndEnglishEitherWay(t *testing.T) {
	f := newFake(t, OpenAI)
	tr := f.translator(Config{}, nil, nil)
	for _, pair := range [][2]string{{"zh", "zh"}, {"fr", "en"}, {"en", ""}} {
		if _, err := tr.Titles(context.Background(), []string{"x"}, pair[0], pair[1]); !errors.Is(err, ErrLanguages) {
			t.Errorf("%q: got %v", pair, err)
		}
	}
	if n := len(f.requestTexts()); n != 0 {
		t.Errorf("%d requests", n)
	}
}

func TestANilVersionIsAnErrorNotAPanic(t *testing.T) {
	f := newFake(t, OpenAI)
	if _, err := f.translator(Config{}, nil, nil).Version(context.Background(), nil, "zh", "en", nil); err == nil {
		t.Error("no error for a nil version")
	}
}
