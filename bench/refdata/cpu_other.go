//go:build !unix

package main

import "time"

// cpuTime is not measured off Unix; the report then shows 0.
func cpuTime() time.Duration { return 0 }
