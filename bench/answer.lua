-- The answer step: POST an answer with its CSRF token and cookie (expect 303), then GET the
-- feedback page with the cookie that answer set (expect 200), and again. Run with as many
-- threads as connections. The next request is chosen by the last response received, not
-- by how often wrk asked, because wrk may ask again for a request it has to resend.
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

local path = os.getenv("BENCH_PATH")      -- the question page, e.g. /quiz/some-bank/1
local cookie = os.getenv("BENCH_COOKIE")  -- a session with the quiz started, question unanswered
local body = os.getenv("BENCH_BODY")      -- csrf_token=...&choice=...
local post_next = true
local answered = nil

function request()
  if post_next then
    return wrk.format("POST", path, {
      ["Cookie"] = "session=" .. cookie,
      ["Content-Type"] = "application/x-www-form-urlencoded",
    }, body)
  end
  return wrk.format("GET", path .. "/feedback", {["Cookie"] = "session=" .. (answered or cookie)})
end

function response(status, headers, body)
  if post_next then
    if status ~= 303 then bad = bad + 1 end
    local set = headers["Set-Cookie"]
    answered = set and set:match("^session=([^;]+)") or nil
  elseif status ~= 200 then
    bad = bad + 1
  end
  post_next = not post_next
end
