//go:build race

package opml

// raceOn: the race detector slows everything about tenfold, so speed
// floors are not checked.
const raceOn = true
