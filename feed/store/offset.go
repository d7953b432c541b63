package store

import (
	"time"

	"github.com/xinwen-reader/xinwen/feed"
)

// offsetStep is schema step 5: each article's UTC offset in seconds
// (published_offset, NULL when it has no date), so that a stored
// headline's date is the day it was in the feed's own zone, as the
// article itself gives it, rather than the reader's. Rows stored before
// the step take the offset from their JSON, whose Published is RFC 3339:
// "Z" or ±hh:mm at its end.
//
// The index of a source's headlines by date becomes a covering one: it
// holds every column a headline is read from (see headlineCols), so that
// listing a feed of 10,000 reads the index alone, in order, rather than
// 10,000 table rows scattered among their bodies.
const offsetStep = `
ALTER TABLE articles ADD COLUMN published_offset INTEGER;
UPDATE articles SET published_offset = CASE
		WHEN substr(p.t, -1) = 'Z' THEN 0
		WHEN substr(p.t, -6, 1) = '+' THEN 60 * (60 * CAST(substr(p.t, -5, 2) AS INTEGER) + CAST(substr(p.t, -2) AS INTEGER))
		WHEN substr(p.t, -6, 1) = '-' THEN -60 * (60 * CAST(substr(p.t, -5, 2) AS INTEGER) + CAST(substr(p.t, -2) AS INTEGER))
	END
	FROM (SELECT id, CAST(data AS TEXT)->>'$.Published' AS t FROM articles WHERE published != 0) AS p
	WHERE articles.id = p.id;
DROP INDEX articles_source_published;
CREATE INDEX articles_source_headlines ON articles
	(source_id, published DESC, id DESC, langs, published_offset, article_id, title_zh, title_en, feed, link)
	WHERE staged = 0;
`

// maxOffset bounds a UTC offset in seconds: a day either way.
const maxOffset = 86400

// offsetOf is the published_offset column of a: nil when a has no date.
func offsetOf(a *feed.Article) any {
	if a.Published.IsZero() {
		return nil
	}
	_, off := a.Published.Zone()
	return off
}

// langsAndOffset is the headline column that carries both the langs bits
// and the offset: a headline costs the driver one column less this way,
// and 10,000 of them are read on every list. The offset, shifted to be
// positive, sits above the two langs bits; 0 there means unknown.
const langsAndOffset = `a.langs | coalesce((a.published_offset + 86400) << 2, 0)`

// splitLangs splits a value of langsAndOffset into the langs bits and
// the offset in seconds; known is false for a row with no offset.
func splitLangs(v int64) (langs int, offset int, known bool) {
	langs = int(v & 3)
	z := v >> 2
	if z <= 0 || z > 2*maxOffset {
		return langs, 0, false
	}
	return langs, int(z - maxOffset), true
}

// publishedAt is the time a headline was published: the instant at its
// feed's offset, or in the reader's zone when the offset is unknown.
func publishedAt(unix int64, offset int, known bool) time.Time {
	t := time.Unix(unix, 0)
	if !known {
		return t
	}
	if offset == 0 {
		return t.UTC()
	}
	return t.In(time.FixedZone("", offset))
}
