package engine

import (
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/sim/market"
)

// volumeScale is the number of decimals of an order volume.
const volumeScale = 8

var clientOrderIDRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,36}$`)

// OrderRequest is a new order.
type OrderRequest struct {
	Market        string
	Side          Side
	Type          OrderType
	Price         decimal.Decimal
	Volume        decimal.Decimal
	ClientOrderID string
	TimeInForce   string
	// LegacyMarketBuy marks a legacy /trade/market_buy: a bid for
	// Volume at any price (type market on the bid side).
	LegacyMarketBuy bool
	twap            string
}

func (e *Engine) reserveRate() decimal.Decimal {
	return decimal.Max(e.cfg.MakerFee, e.cfg.TakerFee)
}

// PlaceOrder validates and places an order of account, matching it at
// once against the book. It returns a copy of the order as it stands
// after matching.
func (e *Engine) PlaceOrder(account string, req OrderRequest) (*Order, error) {
	now := e.lock()
	defer e.unlock()
	o, err := e.place(account, req, now)
	if err != nil {
		return nil, err
	}
	return o.Clone(), nil
}

func (e *Engine) place(account string, req OrderRequest, now time.Time) (*Order, *Error) {
	acct, ok := e.accounts[account]
	if !ok {
		return nil, badParam("unknown account")
	}
	m, ok := e.markets[strings.ToUpper(req.Market)]
	if !ok {
		return nil, badParam("market")
	}
	spec := m.spec
	if err := checkShape(req, spec); err != nil {
		return nil, err
	}
	if req.ClientOrderID != "" {
		if !clientOrderIDRE.MatchString(req.ClientOrderID) {
			return nil, badParam("client_order_id")
		}
		if _, dup := e.clientIDs[account][req.ClientOrderID]; dup {
			return nil, fail(400, "duplicate_client_order_id")
		}
	}
	sideName := string(req.Side)
	o := &Order{
		Account: account, ClientOrderID: req.ClientOrderID, Market: spec.Code, Side: req.Side, Type: req.Type,
		TimeInForce: req.TimeInForce, Price: req.Price, Volume: req.Volume, State: StateWait, CreatedAt: now,
		STPType: "cancel_taker", TWAP: req.twap,
	}
	asks, bids := m.data.Book()
	rate := e.reserveRate()
	quote, base := acct.bal(spec.Quote()), acct.bal(spec.Base())
	var total, lock decimal.Decimal
	switch req.Type {
	case Limit:
		if !spec.OnTick(req.Price) {
			return nil, fail(400, "invalid_price_"+sideName)
		}
		o.Limit = req.Price
		total = req.Price.Mul(req.Volume)
	case Price:
		total = req.Price
	case Market:
		if req.Side == Ask {
			total = req.Volume.Mul(refPrice(bids, m))
		} else {
			total = req.Volume.Mul(refPrice(asks, m))
		}
	case Best:
		if req.Side == Bid {
			if len(asks) == 0 {
				return nil, badParam("no liquidity")
			}
			o.Limit = bestOpposite(m, Bid, asks[0].Price)
			o.Volume = req.Price.Div(o.Limit, volumeScale, decimal.Down)
			total = req.Price
		} else {
			if len(bids) == 0 {
				return nil, badParam("no liquidity")
			}
			o.Limit = bestOpposite(m, Ask, bids[0].Price)
			total = req.Volume.Mul(o.Limit)
		}
	}
	if total.LessThan(spec.MinTotal) {
		return nil, fail(400, "under_min_total_"+sideName)
	}
	if total.GreaterThan(spec.MaxTotal) {
		return nil, fail(400, "over_max_total")
	}
	// Funds.
	if req.Side == Bid {
		switch req.Type {
		case Limit, Best:
			lock = o.Limit.Mul(o.Volume)
			o.ReservedFee = lock.Mul(rate)
			lock = lock.Add(o.ReservedFee)
		case Price:
			o.ReservedFee = req.Price.Mul(rate)
			lock = req.Price.Add(o.ReservedFee)
			o.RemainingFunds = req.Price
		case Market: // legacy market buy by volume: lock what the walk costs
			cost, filled := e.walkCost(m, account, req.Volume)
			if filled.LessThan(req.Volume) {
				cost = cost.Add(req.Volume.Sub(filled).Mul(refPrice(asks, m)))
			}
			o.ReservedFee = cost.Mul(rate)
			lock = cost.Add(o.ReservedFee)
		}
		if quote.Balance.LessThan(lock) {
			return nil, fail(400, "insufficient_funds_bid")
		}
	} else {
		lock = o.Volume
		if req.Type == Limit || req.Type == Best {
			o.ReservedFee = o.Limit.Mul(o.Volume).Mul(rate)
		}
		if base.Balance.LessThan(lock) {
			return nil, fail(400, "insufficient_funds_ask")
		}
	}
	o.Remaining = o.Volume
	o.RemainingFee = o.ReservedFee
	// Time in force and self-trade prevention need a dry run.
	plan := e.walk(m, o, now)
	// Accepted: create the order and lock the funds.
	o.ID = e.nextID("C0101", &e.seq.order)
	o.Seq = e.seq.order
	o.Locked = lock
	if req.Side == Bid {
		quote.Balance = quote.Balance.Sub(lock)
		quote.Locked = quote.Locked.Add(lock)
	} else {
		base.Balance = base.Balance.Sub(lock)
		base.Locked = base.Locked.Add(lock)
	}
	e.orders[o.ID] = o
	e.byAccount[account] = append(e.byAccount[account], o)
	if o.ClientOrderID != "" {
		if e.clientIDs[account] == nil {
			e.clientIDs[account] = map[string]*Order{}
		}
		e.clientIDs[account][o.ClientOrderID] = o
	}
	e.dirty.order(o.ID)
	e.dirty.account(account)
	e.emitOrder(o)
	e.emitBalances(account, spec.Quote(), spec.Base())

	switch {
	case o.TimeInForce == "post_only" && len(plan.fills) > 0:
		e.closeOrder(o, StateCancel, "tif_cancel", now)
		return o, nil
	case o.TimeInForce == "fok" && !plan.complete:
		if plan.self != "" {
			o.CancelingID = plan.self
			e.closeOrder(o, StateCancel, CancelSTP, now)
		} else {
			e.closeOrder(o, StateCancel, "tif_cancel", now)
		}
		return o, nil
	}
	e.execute(m, o, plan, now)
	switch {
	case o.State != StateWait:
	case plan.self != "":
		// Self-trade prevention: what would trade with an order of the
		// same account is cancelled, whatever the order's type.
		o.CancelingID = plan.self
		e.closeOrder(o, StateCancel, CancelSTP, now)
	case o.Type == Price:
		if o.Executed.IsPositive() {
			e.closeOrder(o, StateDone, "", now)
		} else {
			e.closeOrder(o, StateCancel, "unfilled", now)
		}
	case o.Type == Market:
		if o.Remaining.IsZero() {
			e.closeOrder(o, StateDone, "", now)
		} else {
			e.closeOrder(o, StateCancel, "unfilled", now)
		}
	case o.Remaining.IsZero():
		e.closeOrder(o, StateDone, "", now)
	case o.TimeInForce == "ioc" || o.TimeInForce == "fok" || o.Type == Best:
		e.closeOrder(o, StateCancel, "tif_cancel", now)
	default:
		e.rest(m, o)
	}
	return o, nil
}

// bestOpposite is the limit of a best order: the opposite best price.
func bestOpposite(m *mkt, side Side, synthetic decimal.Decimal) decimal.Decimal {
	p := synthetic
	if side == Bid && len(m.asks) > 0 && m.asks[0].Limit.LessThan(p) {
		p = m.asks[0].Limit
	}
	if side == Ask && len(m.bids) > 0 && m.bids[0].Limit.GreaterThan(p) {
		p = m.bids[0].Limit
	}
	return p
}

func refPrice(levels []market.Level, m *mkt) decimal.Decimal {
	if len(levels) > 0 {
		return levels[0].Price
	}
	return m.data.LastPrice()
}

func checkShape(req OrderRequest, spec market.Spec) *Error {
	if req.Side != Bid && req.Side != Ask {
		return badParam("side")
	}
	if req.Price.IsNegative() || req.Volume.IsNegative() {
		return badParam("negative amount")
	}
	if req.Volume.Scale() > volumeScale || req.Price.Scale() > volumeScale {
		return badParam("too many decimals")
	}
	price, volume := req.Price.IsPositive(), req.Volume.IsPositive()
	tif := req.TimeInForce
	switch tif {
	case "", "ioc", "fok", "post_only":
	default:
		return badParam("time_in_force")
	}
	// best orders and time in force are for KRW markets only (Bithumb
	// changelog, 2026-06-30).
	krw := spec.Quote() == "KRW"
	if req.Type == Best && !krw {
		return badParam("order_type best is for KRW markets")
	}
	if tif != "" && !krw {
		return badParam("time_in_force is for KRW markets")
	}
	switch req.Type {
	case Limit:
		if !price || !volume {
			return badParam("limit needs price and volume")
		}
	case Price:
		if req.Side != Bid || !price || volume || tif != "" {
			return badParam("price orders are bids with a total and no volume")
		}
	case Market:
		if req.LegacyMarketBuy && req.Side == Bid && volume && !price {
			return nil
		}
		if req.Side != Ask || !volume || price || tif != "" {
			return badParam("market orders are asks with a volume and no price")
		}
	case Best:
		if tif != "ioc" && tif != "fok" {
			return badParam("best orders need time_in_force ioc or fok")
		}
		if req.Side == Bid && (!price || volume) || req.Side == Ask && (!volume || price) {
			return badParam("best buys take price, best sells take volume")
		}
	default:
		return badParam("order_type")
	}
	if tif == "post_only" && req.Type != Limit {
		return badParam("post_only is for limit orders")
	}
	return nil
}

// ------------------------------------------------------------------ matching

// fillPlan is one planned fill of a taker.
type fillPlan struct {
	price, volume decimal.Decimal
	maker         *Order // nil: the synthetic book
}

type walkPlan struct {
	fills    []fillPlan
	complete bool
	// self is the resting order of the taker's own account at which the
	// walk stopped (self-trade prevention), or "".
	self string
}

// walk plans how taker o would trade against the book without changing
// anything. It stops at the first resting order of o's own account: the
// fills before it stand, and the rest of o is for self-trade prevention
// to cancel.
func (e *Engine) walk(m *mkt, o *Order, now time.Time) walkPlan {
	asks, bids := m.data.Book()
	levels, users := asks, m.asks
	if o.Side == Ask {
		levels, users = bids, m.bids
	}
	better := func(a, b decimal.Decimal) bool { // a strictly better than b for the taker
		if o.Side == Bid {
			return a.LessThan(b)
		}
		return a.GreaterThan(b)
	}
	var plan walkPlan
	remaining := o.Remaining
	funds := o.RemainingFunds
	byFunds := o.Type == Price
	lpAvail := e.accounts[LiquidityAccount]
	i, j := 0, 0
	var lpUsed decimal.Decimal
	for {
		if byFunds && !funds.IsPositive() || !byFunds && !remaining.IsPositive() {
			plan.complete = true
			break
		}
		var price, avail decimal.Decimal
		var maker *Order
		switch {
		case j < len(users) && (i >= len(levels) || !better(levels[i].Price, users[j].Limit)):
			maker = users[j]
			price, avail = maker.Limit, maker.Remaining
		case i < len(levels):
			price, avail = levels[i].Price, levels[i].Size.Sub(lpUsed)
		default:
			return plan
		}
		if !o.Limit.IsZero() && better(o.Limit, price) {
			return plan
		}
		if maker != nil && maker.Account == o.Account {
			plan.self = maker.ID
			return plan
		}
		if maker == nil {
			// The liquidity account cannot sell or buy more than it holds.
			if o.Side == Bid {
				avail = decimal.Min(avail, lpAvail.bal(m.spec.Base()).Balance)
			} else {
				avail = decimal.Min(avail, lpAvail.bal(m.spec.Quote()).Balance.Div(price, volumeScale, decimal.Down))
			}
		}
		v := avail
		if byFunds {
			v = decimal.Min(v, funds.Div(price, volumeScale, decimal.Down))
			if !v.IsPositive() {
				plan.complete = true
				return plan
			}
			funds = funds.Sub(price.Mul(v))
		} else {
			v = decimal.Min(v, remaining)
			remaining = remaining.Sub(v)
		}
		if v.IsPositive() {
			plan.fills = append(plan.fills, fillPlan{price: price, volume: v, maker: maker})
		}
		if maker != nil {
			if v.Equal(avail) {
				j++
			}
		} else {
			lpUsed = lpUsed.Add(v)
			if !levels[i].Size.Sub(lpUsed).IsPositive() || v.Equal(avail) {
				i++
				lpUsed = decimal.Zero
			}
		}
	}
	return plan
}

// walkCost is what buying volume at market would cost.
func (e *Engine) walkCost(m *mkt, account string, volume decimal.Decimal) (cost, filled decimal.Decimal) {
	probe := &Order{Account: account, Side: Bid, Type: Market, Remaining: volume}
	for _, f := range e.walk(m, probe, time.Time{}).fills {
		cost = cost.Add(f.price.Mul(f.volume))
		filled = filled.Add(f.volume)
	}
	return cost, filled
}

// execute carries out plan for taker o.
func (e *Engine) execute(m *mkt, o *Order, plan walkPlan, now time.Time) {
	for _, f := range plan.fills {
		maker := f.maker
		if maker != nil && (maker.State != StateWait || maker.Remaining.LessThan(f.volume)) {
			continue
		}
		e.trade(m, o, maker, f.price, f.volume, now)
	}
}

// trade fills taker against maker (nil: the liquidity account) for
// volume at price, moving funds, fees and order state.
func (e *Engine) trade(m *mkt, taker, maker *Order, price, volume decimal.Decimal, now time.Time) {
	tradeID := e.nextID("C0102", &e.seq.trade)
	funds := price.Mul(volume)
	takerSide := "BID"
	if taker.Side == Ask {
		takerSide = "ASK"
	}
	if taker.Account != LiquidityAccount {
		e.applyFill(m, taker, price, volume, funds, e.cfg.TakerFee, false, tradeID, now)
	} else {
		e.lpFill(m, taker.Side, price, volume, funds)
	}
	if maker != nil {
		e.applyFill(m, maker, price, volume, funds, e.cfg.MakerFee, true, tradeID, now)
		if maker.Remaining.IsZero() {
			e.closeOrder(maker, StateDone, "", now)
		}
	} else {
		opp := Ask
		if taker.Side == Ask {
			opp = Bid
		}
		e.lpFill(m, opp, price, volume, funds)
	}
	t := m.data.Record(now, price, volume, takerSide, true)
	e.emit(Event{Type: EventTrade, Time: now, Trade: &t})
}

// lpFill moves the liquidity account's funds for its side of a fill.
func (e *Engine) lpFill(m *mkt, side Side, price, volume, funds decimal.Decimal) {
	lp := e.accounts[LiquidityAccount]
	q, b := lp.bal(m.spec.Quote()), lp.bal(m.spec.Base())
	if side == Bid {
		q.Balance = q.Balance.Sub(funds)
		b.Balance = b.Balance.Add(volume)
	} else {
		b.Balance = b.Balance.Sub(volume)
		q.Balance = q.Balance.Add(funds)
	}
	e.dirty.account(LiquidityAccount)
}

// applyFill books one fill on a user order and its account.
func (e *Engine) applyFill(m *mkt, o *Order, price, volume, funds, rate decimal.Decimal, maker bool, tradeID string, now time.Time) {
	a := e.accounts[o.Account]
	quoteCur, baseCur := m.spec.Quote(), m.spec.Base()
	q, b := a.bal(quoteCur), a.bal(baseCur)
	fee := funds.Mul(rate)
	if o.Side == Bid {
		cost := funds.Add(fee)
		q.Locked = q.Locked.Sub(cost)
		o.Locked = o.Locked.Sub(cost)
		held := b.Balance.Add(b.Locked)
		if quoteCur == "KRW" {
			if held.IsPositive() || b.AvgBuyPrice.IsPositive() {
				b.AvgBuyPrice = b.AvgBuyPrice.Mul(held).Add(funds).Div(held.Add(volume), 8, decimal.HalfUp).Normalize()
			} else {
				b.AvgBuyPrice = price
			}
		}
		b.Balance = b.Balance.Add(volume)
	} else {
		b.Locked = b.Locked.Sub(volume)
		o.Locked = o.Locked.Sub(volume)
		q.Balance = q.Balance.Add(funds.Sub(fee))
		if b.Balance.IsZero() && b.Locked.IsZero() {
			b.AvgBuyPrice = decimal.Zero
		}
	}
	e.fees[quoteCur] = e.fees[quoteCur].Add(fee)
	o.Executed = o.Executed.Add(volume)
	o.ExecutedFunds = o.ExecutedFunds.Add(funds)
	o.PaidFee = o.PaidFee.Add(fee)
	if o.Type == Price {
		o.RemainingFunds = o.RemainingFunds.Sub(funds)
	} else {
		o.Remaining = o.Remaining.Sub(volume)
	}
	fill := Fill{ID: tradeID, Price: price, Volume: volume, Funds: funds, Fee: fee, Side: o.Side, Maker: maker, CreatedAt: now}
	o.Fills = append(o.Fills, fill)
	// Release what the rest of a bid no longer needs, and keep the fee
	// columns in step.
	rate2 := e.reserveRate()
	switch {
	case o.Side == Bid && (o.Type == Limit || o.Type == Best):
		need := o.Limit.Mul(o.Remaining)
		o.RemainingFee = need.Mul(rate2)
		need = need.Add(o.RemainingFee)
		if extra := o.Locked.Sub(need); extra.IsPositive() {
			o.Locked = need
			q.Locked = q.Locked.Sub(extra)
			q.Balance = q.Balance.Add(extra)
		}
	case o.Side == Bid && o.Type == Price:
		o.RemainingFee = o.RemainingFunds.Mul(rate2)
	case o.Side == Ask && !o.Limit.IsZero():
		o.RemainingFee = o.Limit.Mul(o.Remaining).Mul(rate2)
	default:
		o.RemainingFee = decimal.Zero
	}
	e.dirty.order(o.ID)
	e.dirty.account(o.Account)
	e.emit(Event{Type: EventFill, Time: now, Account: o.Account, Order: o.Clone(), Fill: &fill})
	e.emitOrder(o)
	e.emitBalances(o.Account, quoteCur, baseCur)
}

// closeOrder ends an order, releasing what it still holds.
func (e *Engine) closeOrder(o *Order, state, cancelType string, now time.Time) {
	if o.State != StateWait {
		return
	}
	m := e.markets[o.Market]
	a := e.accounts[o.Account]
	cur := m.spec.Base()
	if o.Side == Bid {
		cur = m.spec.Quote()
	}
	bal := a.bal(cur)
	if o.Locked.IsPositive() {
		bal.Locked = bal.Locked.Sub(o.Locked)
		bal.Balance = bal.Balance.Add(o.Locked)
		o.Locked = decimal.Zero
	}
	o.RemainingFee = decimal.Zero
	o.State, o.CancelType, o.DoneAt = state, cancelType, now
	e.unrest(m, o)
	e.dirty.order(o.ID)
	e.dirty.account(o.Account)
	e.emitOrder(o)
	e.emitBalances(o.Account, cur)
}

// rest puts an open limit order on the book.
func (e *Engine) rest(m *mkt, o *Order) {
	if o.Side == Bid {
		i := sort.Search(len(m.bids), func(i int) bool {
			c := m.bids[i].Limit.Cmp(o.Limit)
			return c < 0 || c == 0 && m.bids[i].Seq > o.Seq
		})
		m.bids = append(m.bids, nil)
		copy(m.bids[i+1:], m.bids[i:])
		m.bids[i] = o
		return
	}
	i := sort.Search(len(m.asks), func(i int) bool {
		c := m.asks[i].Limit.Cmp(o.Limit)
		return c > 0 || c == 0 && m.asks[i].Seq > o.Seq
	})
	m.asks = append(m.asks, nil)
	copy(m.asks[i+1:], m.asks[i:])
	m.asks[i] = o
}

func (e *Engine) unrest(m *mkt, o *Order) {
	list := &m.asks
	if o.Side == Bid {
		list = &m.bids
	}
	for i, r := range *list {
		if r == o {
			*list = append((*list)[:i], (*list)[i+1:]...)
			return
		}
	}
}

// crossResting lets the synthetic book trade with resting user orders that
// the market has moved through (the liquidity account is the taker and
// the user the maker, at the user's price).
func (e *Engine) crossResting(m *mkt, now time.Time) {
	for guard := 0; guard < 64; guard++ {
		asks, bids := m.data.Book()
		switch {
		case len(m.bids) > 0 && len(asks) > 0 && !m.bids[0].Limit.LessThan(asks[0].Price):
			maker := m.bids[0]
			v := decimal.Zero
			for _, l := range asks {
				if l.Price.GreaterThan(maker.Limit) {
					break
				}
				v = v.Add(l.Size)
			}
			v = decimal.Min(v, maker.Remaining)
			lp := &Order{Account: LiquidityAccount, Side: Ask}
			e.trade(m, lp, maker, maker.Limit, v, now)
		case len(m.asks) > 0 && len(bids) > 0 && !m.asks[0].Limit.GreaterThan(bids[0].Price):
			maker := m.asks[0]
			v := decimal.Zero
			for _, l := range bids {
				if l.Price.LessThan(maker.Limit) {
					break
				}
				v = v.Add(l.Size)
			}
			v = decimal.Min(v, maker.Remaining)
			lp := &Order{Account: LiquidityAccount, Side: Bid}
			e.trade(m, lp, maker, maker.Limit, v, now)
		default:
			return
		}
	}
}

// ------------------------------------------------------------------- cancel

// CancelOrder cancels an order of account by id or client order id.
func (e *Engine) CancelOrder(account, id, clientOrderID string) (*Order, error) {
	now := e.lock()
	defer e.unlock()
	o, err := e.cancel(account, id, clientOrderID, now)
	if err != nil {
		return nil, err
	}
	return o.Clone(), nil
}

func (e *Engine) cancel(account, id, clientOrderID string, now time.Time) (*Order, *Error) {
	o := e.find(account, id, clientOrderID)
	if o == nil {
		return nil, fail(404, "order_not_found")
	}
	switch o.State {
	case StateCancel:
		return o, nil
	case StateDone:
		return nil, fail(404, "order_not_found")
	}
	if e.cfg.OrderNotReady > 0 && now.Sub(o.CreatedAt) < e.cfg.OrderNotReady {
		return nil, fail(422, "order_not_ready")
	}
	e.closeOrder(o, StateCancel, "user", now)
	return o, nil
}

// find returns the order of account named by id (preferred) or client id.
func (e *Engine) find(account, id, clientOrderID string) *Order {
	if id != "" {
		o := e.orders[id]
		if o == nil || o.Account != account {
			return nil
		}
		return o
	}
	if clientOrderID != "" {
		return e.clientIDs[account][clientOrderID]
	}
	return nil
}

// BatchResult is the outcome of one item of a batch.
type BatchResult struct {
	Order *Order
	Err   *Error
}

// PlaceOrders places each order on its own (a batch).
func (e *Engine) PlaceOrders(account string, reqs []OrderRequest) []BatchResult {
	now := e.lock()
	defer e.unlock()
	out := make([]BatchResult, len(reqs))
	for i, r := range reqs {
		o, err := e.place(account, r, now)
		if err != nil {
			out[i].Err = err
			continue
		}
		out[i].Order = o.Clone()
	}
	return out
}

// CancelOrders cancels each order on its own (a batch), by ids or client
// ids.
func (e *Engine) CancelOrders(account string, ids, clientIDs []string) []BatchResult {
	now := e.lock()
	defer e.unlock()
	var out []BatchResult
	do := func(id, cid string) {
		o, err := e.cancel(account, id, cid, now)
		if err != nil {
			out = append(out, BatchResult{Err: err, Order: &Order{ID: id, ClientOrderID: cid}})
			return
		}
		out = append(out, BatchResult{Order: o.Clone()})
	}
	for _, id := range ids {
		do(id, "")
	}
	for _, id := range clientIDs {
		do("", id)
	}
	return out
}
