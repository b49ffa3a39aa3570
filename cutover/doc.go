// Package cutover reads and writes the share of each migrated route's
// traffic that CloudFront sends to Lambda, kept in the distribution's
// CloudFront KeyValueStore so it changes in seconds, with no deploy.
//
// The store holds two keys per route, read by the viewer-request
// CloudFront Function:
//
//	w:<route template>   the route's share of traffic to Lambda, "0".."100"
//	n:<route template>   a JSON Note of the last change: who, why, when
//
// An absent w: key means the manifest's weight. Writers are the fallback
// Lambda (an alarm sends routes back to the monolith: weight 0) and the
// cutover command (a person moves a route forward or back). Both go
// through Store.Shift, which writes a route's two keys in one UpdateKeys
// call guarded by the store's ETag, and retries when another writer got
// there first.
package cutover
