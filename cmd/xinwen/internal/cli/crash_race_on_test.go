//go:build race

package cli

// crashScale divides the sizes of the crash tests' feeds under the race
// detector, which makes SQLite ten times slower and the helper processes
// with it.
const crashScale = 4
