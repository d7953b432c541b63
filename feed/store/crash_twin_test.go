package store

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Two refreshes at once: two helper processes save the same feed and one
// each of their own, add subscriptions (merging tags into a shared one),
// record fetch results and set stars, marks and MarkAllReads, for
// twinTime; whatever either reported is there afterwards.

// twinTime is how long each twin refreshes.
const twinTime = 1500 * time.Millisecond

// twinBurst is how many tags each twin merges into the shared
// subscription before it refreshes.
const twinBurst = 100 / crashScale

const (
	twinShared    = "https://shared.example/rss"
	twinSharedSub = "https://shared.example/sub"
)

func twinSource(name string) string { return "https://" + name + ".example/rss" }
func twinSub(name string, i int) string {
	return fmt.Sprintf("https://%s.example/sub%d", name, i)
}
func twinKey(name, what string, i int) ArticleKey {
	return ArticleKey{twinSource(name), fmt.Sprintf("%s-%s%d", name, what, i)}
}

func twinAll(name string, i int) []ArticleKey {
	keys := make([]ArticleKey, 100)
	for j := range keys {
		keys[j] = twinKey(name, fmt.Sprintf("all%d-", i), j)
	}
	return keys
}

// twinRound is round i of the twin called name; say reports a step done.
func twinRound(ctx context.Context, s *Store, name string, i int, say func(step string, i int)) error {
	if _, err := s.AddSubscriptions(ctx, []Subscription{
		{Source: twinSub(name, i), Title: fmt.Sprintf("%s 订阅%d", name, i), Tags: []string{name}},
		{Source: twinSharedSub, Tags: []string{fmt.Sprintf("%s-%d", name, i)}},
	}); err != nil {
		return err
	}
	say("subscribed", i)
	label := fmt.Sprintf("%s-%d", name, i)
	err := s.SaveSource(ctx, twinShared, dailyArticles(label, twinCount(label)), time.Time{})
	switch {
	case errors.Is(err, errRaced): // the other twin's save won, three times
		say("raced", i)
	case err != nil:
		return err
	default:
		say("saved shared", i)
	}
	if err := s.SaveSource(ctx, twinSource(name), dailyArticles(label, twinOwnCount), time.Time{}); err != nil {
		return err
	}
	say("saved own", i)
	if err := errors.Join(s.SetFetchResult(ctx, twinSub(name, i), dailyFetched(i), dailyFetchErr(i)),
		s.SetFetchResult(ctx, twinSharedSub, time.Now(), nil)); err != nil {
		return err
	}
	say("fetched", i)
	if err := errors.Join(s.SetStarred(ctx, twinKey(name, "star", i), true), s.SetRead(ctx, twinKey(name, "mark", i), true)); err != nil {
		return err
	}
	if _, err := s.MarkAllRead(ctx, twinAll(name, i)); err != nil {
		return err
	}
	say("marked", i) // written for certain once Close returned
	return nil
}

// TestHelperDailyTwin refreshes for twinTime from XINWEN_STORE_START on,
// then closes the store and reports "closed".
func TestHelperDailyTwin(t *testing.T) {
	if os.Getenv(helperEnv) != "twin" {
		t.Skip("helper process for TestTwoRefreshesAtOnceLoseNothing")
	}
	ctx := context.Background()
	name := os.Getenv("XINWEN_STORE_PREFIX")
	start, _ := strconv.ParseInt(os.Getenv("XINWEN_STORE_START"), 10, 64)
	s, err := Open(ctx, os.Getenv(dbEnv))
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Until(time.Unix(0, start)))
	say := func(step string, i int) { fmt.Printf("%s %d\n", step, i) }
	// First a burst of small merges into the shared subscription, both
	// twins at once: a merge read outside its write transaction loses
	// the other's tags.
	for j := range twinBurst {
		tag := fmt.Sprintf("%s-burst%d", name, j)
		if _, err := s.AddSubscriptions(ctx, []Subscription{{Source: twinSharedSub, Tags: []string{tag}}}); err != nil {
			t.Fatalf("%s merge %d: %v", name, j, err)
		}
		say("merged", j)
	}
	for i := 0; time.Since(time.Unix(0, start)) < twinTime; i++ {
		if err := twinRound(ctx, s, name, i, say); err != nil {
			t.Fatalf("%s round %d: %v", name, i, err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	fmt.Println("closed 0")
}

func TestTwoRefreshesAtOnceLoseNothing(t *testing.T) {
	// The database does not exist yet: both twins also create it.
	path := filepath.Join(t.TempDir(), "xinwen.db")
	start := fmt.Sprint(time.Now().Add(time.Second).UnixNano())
	names := []string{"one", "two"}
	reps := make([]dailyReport, len(names))
	done := make(chan error, len(names))
	for n, name := range names {
		cmd := helper(t, "TestHelperDailyTwin", helperEnv+"=twin", dbEnv+"="+path,
			"XINWEN_STORE_PREFIX="+name, "XINWEN_STORE_START="+start)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		reps[n] = dailyReport{}
		go func(cmd *exec.Cmd, rep dailyReport) {
			lines := bufio.NewScanner(out)
			for lines.Scan() {
				rep[lines.Text()] = true
			}
			done <- cmd.Wait()
		}(cmd, reps[n])
	}
	for range names {
		if err := <-done; err != nil {
			t.Errorf("twin: %v", err)
		}
	}
	if t.Failed() {
		t.FailNow()
	}
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	intact(t, s)
	var lastShared []string
	for n, name := range names {
		if !reps[n].saw("closed", 0) {
			t.Fatalf("%s did not close its store", name)
		}
		rounds := checkTwin(t, s, name, reps[n])
		for i := rounds - 1; i >= 0; i-- {
			if reps[n].saw("saved shared", i) {
				lastShared = append(lastShared, fmt.Sprintf("%s-%d", name, i))
				break
			}
		}
		raced := 0
		for i := range rounds {
			if reps[n].saw("raced", i) {
				raced++
			}
		}
		t.Logf("%s: %d rounds, %d saves of the shared feed lost the race three times", name, rounds, raced)
	}
	label, err := wholeCopy(context.Background(), s, twinShared, twinCount)
	if err != nil || !slices.Contains(lastShared, label) {
		t.Errorf("the shared feed's copy is %q, %v; want the last save of one twin, %q", label, err, lastShared)
	}
}

// twinCount is how many articles a twin's save of the shared feed labelled
// label holds: one to two thousand, two to four chunks, between which the
// other twin writes.
func twinCount(label string) int {
	_, i, _ := strings.Cut(label, "-")
	n, _ := strconv.Atoi(i)
	return dailyCount(n) / 2
}

// twinOwnCount is how many articles a twin's save of its own feed holds.
const twinOwnCount = 300 / crashScale

// checkTwin checks what the twin called name reported and returns how many
// rounds it ran.
func checkTwin(t *testing.T, s *Store, name string, rep dailyReport) int {
	t.Helper()
	ctx := context.Background()
	subs, err := s.Subscriptions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]Subscription{}
	for _, sub := range subs {
		by[sub.Source] = sub
	}
	for j := range twinBurst {
		if tag := fmt.Sprintf("%s-burst%d", name, j); rep.saw("merged", j) && !slices.Contains(by[twinSharedSub].Tags, tag) {
			t.Errorf("%s: the shared subscription lost the tag %s it merged", name, tag)
		}
	}
	rounds := 0
	for rep.saw("subscribed", rounds) {
		rounds++
	}
	var keys, stars []ArticleKey
	for i := range rounds {
		sub, ok := by[twinSub(name, i)]
		if !ok || sub.Title != fmt.Sprintf("%s 订阅%d", name, i) || !slices.Equal(sub.Tags, []string{name}) {
			t.Errorf("%s round %d: subscription %+v (there: %v)", name, i, sub, ok)
		}
		if tag := fmt.Sprintf("%s-%d", name, i); !slices.Contains(by[twinSharedSub].Tags, tag) {
			t.Errorf("%s round %d: the shared subscription lost the tag %s it merged", name, i, tag)
		}
		if rep.saw("fetched", i) {
			wantErr := ""
			if err := dailyFetchErr(i); err != nil {
				wantErr = err.Error()
			}
			if !sub.Fetched.Equal(dailyFetched(i)) || sub.LastError != wantErr {
				t.Errorf("%s round %d: fetched %v %q, want %v %q", name, i, sub.Fetched, sub.LastError, dailyFetched(i), wantErr)
			}
		}
		if rep.saw("marked", i) {
			keys = append(append(keys, twinKey(name, "mark", i)), twinAll(name, i)...)
			stars = append(stars, twinKey(name, "star", i))
		}
	}
	read, err := s.ReadMarks(ctx, keys)
	if err != nil {
		t.Fatal(err)
	}
	starred, err := s.Stars(ctx, stars)
	if err != nil {
		t.Fatal(err)
	}
	if len(read) != len(keys) || len(starred) != len(stars) {
		t.Errorf("%s: %d of %d read marks and %d of %d stars it reported are there", name, len(read), len(keys), len(starred), len(stars))
	}
	last := ""
	for i := range rounds {
		if rep.saw("saved own", i) {
			last = fmt.Sprintf("%s-%d", name, i)
		}
	}
	own := func(string) int { return twinOwnCount }
	if label, err := wholeCopy(ctx, s, twinSource(name), own); err != nil || label != last {
		t.Errorf("%s: its feed's copy is %q, %v; want its last save %q", name, label, err, last)
	}
	return rounds
}
