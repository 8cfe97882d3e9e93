package engine

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/bithumb-go/bithumb/decimal"
)

// Currency is the wallet setting of one currency and its network.
type Currency struct {
	Code        string `json:"currency"`
	KoreanName  string `json:"korean_name,omitempty"`
	NetType     string `json:"net_type,omitempty"`
	NetworkName string `json:"network_name,omitempty"`
	// WithdrawFee is a fixed fee in the currency.
	WithdrawFee decimal.Decimal `json:"withdraw_fee"`
	// WithdrawMin is the smallest withdrawal.
	WithdrawMin decimal.Decimal `json:"withdraw_min"`
	// DepositMin is the smallest deposit.
	DepositMin decimal.Decimal `json:"deposit_min"`
	// OneTime and Daily limit withdrawals.
	OneTime decimal.Decimal `json:"onetime"`
	Daily   decimal.Decimal `json:"daily"`
	// WalletState is working, withdraw_only, deposit_only or paused.
	WalletState string `json:"wallet_state,omitempty"`
	// Secondary reports a network with a memo or tag (XRP).
	Secondary bool `json:"secondary,omitempty"`
	// Decimals is the amount precision.
	Decimals int `json:"decimals,omitempty"`
}

func (c *Currency) normalize() {
	c.Code = strings.ToUpper(c.Code)
	if c.NetType == "" {
		c.NetType = c.Code
	}
	if c.NetworkName == "" {
		c.NetworkName = c.Code
	}
	if c.KoreanName == "" {
		c.KoreanName = c.Code
	}
	if c.WalletState == "" {
		c.WalletState = "working"
	}
	if c.Decimals == 0 {
		c.Decimals = 8
	}
	if c.OneTime.IsZero() {
		c.OneTime = decimal.NewFromInt(1_000_000)
	}
	if c.Daily.IsZero() {
		c.Daily = c.OneTime.Mul(decimal.NewFromInt(10))
	}
}

var knownCurrencies = map[string]Currency{
	"KRW": {Code: "KRW", KoreanName: "원화", NetworkName: "KRW", WithdrawFee: decimal.NewFromInt(1000), WithdrawMin: decimal.NewFromInt(5000), OneTime: decimal.NewFromInt(500_000_000), Daily: decimal.NewFromInt(2_000_000_000), Decimals: 0},
	"BTC": {Code: "BTC", KoreanName: "비트코인", NetworkName: "Bitcoin", WithdrawFee: decimal.MustParse("0.0002"), WithdrawMin: decimal.MustParse("0.002"), DepositMin: decimal.MustParse("0.0001"), OneTime: decimal.NewFromInt(10), Daily: decimal.NewFromInt(100)},
	"ETH": {Code: "ETH", KoreanName: "이더리움", NetworkName: "Ethereum", WithdrawFee: decimal.MustParse("0.005"), WithdrawMin: decimal.MustParse("0.01"), DepositMin: decimal.MustParse("0.001"), OneTime: decimal.NewFromInt(300), Daily: decimal.NewFromInt(3000)},
	"XRP": {Code: "XRP", KoreanName: "리플", NetworkName: "Ripple", WithdrawFee: decimal.NewFromInt(1), WithdrawMin: decimal.NewFromInt(20), DepositMin: decimal.NewFromInt(1), OneTime: decimal.NewFromInt(1_000_000), Daily: decimal.NewFromInt(10_000_000), Secondary: true, Decimals: 6},
}

func defaultCurrencies(e *Engine) map[string]*Currency {
	out := map[string]*Currency{}
	add := func(code string) {
		if _, ok := out[code]; ok {
			return
		}
		c, ok := knownCurrencies[code]
		if !ok {
			c = Currency{Code: code, WithdrawFee: decimal.NewFromInt(1), WithdrawMin: decimal.NewFromInt(1)}
		}
		c.normalize()
		if code == "KRW" {
			c.NetType = ""
		}
		out[code] = &c
	}
	add("KRW")
	for _, code := range e.order {
		s := e.markets[code].spec
		add(s.Quote())
		add(s.Base())
	}
	return out
}

// CurrencyInfo returns the wallet setting of code.
func (e *Engine) CurrencyInfo(code string) (Currency, bool) {
	c, ok := e.currencies[strings.ToUpper(code)]
	if !ok {
		return Currency{}, false
	}
	return *c, true
}

// Currencies returns every currency, KRW first then by code.
func (e *Engine) Currencies() []Currency {
	var out []Currency
	for _, c := range e.currencies {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool {
		if (out[i].Code == "KRW") != (out[j].Code == "KRW") {
			return out[i].Code == "KRW"
		}
		return out[i].Code < out[j].Code
	})
	return out
}

// Transfer is a deposit or a withdrawal.
type Transfer struct {
	ID               string          `json:"id"`
	Account          string          `json:"account"`
	Type             string          `json:"type"` // deposit or withdraw
	Currency         string          `json:"currency"`
	NetType          string          `json:"net_type,omitempty"`
	Txid             string          `json:"txid,omitempty"`
	State            string          `json:"state"`
	CreatedAt        time.Time       `json:"created_at"`
	DoneAt           time.Time       `json:"done_at"`
	DueAt            time.Time       `json:"due_at"`
	Amount           decimal.Decimal `json:"amount"`
	Fee              decimal.Decimal `json:"fee"`
	KRWAmount        decimal.Decimal `json:"krw_amount"`
	TransactionType  string          `json:"transaction_type,omitempty"`
	Address          string          `json:"address,omitempty"`
	SecondaryAddress string          `json:"secondary_address,omitempty"`
}

// Transfer states.
const (
	XferProcessing      = "PROCESSING"
	XferDone            = "DONE"
	XferCancelled       = "CANCELLED"
	XferAccepted        = "ACCEPTED"
	XferDepositWaiting  = "DEPOSIT_PROCESSING"
	XferDepositAccepted = "DEPOSIT_ACCEPTED"
)

func (e *Engine) newTransfer(account, typ, cur string, amount, fee decimal.Decimal, now time.Time) *Transfer {
	e.seq.transfer++
	t := &Transfer{ID: fmt.Sprintf("%d", 200_000_000+e.seq.transfer), Account: account, Type: typ, Currency: cur,
		CreatedAt: now, DueAt: now.Add(e.cfg.TransferDelay), Amount: amount, Fee: fee}
	if cur == "KRW" {
		t.TransactionType = "default"
	} else if c, ok := e.currencies[cur]; ok {
		t.NetType = c.NetType
	}
	e.transfers[t.ID] = t
	e.xferList[account] = append(e.xferList[account], t)
	e.dirty.transfer(t.ID)
	return t
}

func (e *Engine) validCurrency(cur string) (*Currency, *Error) {
	c, ok := e.currencies[strings.ToUpper(cur)]
	if !ok {
		return nil, fail(400, "currency does not have a valid value")
	}
	return c, nil
}

// WithdrawCoin requests a coin withdrawal to an allow-listed address.
func (e *Engine) WithdrawCoin(account, cur, netType string, amount decimal.Decimal, address, secondary string) (*Transfer, error) {
	now := e.lock()
	defer e.unlock()
	a := e.accounts[account]
	c, err := e.validCurrency(cur)
	if err != nil {
		return nil, err
	}
	if c.Code == "KRW" || (netType != "" && !strings.EqualFold(netType, c.NetType)) {
		return nil, badParam("net_type")
	}
	if !amount.IsPositive() || amount.Scale() > int32(c.Decimals) {
		return nil, badParam("amount")
	}
	if amount.LessThan(c.WithdrawMin) {
		return nil, fail(400, "under_min_amount")
	}
	registered := false
	for _, w := range a.AllowList {
		if strings.EqualFold(w.Currency, c.Code) && w.Address == address && (w.SecondaryAddress == "" || w.SecondaryAddress == secondary) {
			registered = true
		}
	}
	if !registered {
		return nil, fail(400, "withdraw_address_not_registered")
	}
	b := a.bal(c.Code)
	total := amount.Add(c.WithdrawFee)
	if amount.GreaterThan(c.OneTime) || b.Balance.LessThan(total) {
		return nil, fail(400, "withdraw_insufficient_balance")
	}
	b.Balance = b.Balance.Sub(total)
	b.Locked = b.Locked.Add(total)
	t := e.newTransfer(account, "withdraw", c.Code, amount, c.WithdrawFee, now)
	t.State = XferProcessing
	t.Address, t.SecondaryAddress = address, secondary
	if m, ok := e.markets["KRW-"+c.Code]; ok {
		t.KRWAmount = amount.Mul(m.data.LastPrice()).Round(0, decimal.Down)
	}
	e.dirty.account(account)
	e.emitTransfer(t)
	e.emitBalances(account, c.Code)
	return cloneXfer(t), nil
}

// WithdrawKRW requests a KRW withdrawal to the registered bank account.
func (e *Engine) WithdrawKRW(account string, amount decimal.Decimal) (*Transfer, error) {
	now := e.lock()
	defer e.unlock()
	a := e.accounts[account]
	c := e.currencies["KRW"]
	if !amount.IsPositive() || !amount.IsInteger() {
		return nil, badParam("amount")
	}
	if amount.LessThan(c.WithdrawMin) {
		return nil, fail(400, "under_min_amount")
	}
	b := a.bal("KRW")
	total := amount.Add(c.WithdrawFee)
	if amount.GreaterThan(c.OneTime) || b.Balance.LessThan(total) {
		return nil, fail(400, "withdraw_insufficient_balance")
	}
	b.Balance = b.Balance.Sub(total)
	b.Locked = b.Locked.Add(total)
	t := e.newTransfer(account, "withdraw", "KRW", amount, c.WithdrawFee, now)
	t.State = XferProcessing
	e.dirty.account(account)
	e.emitTransfer(t)
	e.emitBalances(account, "KRW")
	return cloneXfer(t), nil
}

// DepositKRW requests a KRW deposit from the registered bank account; it
// is credited when it turns ACCEPTED.
func (e *Engine) DepositKRW(account string, amount decimal.Decimal) (*Transfer, error) {
	now := e.lock()
	defer e.unlock()
	if !amount.IsPositive() || !amount.IsInteger() {
		return nil, badParam("amount")
	}
	if amount.LessThan(decimal.NewFromInt(5000)) {
		return nil, badParam("amount below 5000")
	}
	t := e.newTransfer(account, "deposit", "KRW", amount, decimal.Zero, now)
	t.State = XferProcessing
	e.emitTransfer(t)
	return cloneXfer(t), nil
}

// DepositCoin simulates an incoming coin deposit (the admin endpoint's
// way to fund an account); it is credited when it turns DEPOSIT_ACCEPTED.
func (e *Engine) DepositCoin(account, cur string, amount decimal.Decimal) (*Transfer, error) {
	now := e.lock()
	defer e.unlock()
	if _, ok := e.accounts[account]; !ok {
		return nil, badParam("account")
	}
	c, err := e.validCurrency(cur)
	if err != nil {
		return nil, err
	}
	if !amount.IsPositive() {
		return nil, badParam("amount")
	}
	if c.Code == "KRW" {
		t := e.newTransfer(account, "deposit", "KRW", amount, decimal.Zero, now)
		t.State = XferProcessing
		e.emitTransfer(t)
		return cloneXfer(t), nil
	}
	t := e.newTransfer(account, "deposit", c.Code, amount, decimal.Zero, now)
	t.State = XferDepositWaiting
	t.Txid = fmt.Sprintf("%s.%05d", now.In(kst).Format("20060102150405"), e.seq.transfer%100000)
	e.emitTransfer(t)
	return cloneXfer(t), nil
}

var kst = time.FixedZone("KST", 9*3600)

// CancelWithdrawal cancels a coin withdrawal that is still in progress.
func (e *Engine) CancelWithdrawal(account, id string) (*Transfer, error) {
	now := e.lock()
	defer e.unlock()
	t := e.transfers[id]
	if t == nil || t.Account != account || t.Type != "withdraw" || t.Currency == "KRW" {
		return nil, fail(404, "withdraw_not_found")
	}
	if t.State != XferProcessing {
		return nil, badParam("the withdrawal is no longer in progress")
	}
	b := e.accounts[account].bal(t.Currency)
	total := t.Amount.Add(t.Fee)
	b.Locked = b.Locked.Sub(total)
	b.Balance = b.Balance.Add(total)
	t.State, t.DoneAt = XferCancelled, now
	e.dirty.transfer(t.ID)
	e.dirty.account(account)
	e.emitTransfer(t)
	e.emitBalances(account, t.Currency)
	return cloneXfer(t), nil
}

// runTransfers moves transfers whose time has come to their final state.
func (e *Engine) runTransfers(now time.Time) {
	for _, t := range e.transfers {
		if t.DueAt.After(now) {
			continue
		}
		a := e.accounts[t.Account]
		switch {
		case t.Type == "withdraw" && t.State == XferProcessing:
			b := a.bal(t.Currency)
			total := t.Amount.Add(t.Fee)
			b.Locked = b.Locked.Sub(total)
			e.fees[t.Currency] = e.fees[t.Currency].Add(t.Fee)
			t.State, t.DoneAt = XferDone, t.DueAt
			if t.Currency == "KRW" {
				t.Txid = "15" + t.ID
			} else {
				t.Txid = fmt.Sprintf("0x%064x", hashString(t.ID+t.Account))
			}
		case t.Type == "deposit" && t.State == XferProcessing:
			a.bal("KRW").Balance = a.bal("KRW").Balance.Add(t.Amount)
			t.State, t.DoneAt = XferAccepted, t.DueAt
			t.Txid = "16" + t.ID
		case t.Type == "deposit" && t.State == XferDepositWaiting:
			a.bal(t.Currency).Balance = a.bal(t.Currency).Balance.Add(t.Amount)
			t.State, t.DoneAt = XferDepositAccepted, t.DueAt
		default:
			continue
		}
		e.dirty.transfer(t.ID)
		e.dirty.account(t.Account)
		e.emitTransfer(t)
		e.emitBalances(t.Account, t.Currency)
	}
}

func hashString(s string) uint64 {
	var h uint64 = 1469598103934665603
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

func cloneXfer(t *Transfer) *Transfer { c := *t; return &c }

func (e *Engine) emitTransfer(t *Transfer) {
	if len(e.subs) == 0 {
		return
	}
	e.emit(Event{Type: EventTransfer, Time: e.clock.Now(), Account: t.Account, Transfer: cloneXfer(t)})
}

// TransferQuery filters transfers.
type TransferQuery struct {
	Type      string // deposit or withdraw
	KRW       bool   // KRW transfers only (else coin transfers only)
	Currency  string
	State     string
	UUIDs     []string
	Txids     []string
	Page      int
	Limit     int
	Ascending bool
}

// Transfers lists the transfers of account.
func (e *Engine) Transfers(account string, q TransferQuery) []*Transfer {
	e.lock()
	defer e.unlock()
	var out []*Transfer
	for _, t := range e.xferList[account] {
		if t.Type != q.Type || (t.Currency == "KRW") != q.KRW {
			continue
		}
		if q.Currency != "" && !strings.EqualFold(q.Currency, t.Currency) {
			continue
		}
		if q.State != "" && !stateMatches(q.State, t.State) {
			continue
		}
		if len(q.UUIDs) > 0 && !contains(q.UUIDs, t.ID) {
			continue
		}
		if len(q.Txids) > 0 && !contains(q.Txids, t.Txid) {
			continue
		}
		out = append(out, cloneXfer(t))
	}
	if !q.Ascending {
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
	}
	return page(out, q.Page, q.Limit)
}

func stateMatches(want, have string) bool {
	if strings.EqualFold(want, "CANCELED") {
		want = XferCancelled
	}
	return strings.EqualFold(want, have)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func page[T any](all []T, p, limit int) []T {
	if p < 1 {
		p = 1
	}
	if limit < 1 {
		limit = 100
	}
	start := (p - 1) * limit
	if start >= len(all) {
		return nil
	}
	end := min(start+limit, len(all))
	return all[start:end]
}

// GetTransfer returns one transfer of account by id or txid.
func (e *Engine) GetTransfer(account, typ, cur, id, txid string) (*Transfer, error) {
	e.lock()
	defer e.unlock()
	for _, t := range e.xferList[account] {
		if t.Type != typ || !strings.EqualFold(t.Currency, cur) {
			continue
		}
		if (id != "" && t.ID == id) || (id == "" && txid != "" && t.Txid == txid) {
			return cloneXfer(t), nil
		}
	}
	return nil, fail(404, typ+"_not_found")
}

// DepositAddressOf returns the deposit address of account for a currency,
// creating it when create is set.
func (e *Engine) DepositAddressOf(account, cur, netType string, create bool) (DepositAddress, error) {
	e.lock()
	defer e.unlock()
	c, err := e.validCurrency(cur)
	if err != nil {
		return DepositAddress{}, err
	}
	if c.Code == "KRW" || (netType != "" && !strings.EqualFold(netType, c.NetType)) {
		return DepositAddress{}, badParam("net_type")
	}
	a := e.accounts[account]
	if a.DepositAddresses == nil {
		a.DepositAddresses = map[string]DepositAddress{}
	}
	if d, ok := a.DepositAddresses[c.Code]; ok {
		return d, nil
	}
	if !create {
		return DepositAddress{}, fail(404, "coin_address_not_found")
	}
	h := hashString(fmt.Sprintf("%d/%s/%s", e.cfg.Market.Seed, account, c.Code))
	d := DepositAddress{Currency: c.Code, NetType: c.NetType}
	switch c.Code {
	case "BTC":
		d.Address = fmt.Sprintf("bc1q%038x", h)[:42]
	case "XRP":
		d.Address = fmt.Sprintf("r%033x", h)[:34]
		d.SecondaryAddress = fmt.Sprintf("%d", h%1_000_000_000)
	default:
		d.Address = fmt.Sprintf("0x%040x", h)
	}
	a.DepositAddresses[c.Code] = d
	e.dirty.account(account)
	return d, nil
}

// DepositAddresses returns every deposit address of account.
func (e *Engine) DepositAddresses(account string) []DepositAddress {
	e.lock()
	defer e.unlock()
	var out []DepositAddress
	for _, d := range e.accounts[account].DepositAddresses {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Currency < out[j].Currency })
	return out
}

// AllowList returns the registered withdrawal addresses of account.
func (e *Engine) AllowList(account string) []WithdrawAddress {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]WithdrawAddress(nil), e.accounts[account].AllowList...)
}
