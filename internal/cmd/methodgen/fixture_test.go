package main

// The fixture of the generator's tests: a small spec with one operation of
// each shape the generator handles (and a few it must refuse), and the
// hand-written part of a root package for it. The tests run oapi-codegen
// on the spec with the repository's gen/cfg.yaml, so the gen package is
// the real generator's output.

// fixtureSpec is the fixture's OpenAPI document.
const fixtureSpec = `openapi: 3.0.3
info: {title: fixture, version: "1"}
servers: [{url: "https://api.example.com"}]
components:
  securitySchemes:
    bearerAuth: {type: http, scheme: bearer, bearerFormat: JWT}
  schemas:
    ErrorResponse:
      type: object
      properties:
        error:
          type: object
          properties:
            name: {type: string}
            message: {type: string}
    Thing:
      type: object
      required: [id, price]
      properties:
        id: {type: string}
        price: {type: string, format: decimal}
        count: {type: integer}
    ThingRequest:
      type: object
      required: [name]
      properties:
        name: {type: string}
        amount: {type: string, format: decimal}
    LegacyStatus:
      type: object
      properties:
        status: {type: string}
paths:
  /v1/things:
    get:
      operationId: listThings
      summary: All things (사물 목록)
      description: |
        Things of a market, newest first.

        A second paragraph that is long enough to be wrapped at the width of a doc comment line, so that wrapping is exercised.
      x-bithumb-retry: safe
      parameters:
        - {name: market, in: query, required: true, schema: {type: string}}
        - {name: count, in: query, schema: {type: integer}}
      responses:
        "200":
          description: things, or an error inside HTTP 200
          content:
            application/json:
              schema:
                oneOf:
                  - type: array
                    items: {$ref: "#/components/schemas/Thing"}
                  - $ref: "#/components/schemas/ErrorResponse"
        "400":
          description: bad request
          content:
            application/json:
              schema: {$ref: "#/components/schemas/ErrorResponse"}
    post:
      operationId: createThing
      summary: Create a thing
      x-bithumb-retry: safe
      security: [{bearerAuth: []}]
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/ThingRequest"}
      responses:
        "201":
          description: created
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
        "200":
          description: existed
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
  /v1/things/{thing_id}:
    get:
      operationId: getThing
      summary: One thing
      deprecated: true
      x-bithumb-retry: safe
      parameters:
        - {name: thing_id, in: path, required: true, schema: {type: string}}
        - {name: detail, in: query, schema: {type: boolean}}
      responses:
        "200":
          description: the thing
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
    delete:
      operationId: forgetThing
      x-bithumb-retry: safe
      parameters:
        - {name: thing_id, in: path, required: true, schema: {type: string}}
      responses:
        "204": {description: forgotten}
  /v1/candles/{unit}:
    get:
      operationId: listThingCandles
      summary: Candles of things
      x-bithumb-retry: safe
      parameters:
        - {name: unit, in: path, required: true, schema: {type: integer, enum: [1, 3]}}
      responses:
        "200":
          description: candles
          content:
            application/json:
              schema:
                type: array
                items: {$ref: "#/components/schemas/Thing"}
  /info/poke:
    post:
      operationId: legacyPoke
      summary: Legacy poke
      x-bithumb-retry: safe
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              required: [currency]
              properties:
                currency: {type: string}
                units: {type: string}
      responses:
        "200":
          description: status
          content:
            application/json:
              schema: {$ref: "#/components/schemas/LegacyStatus"}
  /v1/hand:
    get:
      operationId: handThing
      summary: Hand-written
      x-bithumb-retry: safe
      responses:
        "200":
          description: the thing
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
  /v1/send:
    post:
      operationId: sendThing
      summary: Never re-sent
      x-bithumb-retry: never
      responses:
        "200":
          description: the thing
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
  /v1/inline:
    get:
      operationId: inlineThing
      x-bithumb-retry: safe
      responses:
        "200":
          description: inline
          content:
            application/json:
              schema:
                type: object
                properties:
                  ok: {type: boolean}
  /v1/inline-list:
    get:
      operationId: listInlineThings
      x-bithumb-retry: safe
      responses:
        "200":
          description: inline items
          content:
            application/json:
              schema:
                type: array
                items:
                  type: object
                  required: [price]
                  properties:
                    price:
                      description: The price, exact.
                      type: string
                      format: decimal
                    at: {type: string, format: date-time}
                    thing: {$ref: "#/components/schemas/LegacyStatus"}
`

// fixtureClient is the fixture root package's client and call helpers,
// with the signatures of the real ones (client.go, account.go); call
// sends, turns a non-2xx status into an error and decodes the body.
const fixtureClient = `package bithumb

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"GENIMPORT"
)

type Client struct {
	raw *gen.Client
}

func (c *Client) call(ctx context.Context, operationID string, out any, send func(context.Context) (*http.Response, error)) error {
	resp, err := send(ctx)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s: HTTP %d", operationID, resp.StatusCode)
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(body, out)
}

func callList[T any](ctx context.Context, c *Client, op string, send func(context.Context) (*http.Response, error)) ([]T, error) {
	var out []T
	err := c.call(ctx, op, &out, send)
	return out, err
}

func callOne[T any](ctx context.Context, c *Client, op string, send func(context.Context) (*http.Response, error)) (*T, error) {
	var out T
	if err := c.call(ctx, op, &out, send); err != nil {
		return nil, err
	}
	return &out, nil
}
`

// fixtureTypes declares the fixture's types in each of the ways the root
// package may: an alias of gen's (Thing), a defined type with a toGen
// method converting it to gen's (ListThingsParams, LegacyPokeForm, whose
// name differs from gen's), a defined type of the same name and fields
// without one (ThingRequest, GetThingParams, ListThingCandlesParamsUnit);
// LegacyStatus is left to gen.
const fixtureTypes = `package bithumb

import (
	"github.com/bithumb-go/bithumb/decimal"

	"GENIMPORT"
)

type Thing = gen.Thing

type ThingRequest struct {
	Amount *decimal.Decimal ` + "`json:\"amount,omitempty\"`" + `
	Name   string           ` + "`json:\"name\"`" + `
}

type ListThingsParams struct {
	Market string
	Count  *int64
}

func (v *ListThingsParams) toGen() *gen.ListThingsParams {
	return &gen.ListThingsParams{Market: v.Market, Count: v.Count}
}

type GetThingParams struct {
	Detail *bool ` + "`form:\"detail,omitempty\" json:\"detail,omitempty\"`" + `
}

type ListThingCandlesParamsUnit int64

type LegacyPokeForm struct {
	Currency string
	Units    *string
}

func (v LegacyPokeForm) toGen() gen.LegacyPokeFormdataRequestBody {
	return gen.LegacyPokeFormdataRequestBody{Currency: v.Currency, Units: v.Units}
}
`

// fixtureHooks holds the hand-written methods: handThing could be
// generated, sendThing could not.
const fixtureHooks = `package bithumb

import (
	"context"
	"net/http"
)

// HandThing is hand-written.
//
//bithumb:operation handThing
func (c *Client) HandThing(ctx context.Context) (*Thing, error) {
	return callOne[Thing](ctx, c, "handThing", func(ctx context.Context) (*http.Response, error) {
		return c.raw.HandThing(ctx)
	})
}

// SendThing is hand-written.
//
//bithumb:operation sendThing
func (c *Client) SendThing(ctx context.Context) (*Thing, error) {
	return callOne[Thing](ctx, c, "sendThing", func(ctx context.Context) (*http.Response, error) {
		return c.raw.SendThing(ctx)
	})
}
`

// fixtureBehaviour is a test of the fixture package: every generated
// method sends its operation's request, with its parameters and body, and
// decodes the answer.
const fixtureBehaviour = `package bithumb

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/bithumb-go/bithumb/decimal"

	"GENIMPORT"
)

func TestGeneratedMethods(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		got = append(got, r.Method+" "+r.URL.RequestURI()+" "+r.Header.Get("Content-Type")+" "+string(body))
		switch {
		case r.Method == http.MethodDelete:
			w.WriteHeader(http.StatusNoContent)
		case r.URL.Path == "/v1/inline":
			io.WriteString(w, ` + "`" + `{"ok":true}` + "`" + `)
		case r.URL.Path == "/v1/inline-list":
			io.WriteString(w, ` + "`" + `[{"price":"0.10","at":"2025-08-25T15:27:00Z","thing":{"status":"0000"}}]` + "`" + `)
		case r.URL.Path == "/info/poke":
			io.WriteString(w, ` + "`" + `{"status":"0000"}` + "`" + `)
		case r.URL.Path == "/v1/things" && r.Method == http.MethodGet, r.URL.Path == "/v1/candles/3":
			io.WriteString(w, ` + "`" + `[{"id":"a","price":"1.50"},{"id":"b","price":"2"}]` + "`" + `)
		default:
			w.WriteHeader(http.StatusCreated)
			io.WriteString(w, ` + "`" + `{"id":"c","price":"0.000000000000000001","count":3}` + "`" + `)
		}
	}))
	defer srv.Close()
	raw, err := gen.NewClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	c := &Client{raw: raw}
	ctx := context.Background()
	count := int64(7)
	amount := decimal.MustParse("12.5")
	units := "0.001"

	list, err := c.ListThings(ctx, ListThingsParams{Market: "KRW-BTC", Count: &count})
	if err != nil || len(list) != 2 || list[0].Price.String() != "1.50" {
		t.Errorf("ListThings = %+v, %v", list, err)
	}
	one, err := c.CreateThing(ctx, ThingRequest{Name: "x", Amount: &amount})
	if err != nil || one.ID != "c" || one.Price.String() != "0.000000000000000001" {
		t.Errorf("CreateThing = %+v, %v", one, err)
	}
	detail := true
	if one, err := c.GetThing(ctx, "id/..", GetThingParams{Detail: &detail}); err != nil || one.ID != "c" {
		t.Errorf("GetThing = %+v, %v", one, err)
	}
	if err := c.ForgetThing(ctx, "t1"); err != nil {
		t.Errorf("ForgetThing: %v", err)
	}
	if list, err := c.ListThingCandles(ctx, 3); err != nil || len(list) != 2 {
		t.Errorf("ListThingCandles = %+v, %v", list, err)
	}
	status, err := c.LegacyPoke(ctx, LegacyPokeForm{Currency: "BTC", Units: &units})
	if err != nil || status.Status == nil || *status.Status != "0000" {
		t.Errorf("LegacyPoke = %+v, %v", status, err)
	}
	inline, err := c.InlineThing(ctx)
	if err != nil || inline.Ok == nil || !*inline.Ok {
		t.Errorf("InlineThing = %+v, %v", inline, err)
	}
	items, err := c.ListInlineThings(ctx)
	if err != nil || len(items) != 1 || items[0].Price.String() != "0.10" || items[0].At == nil || items[0].At.Year() != 2025 || items[0].Thing == nil {
		t.Errorf("ListInlineThings = %+v, %v", items, err)
	}
	want := []string{
		"GET /v1/things?market=KRW-BTC&count=7  ",
		"POST /v1/things application/json {\"amount\":\"12.5\",\"name\":\"x\"}",
		"GET /v1/things/id%2F..?detail=true  ",
		"DELETE /v1/things/t1  ",
		"GET /v1/candles/3  ",
		"POST /info/poke application/x-www-form-urlencoded currency=BTC&units=0.001",
		"GET /v1/inline  ",
		"GET /v1/inline-list  ",
	}
	if len(got) != len(want) {
		t.Fatalf("requests:\n%q\nwant:\n%q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("request %d = %q, want %q", i, got[i], want[i])
		}
	}
}
`
