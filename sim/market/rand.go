package market

import "math"

// splitmix64 is a fast, well-mixed 64-bit hash.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// hash3 mixes a market key with two integers.
func hash3(key uint64, a, b int64) uint64 {
	return splitmix64(splitmix64(key^uint64(a)*0x2545f4914f6cdd1d) ^ uint64(b)*0x9e3779b97f4a7c15)
}

// uniform returns a value in [0, 1) drawn from h.
func uniform(h uint64) float64 { return float64(h>>11) / (1 << 53) }

// normal returns an approximately standard normal value drawn from h
// (Irwin–Hall with four 16-bit uniforms; bounded by ±3.47).
func normal(h uint64) float64 {
	s := 0.0
	for i := 0; i < 4; i++ {
		s += float64((h>>(16*i))&0xffff) / 65536
	}
	return (s - 2) / math.Sqrt(1.0/3.0)
}

// stringKey hashes s.
func stringKey(s string) uint64 {
	var h uint64 = 1469598103934665603
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return splitmix64(h)
}
