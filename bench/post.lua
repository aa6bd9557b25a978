-- wrk script: POST an OpenAI chat-completions body, and print a machine-readable summary line.
--
-- Environment:
--   BENCH_MODEL   model (alias) to ask for          (default "bench")
--   BENCH_KEY     bearer credential                  (default: no Authorization header)
--   BENCH_STREAM  "1" to ask for an SSE stream with stream_options.include_usage
--
-- Usage: BENCH_KEY=sk-... wrk -t2 -c64 -d20s --latency -s bench/post.lua http://host:port/v1/chat/completions

local model = os.getenv("BENCH_MODEL") or "bench"
local key = os.getenv("BENCH_KEY")
local stream = os.getenv("BENCH_STREAM") == "1"

local body = '{"model":"' .. model .. '",'
  .. '"messages":[{"role":"system","content":"You are a terse assistant."},'
  .. '{"role":"user","content":"Say hello in one short sentence."}],'
  .. '"max_tokens":32,"temperature":0'
if stream then
  body = body .. ',"stream":true,"stream_options":{"include_usage":true}'
end
body = body .. '}'

wrk.method = "POST"
wrk.body = body
wrk.headers["Content-Type"] = "application/json"
if key and key ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. key
end

-- One line the benchmark script parses; times in microseconds.
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH_RESULT requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d"
      .. " non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.status, e.connect, e.read, e.write, e.timeout))
end
