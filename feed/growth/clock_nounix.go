//go:build !unix

package growth

import "time"

// processCPU is the wall clock where getrusage is not at hand.
func processCPU(f func()) time.Duration { return wall(f) }
