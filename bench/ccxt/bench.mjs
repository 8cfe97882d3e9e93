// ccxt's bithumb class against the simulator: each kind of call N times, one
// at a time, after a warm-up of every kind, with the median and p99 latency
// and the CPU time (user + system, process.cpuUsage) this process spent per
// call. The Go twin
// (internal/cmd/ccxttwin) makes the same calls with the SDK; run both with
// `make bench-ccxt`.
//
// Usage: node bench.mjs --url http://127.0.0.1:18431 [--n 500] [--warmup 100] [--out ccxt.json]
// The keys are read from BITHUMB_ACCESS_KEY and BITHUMB_SECRET_KEY.

import { parseArgs } from 'node:util';
import { readFileSync, writeFileSync } from 'node:fs';
import ccxt from 'ccxt';

const { values: args } = parseArgs({
    options: {
        url: { type: 'string', default: 'http://127.0.0.1:18431' },
        n: { type: 'string', default: '500' },
        warmup: { type: 'string', default: '100' },
        out: { type: 'string', default: '' },
    },
});
const n = Number(args.n);
const warmup = Number(args.warmup);
const apiKey = process.env.BITHUMB_ACCESS_KEY;
const secret = process.env.BITHUMB_SECRET_KEY;
if (!apiKey || !secret) {
    throw new Error('set BITHUMB_ACCESS_KEY and BITHUMB_SECRET_KEY to the simulator account\'s keys');
}

// ccxt's bithumb class builds every URL from urls.api.public and
// urls.api.private; both point at the simulator. Its own pacing (rateLimit,
// 8.3 ms between calls) is off, as the Go client's limits are raised: the
// benchmark measures the clients, not the pacing.
const exchange = new ccxt.bithumb({
    apiKey,
    secret,
    enableRateLimit: false,
    urls: { api: { public: args.url, private: args.url } },
});

const symbol = 'BTC/KRW';
const market = 'KRW-BTC';
// A buy far below the market rests on the book until it is cancelled:
// 100,000,000 KRW × 0.0001 BTC = 10,000 KRW, above the 5,000 KRW minimum.
const restingPrice = 100000000;
const restingVolume = 0.0001;

// measure runs call n times and returns its statistics.
async function measure(name, call) {
    const lat = new Float64Array(n);
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < n; i++) {
        const t0 = process.hrtime.bigint();
        await call();
        lat[i] = Number(process.hrtime.bigint() - t0) / 1000;
    }
    const cpu = process.cpuUsage(cpu0);
    lat.sort();
    return {
        call: name,
        n,
        median_us: lat[Math.floor((n - 1) / 2)],
        p99_us: lat[Math.ceil(0.99 * n) - 1],
        cpu_us_per_call: (cpu.user + cpu.system) / n,
    };
}

// The orders placed and not yet cancelled, oldest first.
const placed = [];
const calls = [
    ['ticker', () => exchange.fetchTicker(symbol)],
    ['orderbook', () => exchange.fetchOrderBook(symbol)],
    // ccxt has no unified call for /v1/orders/chance; its implicit method
    // for the endpoint signs and sends the request and parses the JSON.
    ['chance', () => exchange.privateGetV1OrdersChance({ market })],
    ['accounts', () => exchange.fetchBalance()],
    ['place', async () => {
        const o = await exchange.createOrder(symbol, 'limit', 'buy', restingVolume, restingPrice);
        placed.push(o.id);
    }],
    ['cancel', () => exchange.cancelOrder(placed.shift(), symbol)],
];

await exchange.loadMarkets();
// Every kind of call is warmed up before any is measured: the code they
// share (signing, the HTTP client, JSON) is then as warm for the first
// kind measured as for the last.
for (const [, call] of calls) {
    for (let i = 0; i < warmup; i++) {
        await call();
    }
}
const results = [];
for (const [name, call] of calls) {
    results.push(await measure(name, call));
}

const report = {
    // ccxt.version is stale in some releases (4.5.84 says 4.5.83): the
    // installed package's own manifest is the truth.
    client: `ccxt ${JSON.parse(readFileSync(new URL('./node_modules/ccxt/package.json', import.meta.url))).version}`,
    runtime: `node ${process.version}`,
    results,
};
if (args.out) {
    writeFileSync(args.out, JSON.stringify(report, null, 2) + '\n');
}
console.log(`${report.client} (${report.runtime}), ${n} calls each after ${warmup} warm-up calls of every kind`);
console.log('call       median µs   p99 µs   CPU µs/call');
for (const r of results) {
    console.log(`${r.call.padEnd(10)} ${r.median_us.toFixed(0).padStart(9)} ${r.p99_us.toFixed(0).padStart(8)} ${r.cpu_us_per_call.toFixed(0).padStart(13)}`);
}
