package store

import "strings"

// subscriptionIndex finds the subscription of a source row: the one whose
// source is the row's, or else the innermost directory holding it (see
// covers). It looks up the source and each directory above it, so a
// scope costs the sources times their depth, not the sources times the
// subscriptions (10,000 of each after an OPML import).
type subscriptionIndex struct {
	subs  []Subscription
	exact map[string]int // source → index in subs
	dirs  map[string]int // a directory without its last "/" → the longest source naming it
}

func newSubscriptionIndex(subs []Subscription) subscriptionIndex {
	idx := subscriptionIndex{subs: subs, exact: make(map[string]int, len(subs)), dirs: map[string]int{}}
	for i, sub := range subs {
		if _, ok := idx.exact[sub.Source]; !ok {
			idx.exact[sub.Source] = i
		}
		if isURL(sub.Source) || sub.Source == "-" {
			continue
		}
		dir := strings.TrimSuffix(sub.Source, "/")
		if j, ok := idx.dirs[dir]; !ok || len(sub.Source) > len(subs[j].Source) {
			idx.dirs[dir] = i
		}
	}
	return idx
}

// of returns the subscription of source: its own, else the innermost
// directory's; of those of equal length, the first added.
func (idx subscriptionIndex) of(source string) (Subscription, bool) {
	best := -1
	consider := func(i int) {
		if best < 0 || len(idx.subs[i].Source) > len(idx.subs[best].Source) ||
			len(idx.subs[i].Source) == len(idx.subs[best].Source) && i < best {
			best = i
		}
	}
	if i, ok := idx.exact[source]; ok {
		consider(i)
	}
	for at := strings.IndexByte(source, '/'); at >= 0; {
		if i, ok := idx.dirs[source[:at]]; ok {
			consider(i)
		}
		next := strings.IndexByte(source[at+1:], '/')
		if next < 0 {
			break
		}
		at += 1 + next
	}
	if best < 0 {
		return Subscription{}, false
	}
	return idx.subs[best], true
}
