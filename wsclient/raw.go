package wsclient

// Raw is a data message together with its wire bytes. Subscriptions made
// with [WithRaw] receive every data message as a *Raw instead of the bare
// decoded event; notices ([*Disconnected], [*Reconnected],
// [*ServerError]) arrive unchanged.
//
// Message holds what the server sent, byte for byte: the field names of
// the connection's [Format] (DEFAULT or SIMPLE), every number as written,
// and only the fields the server included. Event is the decoded message,
// as a subscription without WithRaw receives it (an orderbook trimmed to
// the subscription's depth, whereas Message is not). Like every event, a
// Raw is shared and read-only.
type Raw struct {
	// Event is the decoded message: a [*Ticker], [*Trade], [*Orderbook],
	// [*MyOrder], [*MyOrderV1] or [*MyAsset].
	Event Event
	// Message is the message as received. Do not modify it.
	Message []byte
}

func (*Raw) isEvent() {}

// WithRaw makes the subscription receive data messages as [*Raw], with
// the bytes of each message next to its decoded event: for printing or
// storing a message exactly as Bithumb sent it. It costs one copy of every
// message the subscription receives.
func WithRaw() SubscribeOption {
	return func(o *subOptions) error { o.raw = true; return nil }
}
