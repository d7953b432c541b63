//go:build !race

package store

// crashScale divides the sizes of the crash tests' feeds (see
// crash_race_on_test.go).
const crashScale = 1
