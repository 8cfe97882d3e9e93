package decimal_test

import (
	"encoding/json"
	"fmt"

	"github.com/bithumb-go/bithumb/decimal"
)

func ExampleParse() {
	d, err := decimal.Parse("1.76373410121466379999997512")
	if err != nil {
		panic(err)
	}
	fmt.Println(d, d.Scale())
	e, _ := decimal.Parse("1.4E-7")
	fmt.Println(e)
	// Output:
	// 1.76373410121466379999997512 26
	// 0.00000014
}

func ExampleDecimal_UnmarshalJSON() {
	// Quotation endpoints send numbers, exchange endpoints strings: both
	// decode exactly and encode back in the form they came in.
	var v struct {
		Price   decimal.Decimal `json:"trade_price"`
		Balance decimal.Decimal `json:"balance"`
	}
	_ = json.Unmarshal([]byte(`{"trade_price":157450000,"balance":"0.00250000"}`), &v)
	out, _ := json.Marshal(v)
	fmt.Println(string(out))
	// Output: {"trade_price":157450000,"balance":"0.00250000"}
}

func ExampleDecimal_RoundToStep() {
	// Round a price down to the KRW tick of 1,000 for prices over 1,000,000.
	price := decimal.MustParse("157451234")
	fmt.Println(price.RoundToStep(decimal.MustParse("1000"), decimal.Down))
	// Output: 157451000
}

func ExampleDecimal_Div() {
	total := decimal.MustParse("10000")
	price := decimal.MustParse("157450000")
	// The volume 10,000 KRW buys, truncated to 8 decimals.
	fmt.Println(total.Div(price, 8, decimal.Down))
	// Output: 0.00006351
}
