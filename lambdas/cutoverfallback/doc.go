// Package cutoverfallback is the logic of the cut-over fallback Lambda
// (binary: lambdas/cutover-fallback). EventBridge sends it every state
// change of the alarms that watch migrated routes; when one goes to ALARM,
// it sets the weight of that alarm's routes to 0 in the distribution's
// KeyValueStore (see package cutover), so CloudFront sends their traffic
// back to the monolith within seconds, records why, and says so on the
// SNS topic. Any other state changes nothing: moving forward again is a
// person's decision (`cutover shift ROUTE PERCENT`).
package cutoverfallback
