//go:build !race

package cli

// crashScale divides the sizes of the crash tests' feeds (see
// crash_race_on_test.go).
const crashScale = 1
