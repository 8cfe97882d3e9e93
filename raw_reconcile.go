package bithumb

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"slices"
)

// FoundOrder is an order in doubt that a look-up by Client.Do found.
type FoundOrder struct {
	// OrderID is the exchange's id of the order.
	OrderID string
	// ClientOrderID is the order's client order id, "" when it has none.
	ClientOrderID string
	// State is the order's state when it was looked up.
	State OrderState
}

// rawOrder is what Client.Do knows of a raw order placement or cancel:
// the ids to look the orders up by after an ambiguous failure.
type rawOrder struct {
	op string // "place" or "cancel"
	// clientIDs or orderIDs name the orders; both are empty for an
	// endpoint that takes no client order id (legacy and v1 placements),
	// whose orders cannot be looked up.
	clientIDs, orderIDs []string
	// idField is the member of a single placement's answer that carries
	// the order id; an answer without it is in doubt.
	idField string
}

// rawOrderOf returns the order placement or cancel that req is, with a
// client order id added to the orders of POST /v2/orders and
// POST /v2/orders/batch that have none, or nil for any other request.
func rawOrderOf(operationID string, req *RawRequest) (*rawOrder, error) {
	switch operationID {
	case "placeOrder", "placeOrderBatch":
		if req.JSONBody == nil {
			return &rawOrder{op: "place"}, nil
		}
		body, ids, err := withClientOrderIDs(operationID, req.JSONBody)
		if err != nil {
			return nil, err
		}
		req.JSONBody = body
		o := &rawOrder{op: "place", clientIDs: ids}
		if operationID == "placeOrder" {
			o.idField = "order_id"
		}
		return o, nil
	case "placeOrderV1":
		return &rawOrder{op: "place", idField: "uuid"}, nil
	case "legacyPlaceOrder", "legacyMarketBuy", "legacyMarketSell":
		return &rawOrder{op: "place"}, nil
	case "cancelOrder":
		query := paramValues(req.Query)
		return &rawOrder{op: "cancel", orderIDs: query["order_id"], clientIDs: query["client_order_id"]}, nil
	case "cancelOrderV1":
		return &rawOrder{op: "cancel", orderIDs: paramValues(req.Query)["uuid"]}, nil
	case "cancelOrderBatch":
		var body struct {
			OrderIDs       []string `json:"order_ids"`
			ClientOrderIDs []string `json:"client_order_ids"`
		}
		_ = json.Unmarshal(req.JSONBody, &body) // a bad body is refused by the spec check
		return &rawOrder{op: "cancel", orderIDs: body.OrderIDs, clientIDs: body.ClientOrderIDs}, nil
	}
	return nil, nil
}

func paramValues(ps []Param) url.Values {
	v := url.Values{}
	for _, p := range ps {
		v.Add(p.Key, p.Value)
	}
	return v
}

// checkAnswer returns a *DecodeError for a successful answer that leaves
// the outcome in doubt: a body that is not JSON, or a single placement's
// answer without its order id.
func (o *rawOrder) checkAnswer(operationID string, resp *RawResponse) error {
	if !json.Valid(resp.Body) {
		return &DecodeError{OperationID: operationID, StatusCode: resp.StatusCode, Body: snippet(resp.Body),
			Err: errors.New("the body is not valid JSON")}
	}
	if o.idField == "" {
		return nil
	}
	var members map[string]json.RawMessage
	var id string
	if json.Unmarshal(resp.Body, &members) != nil || json.Unmarshal(members[o.idField], &id) != nil || id == "" {
		return &DecodeError{OperationID: operationID, StatusCode: resp.StatusCode, Body: snippet(resp.Body), Err: ErrNoOrderID}
	}
	return nil
}

// reconcile looks up the orders of a placement or cancel in doubt and
// returns the *AmbiguousOrderError that reports them; it never sends the
// request again. The look-ups have a call timeout of their own (see
// WithTimeout), since the call's may be what expired; none is made once
// ctx, the caller's context, is done, or when there is no id to look up.
func (c *Client) reconcile(ctx context.Context, o *rawOrder, doubt error) *AmbiguousOrderError {
	amb := &AmbiguousOrderError{Op: o.op, ClientOrderIDs: o.clientIDs, OrderIDs: o.orderIDs, Err: doubt}
	ids, byClient := o.orderIDs, false
	if len(ids) == 0 {
		ids, byClient = o.clientIDs, true
	}
	if len(ids) == 0 || ctx.Err() != nil {
		return amb
	}
	ctx, cancel := c.withCallTimeout(ctx)
	defer cancel()
	var found []FoundOrder
	s := &settler[[]FoundOrder]{ctx: ctx, delay: c.opts.reconcileDelay, lookup: func() ([]FoundOrder, bool, error) {
		var err error
		found, err = c.lookUpOrders(ctx, ids, byClient)
		return found, err == nil && len(found) == len(ids), err
	}}
	s.settle()
	amb.Reconciliation = s.rec
	amb.Reconciliation.Found = found
	if o.op == "cancel" && len(ids) == 1 && len(found) == 1 {
		amb.Reconciliation.State = found[0].State
	}
	return amb
}

// lookUpOrders finds the orders named by ids (client order ids when
// byClient), in the order of ids; orders the exchange does not know are
// left out.
func (c *Client) lookUpOrders(ctx context.Context, ids []string, byClient bool) ([]FoundOrder, error) {
	if len(ids) == 1 {
		params := GetOrderParams{UUID: &ids[0]}
		if byClient {
			params = GetOrderParams{ClientOrderID: &ids[0]}
		}
		o, err := c.GetOrder(ctx, params)
		switch {
		case errors.Is(err, ErrOrderNotFound):
			return nil, nil
		case err != nil:
			return nil, err
		}
		return []FoundOrder{{OrderID: o.UUID, ClientOrderID: strOrEmpty(o.ClientOrderID), State: o.State}}, nil
	}
	search := SearchOrdersRequest{OrderIds: ids}
	if byClient {
		search = SearchOrdersRequest{ClientOrderIds: ids}
	}
	orders, err := c.SearchOrders(ctx, search)
	if err != nil {
		return nil, err
	}
	var found []FoundOrder
	for _, id := range ids {
		i := slices.IndexFunc(orders, func(o OrderV2) bool {
			if byClient {
				return strOrEmpty(o.ClientOrderID) == id
			}
			return o.OrderID == id
		})
		if i >= 0 {
			o := orders[i]
			found = append(found, FoundOrder{OrderID: o.OrderID, ClientOrderID: strOrEmpty(o.ClientOrderID), State: o.State})
		}
	}
	return found, nil
}

func strOrEmpty(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
