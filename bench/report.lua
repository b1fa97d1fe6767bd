-- Shared by every workload: collect the threads, then print one JSON line of results.
threads = {}
bad = 0  -- responses with a status the workload did not expect (per thread)

function setup(thread)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local unexpected = 0
  for _, thread in ipairs(threads) do
    unexpected = unexpected + (thread:get("bad") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "seconds": %.3f, "p50_ms": %.3f, "p99_ms": %.3f, "mean_ms": %.3f, ' ..
    '"socket_errors": %d, "non_2xx_3xx": %d, "unexpected": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(99) / 1e3,
    latency.mean / 1e3, e.connect + e.read + e.write + e.timeout, e.status, unexpected))
end
