package sim

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/sim/clock"
	"github.com/bithumb-go/bithumb/sim/faults"
	"github.com/bithumb-go/bithumb/sim/ws"
)

var timeZero time.Time

// serveAdmin answers the simulator's own endpoints (not in the spec):
//
//	GET  /_sim/health          {"status":"ok"}
//	GET  /_sim/version         {"version": ...}
//	GET  /_sim/faults          the fault configuration
//	PUT  /_sim/faults          replace it (JSON faults.Config)
//	POST /_sim/faults/reset    turn every fault off
//	POST /_sim/ratelimit/reset forget rate-limit buckets and blocks (REST and WebSocket)
//	GET  /_sim/ws/faults       the WebSocket fault configuration
//	PUT  /_sim/ws/faults       replace it (JSON ws.Faults)
//	POST /_sim/ws/faults/reset turn every WebSocket fault off
//	POST /_sim/ws/inject       {"fault":"drop|stall|malformed|error","endpoints":[...]}:
//	                           apply a fault to every open connection now
//	GET  /_sim/ws/stats        WebSocket counters (open connections, messages, faults)
//	POST /_sim/deposit         {"account","currency","amount"}: an incoming deposit
//	GET  /_sim/clock           {"now": exchange time}
//	POST /_sim/clock/advance   {"duration":"1m"} (only with a *clock.Fake)
//	POST /_sim/nonces/reset    forget used JWT and legacy nonces
func (s *Server) serveAdmin(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	switch {
	case path == "/_sim/health" && r.Method == http.MethodGet:
		writeJSON(w, 200, map[string]string{"status": "ok"})
	case path == "/_sim/version" && r.Method == http.MethodGet:
		writeJSON(w, 200, map[string]string{"version": Version})
	case path == "/_sim/faults" && r.Method == http.MethodGet:
		writeJSON(w, 200, s.faults.Config())
	case path == "/_sim/faults" && (r.Method == http.MethodPut || r.Method == http.MethodPost):
		var c faults.Config
		dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&c); err != nil {
			writeJSON(w, 400, errorBody("invalid_parameter", err.Error()))
			return
		}
		s.faults.Set(c)
		writeJSON(w, 200, s.faults.Config())
	case path == "/_sim/faults/reset" && r.Method == http.MethodPost:
		s.faults.Reset()
		writeJSON(w, 200, s.faults.Config())
	case path == "/_sim/ratelimit/reset" && r.Method == http.MethodPost:
		s.limiter.Reset()
		s.ws.ResetRateLimit()
		writeJSON(w, 200, map[string]string{"status": "ok"})
	case path == "/_sim/ws/faults" && r.Method == http.MethodGet:
		writeJSON(w, 200, s.ws.Faults())
	case path == "/_sim/ws/faults" && (r.Method == http.MethodPut || r.Method == http.MethodPost):
		var c ws.Faults
		dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&c); err != nil {
			writeJSON(w, 400, errorBody("invalid_parameter", err.Error()))
			return
		}
		s.ws.SetFaults(c)
		writeJSON(w, 200, s.ws.Faults())
	case path == "/_sim/ws/faults/reset" && r.Method == http.MethodPost:
		s.ws.ResetFaults()
		writeJSON(w, 200, s.ws.Faults())
	case path == "/_sim/ws/inject" && r.Method == http.MethodPost:
		var in struct {
			Fault     string   `json:"fault"`
			Endpoints []string `json:"endpoints"`
		}
		dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&in); err != nil {
			writeJSON(w, 400, errorBody("invalid_parameter", err.Error()))
			return
		}
		f, err := ws.ParseFault(in.Fault)
		if err != nil {
			writeJSON(w, 400, errorBody("invalid_parameter", err.Error()))
			return
		}
		writeJSON(w, 200, map[string]int{"connections": s.ws.Inject(f, in.Endpoints)})
	case path == "/_sim/ws/stats" && r.Method == http.MethodGet:
		writeJSON(w, 200, s.ws.Stats())
	case path == "/_sim/nonces/reset" && r.Method == http.MethodPost:
		s.verifier.ResetNonces()
		writeJSON(w, 200, map[string]string{"status": "ok"})
	case path == "/_sim/deposit" && r.Method == http.MethodPost:
		var in struct {
			Account  string          `json:"account"`
			Currency string          `json:"currency"`
			Amount   decimal.Decimal `json:"amount"`
		}
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&in); err != nil {
			writeJSON(w, 400, errorBody("invalid_parameter", err.Error()))
			return
		}
		t, err := s.engine.DepositCoin(in.Account, in.Currency, in.Amount)
		if err != nil {
			writeJSON(w, 400, errorBody("invalid_parameter", err.Error()))
			return
		}
		writeJSON(w, 200, renderTransfer(t))
	case path == "/_sim/clock" && r.Method == http.MethodGet:
		writeJSON(w, 200, map[string]time.Time{"now": s.engine.Now()})
	case path == "/_sim/clock/advance" && r.Method == http.MethodPost:
		f, ok := s.clock.(*clock.Fake)
		if !ok {
			writeJSON(w, 409, errorBody("invalid_parameter", "the exchange clock is not a fake clock"))
			return
		}
		var in struct {
			Duration clock.Duration `json:"duration"`
		}
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&in); err != nil {
			writeJSON(w, 400, errorBody("invalid_parameter", err.Error()))
			return
		}
		f.Advance(in.Duration.D())
		s.engine.Advance()
		writeJSON(w, 200, map[string]time.Time{"now": s.engine.Now()})
	default:
		writeJSON(w, 404, map[string]string{"name": "not_found", "message": "No Route matched with those values"})
	}
}
