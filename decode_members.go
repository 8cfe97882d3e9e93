package bithumb

import "github.com/bithumb-go/bithumb/internal/jsonscan"

// The decoders of the types that decodeBody decodes by hand. Each member
// returns the index of its field in the struct, which is the field's
// position in the decoder's names; TestDecodeMemberIndexes checks them.
var (
	orderbookDecoder     = newDecoder(orderbookMember)
	orderbookUnitDecoder = newDecoder(orderbookUnitMember)
	tickerDecoder        = newDecoder(tickerMember)
	tradeDecoder         = newDecoder(tradeMember)
	accountDecoder       = newDecoder(accountMember)
	orderDetailDecoder   = newDecoder(orderDetailMember)
	orderTradeDecoder    = newDecoder(orderTradeMember)
	orderChanceDecoder   = newDecoder(orderChanceMember)
	chanceMarketDecoder  = newDecoder(chanceMarketMember)
	chanceSideDecoder    = newDecoder(chanceSideMember)
	placedOrderDecoder   = newDecoder(placedOrderMember)
	cancelledDecoder     = newDecoder(cancelledOrderMember)
)

func orderbookMember(s *jsonscan.Scanner, v *Orderbook, key []byte) (int, bool) {
	switch string(key) {
	case "market":
		return readString(s, &v.Market, 0)
	case "orderbook_units":
		units, ok := array(s, orderbookUnitDecoder)
		v.OrderbookUnits = units
		return 1, ok
	case "timestamp":
		return readTimestamp(s, &v.Timestamp, 2)
	case "total_ask_size":
		return readDecimal(s, &v.TotalAskSize, 3)
	case "total_bid_size":
		return readDecimal(s, &v.TotalBidSize, 4)
	}
	return -1, true
}

func orderbookUnitMember(s *jsonscan.Scanner, v *OrderbookUnit, key []byte) (int, bool) {
	switch string(key) {
	case "ask_price":
		return readDecimal(s, &v.AskPrice, 0)
	case "ask_size":
		return readDecimal(s, &v.AskSize, 1)
	case "bid_price":
		return readDecimal(s, &v.BidPrice, 2)
	case "bid_size":
		return readDecimal(s, &v.BidSize, 3)
	}
	return -1, true
}

func tickerMember(s *jsonscan.Scanner, v *Ticker, key []byte) (int, bool) {
	switch string(key) {
	case "acc_trade_price":
		return readDecimal(s, &v.AccTradePrice, 0)
	case "acc_trade_price_24h":
		return readDecimal(s, &v.AccTradePrice24H, 1)
	case "acc_trade_volume":
		return readDecimal(s, &v.AccTradeVolume, 2)
	case "acc_trade_volume_24h":
		return readDecimal(s, &v.AccTradeVolume24H, 3)
	case "change":
		return readString(s, &v.Change, 4)
	case "change_price":
		return readDecimal(s, &v.ChangePrice, 5)
	case "change_rate":
		return readDecimal(s, &v.ChangeRate, 6)
	case "high_price":
		return readDecimal(s, &v.HighPrice, 7)
	case "highest_52_week_date":
		return readDate(s, &v.Highest52WeekDate, 8)
	case "highest_52_week_price":
		return readDecimal(s, &v.Highest52WeekPrice, 9)
	case "low_price":
		return readDecimal(s, &v.LowPrice, 10)
	case "lowest_52_week_date":
		return readDate(s, &v.Lowest52WeekDate, 11)
	case "lowest_52_week_price":
		return readDecimal(s, &v.Lowest52WeekPrice, 12)
	case "market":
		return readString(s, &v.Market, 13)
	case "opening_price":
		return readDecimal(s, &v.OpeningPrice, 14)
	case "prev_closing_price":
		return readDecimal(s, &v.PrevClosingPrice, 15)
	case "signed_change_price":
		return readDecimal(s, &v.SignedChangePrice, 16)
	case "signed_change_rate":
		return readDecimal(s, &v.SignedChangeRate, 17)
	case "timestamp":
		return readTimestamp(s, &v.Timestamp, 18)
	case "trade_date":
		return readString(s, &v.TradeDate, 19)
	case "trade_date_kst":
		return readString(s, &v.TradeDateKST, 20)
	case "trade_price":
		return readDecimal(s, &v.TradePrice, 21)
	case "trade_time":
		return readString(s, &v.TradeTime, 22)
	case "trade_time_kst":
		return readString(s, &v.TradeTimeKST, 23)
	case "trade_timestamp":
		return readTimestamp(s, &v.TradeTimestamp, 24)
	case "trade_volume":
		return readDecimal(s, &v.TradeVolume, 25)
	}
	return -1, true
}

func tradeMember(s *jsonscan.Scanner, v *Trade, key []byte) (int, bool) {
	switch string(key) {
	case "ask_bid":
		return readString(s, &v.AskBid, 0)
	case "change_price":
		return readDecimal(s, &v.ChangePrice, 1)
	case "market":
		return readString(s, &v.Market, 2)
	case "prev_closing_price":
		return readDecimal(s, &v.PrevClosingPrice, 3)
	case "sequential_id":
		return readInt64Ptr(s, &v.SequentialID, 4)
	case "timestamp":
		return readTimestamp(s, &v.Timestamp, 5)
	case "trade_date_utc":
		return readString(s, &v.TradeDateUTC, 6)
	case "trade_price":
		return readDecimal(s, &v.TradePrice, 7)
	case "trade_time_utc":
		return readString(s, &v.TradeTimeUTC, 8)
	case "trade_volume":
		return readDecimal(s, &v.TradeVolume, 9)
	}
	return -1, true
}

func accountMember(s *jsonscan.Scanner, v *Account, key []byte) (int, bool) {
	switch string(key) {
	case "avg_buy_price":
		return readDecimal(s, &v.AvgBuyPrice, 0)
	case "avg_buy_price_modified":
		return readBool(s, &v.AvgBuyPriceModified, 1)
	case "balance":
		return readDecimal(s, &v.Balance, 2)
	case "currency":
		return readString(s, &v.Currency, 3)
	case "locked":
		return readDecimal(s, &v.Locked, 4)
	case "unit_currency":
		return readString(s, &v.UnitCurrency, 5)
	}
	return -1, true
}

func orderDetailMember(s *jsonscan.Scanner, v *OrderDetail, key []byte) (int, bool) {
	switch string(key) {
	case "cancel_type":
		return readStringPtr(s, &v.CancelType, 0)
	case "canceling_uuid":
		return readStringPtr(s, &v.CancelingUUID, 1)
	case "client_order_id":
		return readStringPtr(s, &v.ClientOrderID, 2)
	case "created_at":
		return readTime(s, &v.CreatedAt, 3)
	case "executed_funds":
		return readDecimalPtr(s, &v.ExecutedFunds, 4)
	case "executed_volume":
		return readDecimal(s, &v.ExecutedVolume, 5)
	case "locked":
		return readDecimal(s, &v.Locked, 6)
	case "market":
		return readString(s, &v.Market, 7)
	case "ord_type":
		return readString(s, &v.OrdType, 8)
	case "paid_fee":
		return readDecimal(s, &v.PaidFee, 9)
	case "price":
		return readDecimalPtr(s, &v.Price, 10)
	case "remaining_fee":
		return readDecimal(s, &v.RemainingFee, 11)
	case "remaining_volume":
		return readDecimalPtr(s, &v.RemainingVolume, 12)
	case "reserved_fee":
		return readDecimal(s, &v.ReservedFee, 13)
	case "side":
		return readString(s, &v.Side, 14)
	case "state":
		return readString(s, &v.State, 15)
	case "stp_type":
		return readStringPtr(s, &v.StpType, 16)
	case "time_in_force":
		return readStringPtr(s, &v.TimeInForce, 17)
	case "trades":
		trades, ok := array(s, orderTradeDecoder)
		v.Trades = trades
		return 18, ok
	case "trades_count":
		return readInt(s, &v.TradesCount, 19)
	case "uuid":
		return readString(s, &v.UUID, 20)
	case "volume":
		return readDecimalPtr(s, &v.Volume, 21)
	}
	return -1, true
}

func orderTradeMember(s *jsonscan.Scanner, v *OrderTrade, key []byte) (int, bool) {
	switch string(key) {
	case "created_at":
		return readTime(s, &v.CreatedAt, 0)
	case "funds":
		return readDecimal(s, &v.Funds, 1)
	case "market":
		return readString(s, &v.Market, 2)
	case "price":
		return readDecimal(s, &v.Price, 3)
	case "side":
		return readString(s, &v.Side, 4)
	case "uuid":
		return readString(s, &v.UUID, 5)
	case "volume":
		return readDecimal(s, &v.Volume, 6)
	}
	return -1, true
}

func orderChanceMember(s *jsonscan.Scanner, v *OrderChance, key []byte) (int, bool) {
	switch string(key) {
	case "ask_account":
		return readObject(s, &v.AskAccount, accountDecoder, 0)
	case "ask_fee":
		return readDecimal(s, &v.AskFee, 1)
	case "bid_account":
		return readObject(s, &v.BidAccount, accountDecoder, 2)
	case "bid_fee":
		return readDecimal(s, &v.BidFee, 3)
	case "maker_ask_fee":
		return readDecimalPtr(s, &v.MakerAskFee, 4)
	case "maker_bid_fee":
		return readDecimalPtr(s, &v.MakerBidFee, 5)
	case "market":
		return readObject(s, &v.Market, chanceMarketDecoder, 6)
	}
	return -1, true
}

func chanceMarketMember(s *jsonscan.Scanner, v *OrderChanceMarket, key []byte) (int, bool) {
	switch string(key) {
	case "ask":
		return readObject(s, &v.Ask, chanceSideDecoder, 0)
	case "ask_types":
		return readStringsPtr(s, &v.AskTypes, 1)
	case "bid":
		return readObject(s, &v.Bid, chanceSideDecoder, 2)
	case "bid_types":
		return readStringsPtr(s, &v.BidTypes, 3)
	case "id":
		return readString(s, &v.ID, 4)
	case "max_total":
		return readDecimalPtr(s, &v.MaxTotal, 5)
	case "name":
		return readString(s, &v.Name, 6)
	case "order_sides":
		return readStrings(s, &v.OrderSides, 7)
	case "order_types":
		return readStringsPtr(s, &v.OrderTypes, 8)
	case "state":
		return readString(s, &v.State, 9)
	}
	return -1, true
}

func chanceSideMember(s *jsonscan.Scanner, v *OrderChanceSide, key []byte) (int, bool) {
	switch string(key) {
	case "currency":
		return readString(s, &v.Currency, 0)
	case "min_total":
		return readDecimal(s, &v.MinTotal, 1)
	case "price_unit":
		return readDecimalPtr(s, &v.PriceUnit, 2)
	}
	return -1, true
}

func placedOrderMember(s *jsonscan.Scanner, v *PlaceOrderResponse, key []byte) (int, bool) {
	switch string(key) {
	case "client_order_id":
		return readStringPtr(s, &v.ClientOrderID, 0)
	case "created_at":
		return readTime(s, &v.CreatedAt, 1)
	case "market":
		return readString(s, &v.Market, 2)
	case "order_id":
		return readString(s, &v.OrderID, 3)
	case "order_type":
		return readString(s, &v.OrderType, 4)
	case "side":
		return readString(s, &v.Side, 5)
	case "stp_type":
		return readStringPtr(s, &v.StpType, 6)
	case "time_in_force":
		return readStringPtr(s, &v.TimeInForce, 7)
	}
	return -1, true
}

func cancelledOrderMember(s *jsonscan.Scanner, v *CancelOrderResponse, key []byte) (int, bool) {
	switch string(key) {
	case "client_order_id":
		return readStringPtr(s, &v.ClientOrderID, 0)
	case "created_at":
		return readTime(s, &v.CreatedAt, 1)
	case "order_id":
		return readStringPtr(s, &v.OrderID, 2)
	}
	return -1, true
}
