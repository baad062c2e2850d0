-- wrk script: send pre-signed Slack requests from a pool file and check every response body.
--
-- wrk's Lua cannot compute HMAC-SHA256, so bench/wrk.py signs the requests in Python (valid for
-- five minutes) and writes one per line: content-type TAB timestamp TAB signature TAB body.
-- Thread k of n takes lines k, k+n, k+2n, ...
--
-- Arguments (after --): the pool file, the accepted answers, the number of threads.
-- Each thread sends its requests in order and starts again when they run out (the number of
-- restarts is reported as "wraps"). Accepted answers: substrings separated by "|"; a 200 whose
-- body contains none of them is a failure, as is any other status. A few failing bodies are
-- kept for the report.

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local function split(text, separator)
  local parts = {}
  for part in string.gmatch(text, "([^" .. separator .. "]+)") do
    table.insert(parts, part)
  end
  return parts
end

function init(args)
  local path, accepted = args[1], args[2]
  local nthreads = tonumber(args[3] or "1")
  expected = split(accepted, "|")
  requests = {}
  local index = 0
  for line in io.lines(path) do
    if index % nthreads == id then
      local fields = split(line, "\t")
      local headers = {
        ["Content-Type"] = fields[1],
        ["X-Slack-Request-Timestamp"] = fields[2],
        ["X-Slack-Signature"] = fields[3],
        -- A new connection per request, so every gunicorn worker gets its share.
        ["Connection"] = "close",
      }
      table.insert(requests, wrk.format("POST", "/slack/events", headers, fields[4]))
    end
    index = index + 1
  end
  next_index = 1
  verified = id ~= 0
  sent = 0
  answered = 0
  failed = 0
  non200 = 0
  wraps = 0
  samples = ""
end

function request()
  if not verified then
    -- wrk calls request() once on the first thread to check for pipelining; that one is
    -- never sent, so it must not use up a request of the pool.
    verified = true
    return requests[1]
  end
  if next_index > #requests then
    next_index = 1
    wraps = wraps + 1
  end
  local chosen = requests[next_index]
  next_index = next_index + 1
  sent = sent + 1
  return chosen
end

function response(status, headers, body)
  answered = answered + 1
  local good = false
  if status == 200 then
    for _, marker in ipairs(expected) do
      if string.find(body, marker, 1, true) then
        good = true
        break
      end
    end
  else
    non200 = non200 + 1
  end
  if not good then
    failed = failed + 1
    if failed <= 3 then
      samples = samples .. status .. " " .. string.sub(body or "", 1, 300) .. "\n"
    end
  end
end

local function quote(text)
  text = string.gsub(text, "\\", "\\\\")
  text = string.gsub(text, '"', '\\"')
  text = string.gsub(text, "\n", "\\n")
  text = string.gsub(text, "[%c]", " ")
  return '"' .. text .. '"'
end

function done(summary, latency, _)
  local sent_total, answered_total, failed_total, non200_total, wraps_total = 0, 0, 0, 0, 0
  local bodies = ""
  for _, thread in ipairs(threads) do
    sent_total = sent_total + thread:get("sent")
    answered_total = answered_total + thread:get("answered")
    failed_total = failed_total + thread:get("failed")
    non200_total = non200_total + thread:get("non200")
    wraps_total = wraps_total + thread:get("wraps")
    bodies = bodies .. thread:get("samples")
  end
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"duration_us": %d, "requests": %d, "sent": %d, "answered": %d, ' ..
    '"failed": %d, "non200": %d, "wraps": %d, "connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "mean_us": %f, "failed_bodies": %s}\n',
    summary.duration, summary.requests, sent_total, answered_total, failed_total, non200_total,
    wraps_total, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    latency.mean, quote(bodies)))
end
