// Package memo remembers a function's answer per argument.
//
// Each read of an aws-cdk-lib value (a Duration made, a Duration's seconds,
// a rollout configuration) is a round trip to Node, and a stack of 150
// functions asked for the same few hundreds of times. These values never
// change, so the first answer for an argument serves every later caller.
package memo

import "sync"

// Func returns f remembered per argument; safe for concurrent use. Two
// first calls at once may both run f: the answer kept is the one stored
// first, and every caller gets it.
func Func[K comparable, V any](f func(K) V) func(K) V {
	var made sync.Map // K -> V
	return func(k K) V {
		if v, ok := made.Load(k); ok {
			return v.(V)
		}
		v, _ := made.LoadOrStore(k, f(k))
		return v.(V)
	}
}
