//go:build !race

package opml

const raceOn = false
