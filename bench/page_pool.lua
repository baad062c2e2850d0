-- wrk script: GET the pages in a pool file (one per line: path TAB cookie TAB marker), each
-- with its own session cookie, and check every response: a 200 whose body holds the line's
-- marker. Thread k of n takes lines k, k+n, ...; the result is one WRKJSON line, as
-- signed_pool.lua writes it.

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
  local path = args[1]
  local nthreads = tonumber(args[2] or "1")
  requests = {}
  markers = {}
  local index = 0
  for line in io.lines(path) do
    if index % nthreads == id then
      local fields = split(line, "\t")
      local headers = { ["Connection"] = "close" }
      if fields[2] ~= "-" then
        headers["Cookie"] = fields[2]
      end
      table.insert(requests, wrk.format("GET", fields[1], headers))
      table.insert(markers, fields[3])
    end
    index = index + 1
  end
  next_index = 1
  pending = {}
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
    verified = true
    return requests[1]
  end
  if next_index > #requests then
    next_index = 1
    wraps = wraps + 1
  end
  local chosen = next_index
  next_index = next_index + 1
  sent = sent + 1
  table.insert(pending, chosen)
  return requests[chosen]
end

function response(status, headers, body)
  answered = answered + 1
  -- Connection: close, one request in flight per connection: answers come in order.
  local index = table.remove(pending, 1) or 1
  local good = status == 200 and string.find(body, markers[index], 1, true) ~= nil
  if status ~= 200 then
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
