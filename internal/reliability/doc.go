// Package reliability holds the network-fault suite: Shopify's toxiproxy
// runs in-process between the SDK and the simulator and injects latency,
// bandwidth limits, resets, timeouts and blackholes into REST and
// WebSocket connections, and the tests check the three-outcome rule of
// order placement, the WebSocket client's recovery, goroutine leaks and
// memory. The package has no code of its own outside its tests; see
// docs/reliability.md.
package reliability
