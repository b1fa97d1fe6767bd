-- A plain GET workload (URL and headers from the wrk command line). No response() hook:
-- parsing every response in Lua would cost wrk more CPU for bigger pages, on the same cores
-- as the server; wrk still counts every non-2xx/3xx status, and the runner checks for 200.
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")
