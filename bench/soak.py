"""Load and soak: one itty3 app with every feature, under four servers, driven by `wrk` on loopback.

    python bench/soak.py                      # load at 3 concurrency levels, then a 3-minute soak per server; writes bench/RELIABILITY.md
    python bench/soak.py --soak 60 --load 3   # shorter: 60 s soaks, 3 s per load level
    python bench/soak.py --only waitress --out /some/where.md

The app (`make_app`, and `app` for `gunicorn soak:app`) is also the one the robustness lessons
(`nbs/08_robustness.ipynb`, `nbs/08a_hostile_traffic.ipynb`) fuzz and attack. Servers: gunicorn
(sync and gthread workers), waitress and itty3's built-in development server, each started on a
free port of 127.0.0.1 and stopped at the end.

Load: a wrk Lua script cycles through the benign mix (text, JSON, typed routes, a static file, a
form POST, a JSON POST, a multipart upload, a request with 50 cookies) at several
concurrency levels. Soak: two wrk processes at once against the same server, 9 connections
sending the benign mix and 1 sending hostile requests (traversal, CRLF injection, bad JSON, deep
JSON, 2,000 query fields, bad framing, request smuggling, oversized lengths...), so about one
request in ten is hostile. Each Lua script counts statuses itself, and looks in every answer for
bytes of files outside the static root and for an injected cookie. The server's RSS and open file
descriptors (summed over its processes) are read from /proc at the start and at the end.

Pass (the exit status is 1 otherwise): zero 5xx and zero socket errors on benign traffic; zero
5xx, leaks or injections on hostile traffic; RSS growth under 2 MiB; no file-descriptor growth.
Only loopback is ever contacted; every run is bounded in time.
"""
import argparse
import datetime
import hashlib
import json
import os
import platform
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time

import itty3
from itty3 import HttpError, HttpResponse, PLAIN

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
STATIC_ROOT = os.path.join(ROOT, "examples", "static_assets", "static_media")
# Outside the static root, one level up: no answer may ever contain these bytes.
SECRET_FILE = os.path.join(ROOT, "examples", "static_assets", "app.py")
SECRET_MARK = "The static assets guide"


# ---------------------------------------------------------------- the app
def make_app(static_root=STATIC_ROOT, max_body_size=1 << 20):
    "An itty3 app with every route type and feature: typed routes, query, forms, JSON, uploads, cookies, redirects, errors, static files."
    app = itty3.App(max_body_size=max_body_size)
    app.serve_static("/static/", static_root)

    def text(request, body, status_code=200):
        return app.render(request, body, status_code=status_code, content_type=PLAIN)

    @app.get("/")
    def index(request):
        return text(request, "Hello, world!")

    @app.get("/json/")
    def hello_json(request):
        return app.render_json(request, {"hello": "world", "numbers": [1, 2, 3]})

    @app.get("/users/<int:user_id>/")
    def user(request, user_id):
        return text(request, f"user {user_id}")

    @app.get("/price/<float:amount>/")
    def price(request, amount):
        return app.render_json(request, {"amount": amount})

    @app.get("/items/<uuid:item_id>/")
    def item(request, item_id):
        return app.render_json(request, {"item": item_id})

    @app.get("/posts/<slug:slug>/")
    def post(request, slug):
        return text(request, f"post {slug}")

    @app.get("/hello/<name>/")
    def hello(request, name):
        return text(request, f"Hello, {name}!")

    @app.get("/files/<any:rest>")
    def files(request, rest):
        return text(request, f"file {rest}")

    @app.get("/search/")
    def search(request):
        return app.render_json(request, {"q": request.GET.getlist("q") if "q" in request.GET else [],
                                         "fields": len(request.GET)})

    @app.post("/form/")
    def form(request):
        return app.render_json(request, request.POST.lists())

    @app.post("/api/echo/")
    def echo_json(request):
        return app.render_json(request, {"got": request.json()})  # invalid JSON: InvalidJSON, a 400

    @app.put("/users/<int:user_id>/")
    def put_user(request, user_id):
        return app.render_json(request, {"id": user_id, "form": request.PUT.lists()})

    @app.patch("/users/<int:user_id>/")
    def patch_user(request, user_id):
        return app.render_json(request, {"id": user_id, "patch": request.json()})

    @app.delete("/users/<int:user_id>/")
    def delete_user(request, user_id):
        return app.render(request, "", status_code=204)

    @app.post("/upload/")
    def upload(request):  # hashes the raw bytes (`raw_body`) without parsing them: the request lesson tests the multipart parser
        data = request.raw_body
        return app.render_json(request, {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest(),
                                         "type": request.headers.get("Content-Type", "")}, status_code=201)

    @app.get("/cookies/")
    def cookies(request):
        return app.render_json(request, request.COOKIES)

    @app.get("/set-cookie/")
    def set_cookie(request):
        resp = text(request, "set")
        resp.set_cookie("flavour", request.GET.get("flavour", "oatmeal"), max_age=600, httponly=True, samesite="Lax")
        return resp

    @app.get("/go/")
    def go(request):  # a redirect to a local path the client chose: the open-redirect and CRLF case
        target = request.GET.get("next", "/")
        if not target.startswith("/") or target.startswith("//"):
            return text(request, "Only local paths", 400)
        try:
            return app.redirect(request, target, status_code=303)
        except ValueError:  # control characters: itty3 refuses to put them in a header
            return text(request, "Bad redirect target", 400)

    @app.get("/echo-header/")
    def echo_header(request):  # a request header copied into a response header: the injection case
        resp = text(request, "echoed")
        try:
            resp.set_header("X-Echo", request.headers.get("X-Echo", ""))
        except ValueError:
            return text(request, "Bad header value", 400)
        return resp

    @app.get("/stream/")
    def stream(request):
        def chunks():
            for n in range(3):
                yield f"chunk {n}\n"
        return HttpResponse(chunks(), content_type=PLAIN)

    @app.get("/teapot/")
    def teapot(request):
        raise HttpError(418, "No coffee here")

    @app.get("/boom/")
    def boom(request):  # a bug: the one route whose answer is a 500 (never requested by the soak)
        raise RuntimeError("this view is broken")

    return app


app = make_app()


# ---------------------------------------------------------------- the traffic
UUID = "12345678-1234-5678-1234-567812345678"
BOUNDARY = "itty3soakboundary"
MULTIPART = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n"
             f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n"
             f"Content-Type: application/octet-stream\r\n\r\n{'x' * 8000}\r\n--{BOUNDARY}--\r\n")
MANY_COOKIES = "; ".join(f"c{n}=value{n}" for n in range(50))

# (method, path, headers, body): the benign mix, every answer a 2xx.
BENIGN = [
    ("GET", "/", {}, None),
    ("GET", "/json/", {}, None),
    ("GET", "/users/42/", {}, None),
    ("GET", f"/items/{UUID}/", {}, None),
    ("GET", "/price/9.99/", {}, None),
    ("GET", "/static/css/default.css", {}, None),
    ("POST", "/form/", {"Content-Type": "application/x-www-form-urlencoded"}, "name=ada&lang=python&lang=c"),
    ("POST", "/api/echo/", {"Content-Type": "application/json"}, json.dumps({"text": "hello", "n": [1, 2, 3]})),
    ("POST", "/upload/", {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}, MULTIPART),
    ("GET", "/cookies/", {"Cookie": MANY_COOKIES}, None),
    ("GET", "/search/?q=wsgi&q=itty3&page=2", {}, None),
]  # no HEAD: wrk reads a HEAD answer's Content-Length as a body to wait for (the lessons test HEAD)

# Raw requests, each a whole HTTP/1.1 message as the client sends it (framing and all). Each asks
# for `Connection: close`: a request that lies about its length would otherwise eat the next one.
def _raw(line, headers=(), body=""):
    head = "".join(f"{h}\r\n" for h in headers)
    return f"{line}\r\nHost: 127.0.0.1\r\nConnection: close\r\n{head}\r\n{body}"

HOSTILE = [
    _raw("GET /static/../app.py HTTP/1.1"),
    _raw("GET /static/%2e%2e/app.py HTTP/1.1"),
    _raw("GET /static/..%2fapp.py HTTP/1.1"),
    _raw("GET /static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd HTTP/1.1"),
    _raw("GET /go/?next=/%0d%0aSet-Cookie:%20evil=1 HTTP/1.1"),
    _raw("GET /go/?next=//evil.example/ HTTP/1.1"),
    _raw("GET /echo-header/ HTTP/1.1", ["X-Echo: a\x7fb"]),
    _raw("POST /api/echo/ HTTP/1.1", ["Content-Type: application/json", "Content-Length: 5"], "{oops"),
    _raw("POST /api/echo/ HTTP/1.1", ["Content-Type: application/json", "Content-Length: 20000"], "[" * 20000),
    _raw("POST /api/echo/ HTTP/1.1", ["Content-Type: application/json; charset=bogus", "Content-Length: 2"], "{}"),
    _raw("GET /search/?" + "&".join(f"f{n}=x" for n in range(2000)) + " HTTP/1.1"),
    _raw("GET /%ff%fe/ HTTP/1.1"),
    _raw("GET /users/99999999999999999999999999999999/ HTTP/1.1"),
    _raw("GET /cookies/ HTTP/1.1", ["Cookie: " + "; ".join(f"k{n}=\"\\{n % 8}{n % 8}{n % 8}" for n in range(400))]),
    _raw("DELETE / HTTP/1.1"),
    _raw("GET /static/css/default.css HTTP/1.1", ["Range: bytes=99999999-"]),
    _raw("GET /static/css/default.css HTTP/1.1", ["Range: bytes=" + ",".join(f"{n}-{n}" for n in range(500))]),
    _raw("POST /form/ HTTP/1.1", ["Content-Length: 99999999999999999999999"]),
    _raw("POST /form/ HTTP/1.1", ["Content-Length: -1"]),
    _raw("POST /form/ HTTP/1.1", ["Content-Length: 4", "Transfer-Encoding: chunked"], "0\r\n\r\n"),
    _raw("POST /form/ HTTP/1.1", ["Content-Type: application/x-www-form-urlencoded; charset=rot13", "Content-Length: 3"], "a=b"),
    _raw("GET /teapot/ HTTP/1.1"),
    _raw("GET / HTTP/1.1", ["Host: evil.example"]),
    "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 not http at all\r\n\r\n",
    "GET /\x00/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nX-Bad: a\rb\r\n\r\n",
]

LUA = r"""
-- generated by bench/soak.py
local reqs = %(requests)s
local i = 0
counts, leaks, injected = {}, 0, 0
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) i = math.random(#reqs) - 1 end
function request() i = i %% #reqs + 1; return reqs[i] end
function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
  if body and (string.find(body, "%(secret)s", 1, true) or string.find(body, "root:x:0:0", 1, true)) then leaks = leaks + 1 end
  for name, value in pairs(headers) do
    if string.lower(name) == "set-cookie" and string.find(value, "evil", 1, true) then injected = injected + 1 end
  end
end
function done(summary, latency, requests)
  local total, sleaks, sinj = {}, 0, 0
  for _, t in ipairs(threads) do
    for status, n in pairs(t:get("counts")) do total[tostring(status)] = (total[tostring(status)] or 0) + n end
    sleaks = sleaks + t:get("leaks"); sinj = sinj + t:get("injected")
  end
  local parts = {}
  for status, n in pairs(total) do table.insert(parts, string.format('"%%s": %%d', status, n)) end
  io.write(string.format('SOAKJSON {"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p99_us": %%d, ' ..
    '"errors": {"connect": %%d, "read": %%d, "write": %%d, "timeout": %%d}, "statuses": {%%s}, "leaks": %%d, "injected": %%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout,
    table.concat(parts, ", "), sleaks, sinj))
end
"""


def _lua_string(text):
    "A Lua string literal holding `text` byte for byte."
    return '"' + "".join(c if c.isalnum() or c in " /-_.:=&?;,%[]{}()+*'" else f"\\{ord(c):03d}" for c in text) + '"'


def _wire(method, path, headers, body):
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"] + [f"{k}: {v}" for k, v in headers.items()]
    if body is not None:
        lines.append(f"Content-Length: {len(body.encode())}")
    return "\r\n".join(lines) + "\r\n\r\n" + (body or "")


def write_lua(folder, name, raw_requests):
    path = os.path.join(folder, f"{name}.lua")
    table = "{\n" + ",\n".join(_lua_string(r) for r in raw_requests) + "\n}"
    with open(path, "w") as f:
        f.write(LUA % {"requests": table, "secret": SECRET_MARK})
    return path


def run_wrk(port, script, seconds, connections, threads=1, timeout=5):
    "Run wrk; its Lua `done()` prints one JSON line, returned as a dict (plus wrk's own text under `text`)."
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", f"--timeout={timeout}s", "-s", script,
           f"http://127.0.0.1:{port}/"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60)
    found = re.search(r"^SOAKJSON (.*)$", done.stdout, re.M)
    if not found:
        raise RuntimeError(f"wrk gave no result: {done.stdout}\n{done.stderr}")
    result = json.loads(found[1])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


# ---------------------------------------------------------------- the servers
def _serve_builtin(port):
    "Run the built-in development server for `app`, quietly (no access log), until SIGTERM."
    import logging
    from itty3.server import make_server
    server = make_server(app, "127.0.0.1", port, handler_class=app.reset_logging(logging.WARNING))
    signal.signal(signal.SIGTERM, lambda *a: (_ for _ in ()).throw(KeyboardInterrupt))
    print(f"PORT {server.server_port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


SERVERS = {
    "gunicorn-sync": ([sys.executable, "-m", "gunicorn", "--chdir", BENCH, "--bind", "127.0.0.1:0", "--workers", "2",
                       "--log-level", "warning", "--error-logfile", "-", "soak:app"], r"Listening at: http://127\.0\.0\.1:(\d+)"),
    "gunicorn-gthread": ([sys.executable, "-m", "gunicorn", "--chdir", BENCH, "--bind", "127.0.0.1:0", "--workers", "2",
                          "--worker-class", "gthread", "--threads", "4", "--log-level", "warning", "--error-logfile", "-",
                          "soak:app"], r"Listening at: http://127\.0\.0\.1:(\d+)"),
    "waitress": ([sys.executable, "-m", "waitress", "--listen=127.0.0.1:0", "--threads=4", "soak:app"],
                 r"Serving on http://127\.0\.0\.1:(\d+)"),
    "itty3 built-in": ([sys.executable, os.path.abspath(__file__), "--serve-builtin"], r"^PORT (\d+)"),
}


class Server:
    "A server process on a free loopback port: started, its port read from its output, stopped in `close()`."
    def __init__(self, name):
        cmd, pattern = SERVERS[name]
        if name == "gunicorn-sync" or name == "gunicorn-gthread":  # gunicorn logs "Listening at" at info
            cmd = [c if c != "warning" else "info" for c in cmd]
        self.name, self.output, found = name, [], []
        self.proc = subprocess.Popen(cmd, cwd=BENCH, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                     env={**os.environ, "PYTHONUNBUFFERED": "1"}, start_new_session=True)
        def read():
            for line in self.proc.stdout:
                self.output.append(line)
                m = re.search(pattern, line)
                if m and not found:
                    found.append(int(m[1]))
        self.reader = threading.Thread(target=read, daemon=True)
        self.reader.start()
        deadline = time.monotonic() + 30
        while not found and time.monotonic() < deadline and self.proc.poll() is None:
            time.sleep(0.05)
        if not found:
            self.close()
            raise RuntimeError(f"{name} did not start:\n{''.join(self.output)}")
        self.port = found[0]

    def pids(self):
        "The server's processes: the one started and its children (gunicorn's workers)."
        pids = [self.proc.pid]
        try:
            with open(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children") as f:
                pids += [int(p) for p in f.read().split()]
        except OSError:
            pass
        return pids

    def usage(self):
        "`(RSS in KiB, open fds, process count)`, summed over the server's processes."
        rss = fds = 0
        pids = self.pids()
        for pid in pids:
            with open(f"/proc/{pid}/status") as f:
                rss += int(re.search(r"^VmRSS:\s+(\d+) kB", f.read(), re.M)[1])
            fds += len(os.listdir(f"/proc/{pid}/fd"))
        return rss, fds, len(pids)

    def close(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.reader.join(5)


# ---------------------------------------------------------------- the run
def _status_counts(result):
    return {k: result["statuses"][k] for k in sorted(result["statuses"])}


def _fivexx(result):
    return sum(n for status, n in result["statuses"].items() if status.startswith("5"))


def _socket_errors(result):
    return sum(result["errors"].values())


def _soak_mix(port, benign, hostile, seconds):
    "Both wrk processes at once: `(benign result, hostile result)`."
    out = {}
    def hostile_run():
        out["hostile"] = run_wrk(port, hostile, seconds, 1)
    t = threading.Thread(target=hostile_run)
    t.start()
    benign_result = run_wrk(port, benign, seconds, 9)
    t.join()
    return benign_result, out["hostile"]


def measure(names, load_seconds, levels, soak_seconds, warmup_seconds=30, say=print):
    results = {}
    with tempfile.TemporaryDirectory(prefix="itty3-soak-") as folder:
        benign = write_lua(folder, "benign", [_wire(*r) for r in BENIGN])
        hostile = write_lua(folder, "hostile", HOSTILE)
        for name in names:
            server = Server(name)
            try:
                say(f"{name}: port {server.port}, warming up")
                run_wrk(server.port, benign, max(2, load_seconds), 8)
                load = {}
                for c in levels:
                    load[c] = run_wrk(server.port, benign, load_seconds, c, threads=min(2, c))
                    say(f"{name} c={c}: {load[c]['rps']:.0f} req/s, p99 {load[c]['p99_us'] / 1000:.1f} ms, "
                        f"statuses {_status_counts(load[c])}, errors {load[c]['errors']}")
                # The soak's own mix first, unmeasured: allocator arenas, caches and pools fill up to
                # their working size, so that growth from here on means a leak, not a warm-up.
                _soak_mix(server.port, benign, hostile, warmup_seconds)
                time.sleep(2)
                start = server.usage()
                say(f"{name}: soak {soak_seconds} s, start RSS {start[0]} KiB, {start[1]} fds")
                samples, stop = [], threading.Event()
                def sample():
                    while not stop.wait(15):
                        samples.append(server.usage()[0])
                sampler = threading.Thread(target=sample, daemon=True)
                sampler.start()
                soak, hostile_result = _soak_mix(server.port, benign, hostile, soak_seconds)
                stop.set(); sampler.join()
                out = {"hostile": hostile_result}
                time.sleep(2)  # let the last connections close
                end = server.usage()
                say(f"{name}: end RSS {end[0]} KiB, {end[1]} fds; benign {soak['requests']} "
                    f"{_status_counts(soak)} errors {soak['errors']}; hostile {out['hostile']['requests']} "
                    f"{_status_counts(out['hostile'])} errors {out['hostile']['errors']}")
                results[name] = dict(load=load, soak=soak, hostile=out["hostile"], start=start, end=end, samples=samples,
                                     alive=server.proc.poll() is None, output="".join(server.output))
            finally:
                server.close()
    return results


def verdicts(r):
    "The pass criteria, each `(what, passed)`."
    rss_growth = r["end"][0] - r["start"][0]
    return [
        ("zero 5xx on benign traffic", all(_fivexx(x) == 0 for x in [r["soak"], *r["load"].values()])),
        ("zero socket errors on benign traffic", all(_socket_errors(x) == 0 for x in [r["soak"], *r["load"].values()])),
        ("zero 5xx on hostile traffic", _fivexx(r["hostile"]) == 0),
        ("nothing from outside the static root, no injected header", r["hostile"]["leaks"] + r["hostile"]["injected"]
         + r["soak"]["leaks"] + r["soak"]["injected"] == 0),
        (f"RSS growth under 2 MiB ({rss_growth:+d} KiB)", rss_growth < 2048),
        (f"no file-descriptor growth ({r['start'][1]} -> {r['end'][1]})", r["end"][1] <= r["start"][1]),
        ("server still running", r["alive"]),
    ]


def _versions():
    import importlib.metadata as md
    out = {"itty3": itty3.get_version(), "Python": platform.python_version()}
    for pkg in ("gunicorn", "waitress"):
        try:
            out[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            out[pkg] = "not installed"
    out["wrk"] = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split(" [")[0].removeprefix("wrk ").strip()
    return out


def _machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = re.search(r"^model name\s*:\s*(.*)$", f.read(), re.M)[1]
    except (OSError, TypeError):
        pass
    with open("/proc/meminfo") as f:
        mem = int(re.search(r"^MemTotal:\s+(\d+)", f.read(), re.M)[1]) // (1024 * 1024)
    return f"{platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu}), {mem} GiB"


def report(results, args, elapsed):
    from itty3.server import ThreadingWSGIServer  # the report's sentence on its backlog; the app never needs the server
    ms = lambda us: f"{us / 1000:.2f}"
    lines = ["# Reliability: load and soak", "",
             f"Written by `python bench/soak.py{' ' + ' '.join(sys.argv[1:]) if sys.argv[1:] else ''}` on "
             f"{datetime.date.today().isoformat()} ({elapsed / 60:.0f} minutes).", "",
             f"- Machine: {_machine()}; loopback only; wrk and the server share the cores.",
             "- Versions: " + ", ".join(f"{k} {v}" for k, v in _versions().items()) + ".",
             "- Servers: gunicorn sync (2 workers), gunicorn gthread (2 workers x 4 threads), waitress (4 threads), "
             "itty3's built-in development server (a thread per connection), each on a free port of 127.0.0.1.",
             "- The app: `bench/soak.py`'s `make_app()` (every route type, forms, JSON, uploads, cookies, "
             "redirects, errors, static files); the robustness lessons fuzz and attack the same app.",
             f"- Benign mix ({len(BENIGN)} requests in turn): " + ", ".join(f"`{m} {p}`" for m, p, _, _ in BENIGN) + ".",
             f"- Hostile mix ({len(HOSTILE)} raw requests in turn): traversal (plain, encoded, to /etc/passwd), CRLF "
             "and control characters aimed at response headers, an open redirect, invalid, deep and mis-encoded JSON, "
             "2,000 query fields, a non-UTF-8 path, 400 quoted cookies, 500 ranges, an unsatisfiable range, oversized "
             "and negative Content-Length, Content-Length with chunked (smuggling), a TLS hello, a NUL in the path, "
             "a bare CR in a header.", "",
             f"## Load (`wrk`, {args.load} s per level, benign mix)", "",
             "| server | connections | requests/s | p50 ms | p99 ms | statuses | socket errors |",
             "|---|---:|---:|---:|---:|---|---:|"]
    for name, r in results.items():
        for c, x in r["load"].items():
            lines.append(f"| {name} | {c} | {x['rps']:.0f} | {ms(x['p50_us'])} | {ms(x['p99_us'])} | "
                         f"{', '.join(f'{k}: {v}' for k, v in _status_counts(x).items())} | {_socket_errors(x)} |")
    lines += ["", f"The built-in server queues up to {ThreadingWSGIServer.request_queue_size:,} connections "
              "waiting to be accepted (socketserver's default of 5 dropped the connection attempts of a burst, and the "
              "client's TCP retried them a second later: before it was raised, p99 was 0.6 s at 16 connections and 2.5 s "
              "at 64). It runs a thread per connection in one process, sharing one interpreter lock: a development "
              "server, not built for throughput."]
    lines += ["", f"## Soak ({args.soak} s per server after {args.warmup} s of the same mix unmeasured: "
              "9 benign connections and 1 hostile, at once)", "",
              "| server | benign requests (req/s) | benign p50 / p99 ms | benign statuses | benign socket errors "
              "| hostile requests (share) | hostile statuses | hostile socket errors | RSS KiB start -> end | fds start -> end |",
              "|---|---:|---:|---|---:|---:|---|---:|---:|---:|"]
    rss_rows = []
    for name, r in results.items():
        s, h = r["soak"], r["hostile"]
        share = h["requests"] / max(1, h["requests"] + s["requests"])
        lines.append(f"| {name} | {s['requests']} ({s['rps']:.0f}) | {ms(s['p50_us'])} / {ms(s['p99_us'])} | "
                     f"{', '.join(f'{k}: {v}' for k, v in _status_counts(s).items())} | {_socket_errors(s)} | "
                     f"{h['requests']} ({share:.0%}) | {', '.join(f'{k}: {v}' for k, v in _status_counts(h).items())} | "
                     f"{_socket_errors(h)} | {r['start'][0]} -> {r['end'][0]} ({r['end'][0] - r['start'][0]:+d}) | "
                     f"{r['start'][1]} -> {r['end'][1]} |")
        rss_rows.append(f"- {name}: " + ", ".join(str(kib) for kib in [r["start"][0], *r["samples"], r["end"][0]]))
    lines += ["", "RSS (KiB, all of the server's processes) at the start, every 15 s, and at the end of the soak:", "", *rss_rows]
    lines += ["", "Hostile socket errors are expected: a server closes the connection after a request it cannot "
              "parse (that is the right answer), and wrk counts the close.", "", "## Verdict", ""]
    ok = True
    for name, r in results.items():
        checks = verdicts(r)
        ok &= all(passed for _, passed in checks)
        lines.append(f"- **{name}**: " + "; ".join(f"{what}: {'pass' if passed else 'FAIL'}" for what, passed in checks))
    lines += ["", f"Overall: **{'pass' if ok else 'FAIL'}**.", ""]
    return "\n".join(lines), ok


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--load", type=int, default=5, help="seconds per load level (default 5)")
    parser.add_argument("--levels", default="1,16,64", help="connection counts for the load (default 1,16,64)")
    parser.add_argument("--soak", type=int, default=180, help="seconds of soak per server (default 180)")
    parser.add_argument("--warmup", type=int, default=30, help="seconds of the soak mix before the soak's start is measured (default 30)")
    parser.add_argument("--only", help="comma-separated servers: " + ", ".join(SERVERS))
    parser.add_argument("--out", default=os.path.join(BENCH, "RELIABILITY.md"), help="the report (default bench/RELIABILITY.md)")
    parser.add_argument("--serve-builtin", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_builtin:
        return _serve_builtin(0)
    names = args.only.split(",") if args.only else list(SERVERS)
    started = time.monotonic()
    results = measure(names, args.load, [int(c) for c in args.levels.split(",")], args.soak, args.warmup,
                      say=lambda line: print(line, flush=True))
    text, ok = report(results, args, time.monotonic() - started)
    with open(args.out, "w") as f:
        f.write(text)
    print(text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
