package engine

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"sync"
	"time"

	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/sim/clock"
	"github.com/bithumb-go/bithumb/sim/market"
)

// LiquidityAccount is the id of the account behind the synthetic book.
const LiquidityAccount = "__liquidity__"

// Side is bid (buy) or ask (sell).
type Side string

// Sides.
const (
	Bid Side = "bid"
	Ask Side = "ask"
)

// OrderType is limit, price (market buy by total), market (market sell)
// or best.
type OrderType string

// Order types.
const (
	Limit  OrderType = "limit"
	Price  OrderType = "price"
	Market OrderType = "market"
	Best   OrderType = "best"
)

// Order states.
const (
	StateWait   = "wait"
	StateWatch  = "watch"
	StateDone   = "done"
	StateCancel = "cancel"
)

// CancelSTP is the cancel type of an order whose remainder self-trade
// prevention cancelled (the value of Bithumb's myOrder stream docs).
const CancelSTP = "stp_cancel"

// Error is a refused request: an HTTP status with Bithumb's error name.
type Error struct {
	Status  int
	Name    string
	Message string
}

// Error returns "name: message".
func (e *Error) Error() string { return e.Name + ": " + e.Message }

var messages = map[string]string{
	"invalid_parameter":                    "잘못된 파라미터 입니다.",
	"invalid_price_bid":                    "주문가격 단위를 잘못 입력하셨습니다. 확인 후 시도해주세요.",
	"invalid_price_ask":                    "주문가격 단위를 잘못 입력하셨습니다. 확인 후 시도해주세요.",
	"under_min_total_bid":                  "최소주문금액 이상으로 주문해주세요.",
	"under_min_total_ask":                  "최소주문금액 이상으로 주문해주세요.",
	"over_max_total":                       "최대주문금액 이하로 주문해주세요.",
	"insufficient_funds_bid":               "주문가능한 금액이 부족합니다.",
	"insufficient_funds_ask":               "주문가능한 수량이 부족합니다.",
	"duplicate_client_order_id":            "이미 사용된 client_order_id 입니다.",
	"cross_trading":                        "제출하신 주문은 귀하가 기존에 제출하신 주문과 체결될 수 있어 취소되었습니다.",
	"order_not_found":                      "주문을 찾지 못했습니다.",
	"order_not_ready":                      "주문 접수 처리 중입니다. 잠시 후 다시 시도해주세요.",
	"withdraw_not_found":                   "입출금 정보를 찾지 못했습니다.",
	"deposit_not_found":                    "입출금 정보를 찾지 못했습니다.",
	"withdraw_insufficient_balance":        "출금 최대 한도가 초과 되었습니다.",
	"currency does not have a valid value": "빗썸에서 지원하지 않는 코인 입니다.",
	"withdraw_address_not_registered":      "출금 허용 주소로 등록되지 않은 주소입니다.",
	"coin_address_not_found":               "입금 주소를 찾지 못했습니다.",
	"under_min_amount":                     "최소 출금 수량 이상으로 출금해주세요.",
}

func fail(status int, name string, detail ...string) *Error {
	msg := messages[name]
	if len(detail) > 0 && detail[0] != "" {
		msg += " (" + detail[0] + ")"
	}
	return &Error{Status: status, Name: name, Message: msg}
}

func badParam(detail string) *Error { return fail(400, "invalid_parameter", detail) }

// Config configures an Engine.
type Config struct {
	// Markets to list; see market.Spec for defaults.
	Markets []market.Spec
	// Market holds what all markets share (seed, live start, step).
	Market market.Config
	// MakerFee and TakerFee are the fee rates (default 0.0025 each).
	MakerFee, TakerFee decimal.Decimal
	// OrderNotReady makes cancels within this long of placement answer
	// 422 order_not_ready (default 0: never).
	OrderNotReady time.Duration
	// TransferDelay is how long deposits and withdrawals stay in
	// progress (default 30 s of exchange time).
	TransferDelay time.Duration
	// Currencies overrides the wallet settings of currencies.
	Currencies []Currency
	// Warnings are the market warnings (경보제) to list.
	Warnings []Warning
	// Notices are the notices to list.
	Notices []Notice
	// MaxCatchUp bounds the steps replayed one by one when the clock
	// jumps (default 3600); older steps are skipped in one move.
	MaxCatchUp int64
}

// Warning is one row of /v1/market/virtual_asset_warning.
type Warning struct {
	Market  string    `json:"market"`
	Type    string    `json:"warning_type"`
	Step    string    `json:"warning_step"`
	EndDate time.Time `json:"end_date"`
}

// Notice is one row of /v1/notices.
type Notice struct {
	Categories  []string  `json:"categories"`
	Title       string    `json:"title"`
	URL         string    `json:"pc_url"`
	PublishedAt time.Time `json:"published_at"`
	ModifiedAt  time.Time `json:"modified_at"`
}

// Balance is one currency of an account.
type Balance struct {
	Balance     decimal.Decimal `json:"balance"`
	Locked      decimal.Decimal `json:"locked"`
	AvgBuyPrice decimal.Decimal `json:"avg_buy_price"`
}

// Account is a trading account.
type Account struct {
	ID       string              `json:"id"`
	Created  time.Time           `json:"created"`
	Balances map[string]*Balance `json:"balances"`
	// AllowList holds the registered withdrawal addresses.
	AllowList []WithdrawAddress `json:"allow_list,omitempty"`
	// DepositAddresses by currency.
	DepositAddresses map[string]DepositAddress `json:"deposit_addresses,omitempty"`
}

func (a *Account) bal(cur string) *Balance {
	b := a.Balances[cur]
	if b == nil {
		b = &Balance{}
		a.Balances[cur] = b
	}
	return b
}

// WithdrawAddress is an allow-listed withdrawal address.
type WithdrawAddress struct {
	Currency         string `json:"currency"`
	NetType          string `json:"net_type"`
	Address          string `json:"address"`
	SecondaryAddress string `json:"secondary_address,omitempty"`
	ExchangeName     string `json:"exchange_name,omitempty"`
	OwnerType        string `json:"owner_type,omitempty"`
	OwnerKoName      string `json:"owner_ko_name,omitempty"`
	OwnerEnName      string `json:"owner_en_name,omitempty"`
}

// DepositAddress is a generated deposit address.
type DepositAddress struct {
	Currency         string `json:"currency"`
	NetType          string `json:"net_type"`
	Address          string `json:"address"`
	SecondaryAddress string `json:"secondary_address,omitempty"`
}

// Fill is one trade of an order.
type Fill struct {
	ID        string          `json:"id"`
	Price     decimal.Decimal `json:"price"`
	Volume    decimal.Decimal `json:"volume"`
	Funds     decimal.Decimal `json:"funds"`
	Fee       decimal.Decimal `json:"fee"`
	Side      Side            `json:"side"`
	Maker     bool            `json:"maker"`
	CreatedAt time.Time       `json:"created_at"`
}

// Order is an order with its fills.
type Order struct {
	ID            string    `json:"id"`
	Account       string    `json:"account"`
	ClientOrderID string    `json:"client_order_id,omitempty"`
	Market        string    `json:"market"`
	Side          Side      `json:"side"`
	Type          OrderType `json:"type"`
	TimeInForce   string    `json:"time_in_force,omitempty"`
	// Price is the price as ordered: the limit price, or the total for
	// price orders and best buys. Zero for market sells.
	Price decimal.Decimal `json:"price"`
	// Limit is the price matching stops at (zero: none).
	Limit decimal.Decimal `json:"limit"`
	// Volume is the ordered volume (zero for price orders).
	Volume         decimal.Decimal `json:"volume"`
	Remaining      decimal.Decimal `json:"remaining"`
	RemainingFunds decimal.Decimal `json:"remaining_funds"`
	State          string          `json:"state"`
	CreatedAt      time.Time       `json:"created_at"`
	DoneAt         time.Time       `json:"done_at"`
	ReservedFee    decimal.Decimal `json:"reserved_fee"`
	RemainingFee   decimal.Decimal `json:"remaining_fee"`
	PaidFee        decimal.Decimal `json:"paid_fee"`
	Locked         decimal.Decimal `json:"locked"`
	Executed       decimal.Decimal `json:"executed"`
	ExecutedFunds  decimal.Decimal `json:"executed_funds"`
	Fills          []Fill          `json:"fills"`
	CancelType     string          `json:"cancel_type,omitempty"`
	// CancelingID is the resting order of the same account that made
	// self-trade prevention cancel this one (cancel type CancelSTP).
	CancelingID string `json:"canceling_id,omitempty"`
	STPType     string `json:"stp_type"`
	// TWAP is the id of the TWAP order that placed this child order.
	TWAP string `json:"twap,omitempty"`
	Seq  int64  `json:"seq"`
}

// Clone returns a deep copy.
func (o *Order) Clone() *Order {
	c := *o
	c.Fills = append([]Fill(nil), o.Fills...)
	return &c
}

// mkt is one market with its resting user orders.
type mkt struct {
	data *market.Market
	spec market.Spec
	asks []*Order // price ascending, then seq
	bids []*Order // price descending, then seq
}

// Engine is the exchange. Create one with New.
type Engine struct {
	mu    sync.Mutex
	cfg   Config
	clock clock.Clock
	rng   *rand.Rand

	markets   map[string]*mkt
	order     []string // market codes in config order
	accounts  map[string]*Account
	orders    map[string]*Order
	byAccount map[string][]*Order
	clientIDs map[string]map[string]*Order
	fees      map[string]decimal.Decimal

	transfers  map[string]*Transfer
	xferList   map[string][]*Transfer
	currencies map[string]*Currency
	twaps      map[string]*TWAP
	twapList   map[string][]*TWAP

	seq struct {
		order, trade, transfer, twap int64
	}
	idBase int64

	subs    map[int]*subscriber
	nextSub int

	persist Persister
	dirty   dirtySet
	saveErr error
}

// New returns an engine. Accounts are added with AddAccount.
func New(cfg Config, clk clock.Clock) (*Engine, error) {
	if clk == nil {
		clk = clock.Real{}
	}
	if cfg.MakerFee.IsZero() {
		cfg.MakerFee = decimal.New(25, -4)
	}
	if cfg.TakerFee.IsZero() {
		cfg.TakerFee = decimal.New(25, -4)
	}
	if cfg.TransferDelay <= 0 {
		cfg.TransferDelay = 30 * time.Second
	}
	if cfg.MaxCatchUp <= 0 {
		cfg.MaxCatchUp = 3600
	}
	if cfg.Market.Step <= 0 {
		cfg.Market.Step = time.Second
	}
	if cfg.Market.LiveStart.IsZero() {
		cfg.Market.LiveStart = clk.Now()
	}
	if len(cfg.Markets) == 0 {
		return nil, errors.New("engine: no markets")
	}
	seed := cfg.Market.Seed
	e := &Engine{
		cfg: cfg, clock: clk,
		rng:       rand.New(rand.NewPCG(seed, seed^0xda3e39cb94b95bdb)),
		markets:   map[string]*mkt{},
		accounts:  map[string]*Account{},
		orders:    map[string]*Order{},
		byAccount: map[string][]*Order{},
		clientIDs: map[string]map[string]*Order{},
		fees:      map[string]decimal.Decimal{},
		transfers: map[string]*Transfer{},
		xferList:  map[string][]*Transfer{},
		twaps:     map[string]*TWAP{},
		twapList:  map[string][]*TWAP{},
		subs:      map[int]*subscriber{},
		idBase:    int64(seed%900+100) * 1_000_000_000_000,
	}
	for _, s := range cfg.Markets {
		m, err := market.New(s, cfg.Market)
		if err != nil {
			return nil, err
		}
		if _, dup := e.markets[m.Code()]; dup {
			return nil, fmt.Errorf("engine: market %s listed twice", m.Code())
		}
		e.markets[m.Code()] = &mkt{data: m, spec: m.Spec()}
		e.order = append(e.order, m.Code())
	}
	e.currencies = defaultCurrencies(e)
	for _, c := range cfg.Currencies {
		cc := c
		cc.normalize()
		switch cc.WalletState {
		case "working", "withdraw_only", "deposit_only", "paused":
		default:
			return nil, fmt.Errorf("engine: currency %s: wallet_state %q: give working, withdraw_only, deposit_only or paused", cc.Code, cc.WalletState)
		}
		e.currencies[c.Code] = &cc
	}
	// The liquidity account holds enough of everything to back the
	// synthetic book for a very long time.
	lp := &Account{ID: LiquidityAccount, Balances: map[string]*Balance{}}
	for cur := range e.currencies {
		lp.bal(cur).Balance = decimal.New(1, 15)
	}
	e.accounts[LiquidityAccount] = lp
	return e, nil
}

// Now returns the engine's clock.
func (e *Engine) Now() time.Time { return e.clock.Now() }

// Config returns the engine's configuration.
func (e *Engine) Config() Config { return e.cfg }

// lock takes the engine lock and brings the simulation up to now.
func (e *Engine) lock() time.Time {
	e.mu.Lock()
	now := e.clock.Now()
	e.advance(now)
	return now
}

// unlock writes what changed and releases the lock.
func (e *Engine) unlock() {
	e.flush()
	e.mu.Unlock()
}

// Advance brings markets, TWAP orders and transfers up to the clock.
// Every other method does this too; call it from a ticker to make time
// pass while nobody asks.
func (e *Engine) Advance() {
	e.lock()
	e.unlock()
}

func (e *Engine) advance(now time.Time) {
	for {
		// Run whatever is due first: a market step or a TWAP child.
		next, which := e.nextDue(now)
		if which == "" {
			break
		}
		_ = next
		if which == "twap" {
			e.runTWAPs(next)
			continue
		}
		m := e.markets[which]
		target := int64(now.Sub(e.cfg.Market.LiveStart) / e.cfg.Market.Step)
		if target-m.data.Steps() > e.cfg.MaxCatchUp {
			m.data.SkipTo(target - e.cfg.MaxCatchUp)
		}
		at := m.data.NextStep()
		if t, ok := m.data.Step(); ok {
			e.emit(Event{Type: EventTrade, Time: at, Trade: &t})
		}
		if len(m.asks) > 0 || len(m.bids) > 0 {
			e.crossResting(m, at)
		}
	}
	e.runTransfers(now)
}

// nextDue returns the earliest due market step or TWAP child at or
// before now.
func (e *Engine) nextDue(now time.Time) (time.Time, string) {
	var best time.Time
	which := ""
	for _, code := range e.order {
		t := e.markets[code].data.NextStep()
		if t.After(now) {
			continue
		}
		if which == "" || t.Before(best) {
			best, which = t, code
		}
	}
	if t, ok := e.nextTWAP(); ok && !t.After(now) && (which == "" || t.Before(best)) {
		best, which = t, "twap"
	}
	return best, which
}

// AddAccount creates an account with initial balances (it is an error if
// it exists).
func (e *Engine) AddAccount(id string, funds map[string]decimal.Decimal, allow []WithdrawAddress) error {
	e.lock()
	defer e.unlock()
	if _, ok := e.accounts[id]; ok {
		return fmt.Errorf("engine: account %s exists", id)
	}
	a := &Account{ID: id, Created: e.clock.Now(), Balances: map[string]*Balance{}, AllowList: allow, DepositAddresses: map[string]DepositAddress{}}
	for cur, v := range funds {
		b := a.bal(cur)
		b.Balance = v
		if m, ok := e.markets["KRW-"+cur]; ok && v.IsPositive() {
			b.AvgBuyPrice = m.spec.Price
		}
	}
	e.accounts[id] = a
	e.dirty.account(id)
	return nil
}

// HasAccount reports whether the account exists.
func (e *Engine) HasAccount(id string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	_, ok := e.accounts[id]
	return ok
}

// Markets returns the market specs in configuration order.
func (e *Engine) Markets() []market.Spec {
	out := make([]market.Spec, 0, len(e.order))
	for _, c := range e.order {
		out = append(out, e.markets[c].spec)
	}
	return out
}

// MarketSpec returns the spec of code.
func (e *Engine) MarketSpec(code string) (market.Spec, bool) {
	m, ok := e.markets[code]
	if !ok {
		return market.Spec{}, false
	}
	return m.spec, true
}

// Accounts returns a copy of every balance row of account (sorted, KRW
// first), with zero rows left out except KRW.
func (e *Engine) Accounts(id string) ([]BalanceRow, error) {
	e.lock()
	defer e.unlock()
	a, ok := e.accounts[id]
	if !ok {
		return nil, fail(404, "invalid_parameter", "no such account")
	}
	return balanceRows(a), nil
}

// BalanceRow is one currency of an account.
type BalanceRow struct {
	Currency string
	Balance
}

func balanceRows(a *Account) []BalanceRow {
	var out []BalanceRow
	for cur, b := range a.Balances {
		if cur != "KRW" && b.Balance.IsZero() && b.Locked.IsZero() {
			continue
		}
		out = append(out, BalanceRow{Currency: cur, Balance: *b})
	}
	if _, ok := a.Balances["KRW"]; !ok {
		out = append(out, BalanceRow{Currency: "KRW"})
	}
	sort.Slice(out, func(i, j int) bool {
		if (out[i].Currency == "KRW") != (out[j].Currency == "KRW") {
			return out[i].Currency == "KRW"
		}
		return out[i].Currency < out[j].Currency
	})
	return out
}

// BalanceOf returns one balance of an account.
func (e *Engine) BalanceOf(id, cur string) Balance {
	e.lock()
	defer e.unlock()
	a, ok := e.accounts[id]
	if !ok {
		return Balance{}
	}
	if b, ok := a.Balances[cur]; ok {
		return *b
	}
	return Balance{}
}

// Totals returns, per currency, the sum of balance and locked over every
// account (the liquidity account included) plus the fees collected. It
// is what the money-conservation property checks, and it also reports
// any negative balance found.
func (e *Engine) Totals() (map[string]decimal.Decimal, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := map[string]decimal.Decimal{}
	var errs []error
	for _, a := range e.accounts {
		for cur, b := range a.Balances {
			if b.Balance.IsNegative() || b.Locked.IsNegative() {
				errs = append(errs, fmt.Errorf("account %s %s: balance %s locked %s", a.ID, cur, b.Balance, b.Locked))
			}
			out[cur] = out[cur].Add(b.Balance).Add(b.Locked)
		}
	}
	for cur, f := range e.fees {
		out[cur] = out[cur].Add(f)
	}
	for _, t := range e.transfers {
		// Money that left through withdrawals and came in through
		// deposits is accounted for outside.
		if t.Type == "withdraw" && t.State == "DONE" {
			out[t.Currency] = out[t.Currency].Add(t.Amount)
		}
		if t.Type == "deposit" && (t.State == "ACCEPTED" || t.State == "DEPOSIT_ACCEPTED") {
			out[t.Currency] = out[t.Currency].Sub(t.Amount)
		}
	}
	return out, errors.Join(errs...)
}

// FeesCollected returns the fees collected per currency.
func (e *Engine) FeesCollected() map[string]decimal.Decimal {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := map[string]decimal.Decimal{}
	for k, v := range e.fees {
		out[k] = v
	}
	return out
}

// Fees returns the maker and taker fee rates.
func (e *Engine) Fees() (maker, taker decimal.Decimal) { return e.cfg.MakerFee, e.cfg.TakerFee }

func (e *Engine) nextID(prefix string, n *int64) string {
	*n++
	return fmt.Sprintf("%s%015d", prefix, e.idBase+*n)
}
