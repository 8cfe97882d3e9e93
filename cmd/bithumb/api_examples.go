package main

// apiExamples is the Example text of `bithumb api`. api_examples_test.go
// runs every command line in it against the simulator.
const apiExamples = `  # Public quotation, no keys needed (GET: the spec's only method for the path)
  bithumb api /v1/ticker -f markets=KRW-BTC,KRW-ETH
  bithumb api /v1/orderbook -f markets=KRW-BTC

  # Balances (signed GET), with the status line and the rate-limit headers
  bithumb api -i /v1/accounts

  # What an order on a market may be: fees, minimum total, balances
  bithumb api /v1/orders/chance -f market=KRW-BTC

  # Orders by id: GET /v1/orders?market=KRW-BTC&uuids[]=...&uuids[]=...
  bithumb api /v1/orders -f market=KRW-BTC -f 'uuids[]=C0101...' -f 'uuids[]=C0102...'

  # Place a limit order: POST {"market":"KRW-BTC","side":"bid",...}
  # (without client_order_id, one is generated and printed with the answer)
  bithumb api /v2/orders -f market=KRW-BTC -f side=bid -f order_type=limit \
      -f price=84000000 -f volume=0.001 -f client_order_id=my-order-1

  # Look the order up, then cancel it
  bithumb api /v1/order -f client_order_id=my-order-1
  bithumb api -X DELETE /v2/order -f client_order_id=my-order-1

  # Cancel several orders: POST {"order_ids":["C0101...","C0102..."]}
  bithumb api /v2/orders/cancel -f 'order_ids[]=C0101...' -f 'order_ids[]=C0102...'

  # A batch of orders from a file, or from standard input
  bithumb api /v2/orders/batch --input orders.json
  jq -c . orders.json | bithumb api /v2/orders/batch --input -

  # Legacy API 1.0: form body, HMAC-signed, always POST
  bithumb api /info/balance -f currency=BTC

  # The request line and headers on standard error, the token redacted
  bithumb api --verbose /v1/accounts

  # Against the local simulator
  bithumb api --api-url http://127.0.0.1:8080 /v1/accounts`
