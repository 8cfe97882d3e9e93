package contract_test

import (
	"slices"
	"strings"
	"testing"
)

// tradingCategories are the rate-limit categories of order placements and
// cancels (one at a time or in a batch): an operation counted against one
// of them trades, so it cannot be read-only.
var tradingCategories = []string{"private-order", "private-cancel", "bulk"}

// stateChanging are operations that x-bithumb-retry: safe does not make
// read-only: cancels may be re-sent, and creating a deposit address twice
// gives the same address, yet each changes the account. With fundsMoving
// they must never carry x-bithumb-read-only. The list is explicit so that
// renaming one fails TestSpecReadOnly.
var stateChanging = []string{
	"cancelOrder", "cancelOrderV1", "cancelOrderBatch", "cancelTwapOrder",
	"cancelCoinWithdrawal", "legacyCancelOrder", "createDepositAddress",
}

// readOnlyProblems checks x-bithumb-read-only and the read-only GETs of
// doc: the mark is true when present, sits on a non-GET operation with
// x-bithumb-retry: safe and a rate-limit category that does not trade,
// and never on an operation of fundsMoving or stateChanging; and every
// GET has x-bithumb-retry: safe, since `bithumb contract --live` takes a
// GET without it for one that must not be sent. It returns one line per
// problem.
func readOnlyProblems(ops []operation) []string {
	var out []string
	for _, o := range ops {
		where := o.name() + " (" + o.Method + " " + o.Path + ")"
		retry, _ := o.Op.Extensions["x-bithumb-retry"].(string)
		category, _ := o.Op.Extensions["x-bithumb-rate-limit"].(string)
		if o.Method == "GET" && retry != "safe" {
			out = append(out, where+": a GET without x-bithumb-retry: safe")
		}
		mark, marked := o.Op.Extensions["x-bithumb-read-only"]
		if !marked {
			continue
		}
		switch {
		case mark != true:
			out = append(out, where+": x-bithumb-read-only must be true when present")
		case o.Method == "GET":
			out = append(out, where+": x-bithumb-read-only on a GET, which reads without it")
		}
		if retry != "safe" {
			out = append(out, where+": x-bithumb-read-only, but x-bithumb-retry is "+retry+", not safe")
		}
		if slices.Contains(tradingCategories, category) {
			out = append(out, where+": x-bithumb-read-only, but its rate-limit category "+category+" is an order or cancel one")
		}
		if slices.Contains(fundsMoving, o.Op.OperationID) || slices.Contains(stateChanging, o.Op.OperationID) {
			out = append(out, where+": x-bithumb-read-only on an operation that places, cancels or moves funds")
		}
	}
	return out
}

// TestSpecReadOnly: the spec's x-bithumb-read-only marks and read-only
// GETs pass readOnlyProblems, the marked operations are the known
// read-only POSTs, and readOnlyProblems finds each kind of mistake in a
// copy of the spec that has it.
func TestSpecReadOnly(t *testing.T) {
	doc := loadSpec(t)
	for _, p := range readOnlyProblems(operations(doc)) {
		t.Error(p)
	}
	var marked []string
	for _, o := range operations(doc) {
		if o.Op.Extensions["x-bithumb-read-only"] == true {
			marked = append(marked, o.Op.OperationID)
		}
	}
	for _, id := range []string{"searchOrders", "legacyAccount", "legacyBalance", "legacyWalletAddress", "legacyOrders", "legacyOrderDetail", "legacyUserTransactions", "legacyInfoTicker"} {
		if !slices.Contains(marked, id) {
			t.Errorf("%s only reads but has no x-bithumb-read-only: true (marked: %v)", id, marked)
		}
	}
	var categories map[string]rateLimitCategory
	if ok, err := extension(doc.Extensions, "x-bithumb-rate-limit-categories", &categories); !ok || err != nil {
		t.Fatalf("x-bithumb-rate-limit-categories: present=%v, err=%v", ok, err)
	}
	for _, c := range tradingCategories {
		if _, ok := categories[c]; !ok {
			t.Errorf("trading category %s is not in x-bithumb-rate-limit-categories", c)
		}
	}
	for _, id := range stateChanging {
		if _, ok := operationByID(doc, id); !ok {
			t.Errorf("operation %s (listed in stateChanging) is not in the spec", id)
		}
	}

	// Each mistake, made on a fresh copy of the spec, is found.
	for _, c := range []struct {
		id, method, want string
		edit             func(ext map[string]any)
	}{
		{"placeOrder", "POST", "not safe", func(ext map[string]any) { ext["x-bithumb-read-only"] = true }},
		{"cancelOrder", "DELETE", "order or cancel", func(ext map[string]any) { ext["x-bithumb-read-only"] = true }},
		{"createDepositAddress", "POST", "places, cancels or moves funds", func(ext map[string]any) { ext["x-bithumb-read-only"] = true }},
		{"searchOrders", "POST", "must be true", func(ext map[string]any) { ext["x-bithumb-read-only"] = "yes" }},
		{"searchOrders", "POST", "not safe", func(ext map[string]any) { ext["x-bithumb-retry"] = "never" }},
		{"listAccounts", "GET", "on a GET", func(ext map[string]any) { ext["x-bithumb-read-only"] = true }},
		{"listAccounts", "GET", "a GET without x-bithumb-retry: safe", func(ext map[string]any) { ext["x-bithumb-retry"] = "never" }},
	} {
		doc := loadSpec(t)
		o, ok := operationByID(doc, c.id)
		if !ok || o.Method != c.method {
			t.Fatalf("%s: not a %s operation of the spec", c.id, c.method)
		}
		c.edit(o.Op.Extensions)
		problems := strings.Join(readOnlyProblems(operations(doc)), "\n")
		if !strings.Contains(problems, c.id) || !strings.Contains(problems, c.want) {
			t.Errorf("%s edited: problems %q, want one about %s naming %q", c.id, problems, c.id, c.want)
		}
	}
}
