"""itty3 side by side with a bare WSGI function, itty3 1.1.1, Bottle, Falcon and Flask.

    python bench/run.py            # full run (about 15 minutes), writes bench/RESULTS.md and bench/routing.png
    python bench/run.py --quick    # the same, fewer and shorter rounds, routing up to 1,000 routes (about a minute)
    python bench/run.py --tiny     # smoke run for the test suite: every answer checked, nothing written
    python bench/run.py --only itty3,falcon --out /some/where.md

Each framework runs in its own worker process; rounds are interleaved (every framework once per
round, in a rotating order); every answer is checked before anything is timed, and the run exits
with status 1 if one differs. Timings are reported as medians and as ratios: on a shared machine
only the ratios within one run mean anything. No timing is ever asserted.
"""
import argparse
import gc
import glob
import hashlib
import io
import json
import os
import platform
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request
import zipfile
from wsgiref.util import FileWrapper

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
sys.path.insert(0, BENCH)
import apps  # noqa: E402  (bench/apps.py: the same app in each framework)

ITTY3_111_WHEEL = "itty3-1.1.1-py2.py3-none-any.whl"
STATIC_FILE, STATIC_SIZE = "big.txt", 1 << 20  # 1 MiB, ASCII: 1.1.1's render_static decodes text as UTF-8
HUGE_FILE, HUGE_SIZE = "huge.txt", 100 << 20   # for the RSS measurement

# name: the request, the extra routes of the app that answers it, and the expected answer:
# (status, body) with body bytes (exact), a dict (equal once parsed as JSON) or None (status only).
SCENARIOS = {
    "hello": dict(path="/", expect=(200, b"Hello, world!")),
    "param": dict(path="/users/42/", expect=(200, b"user 42")),
    "static100": dict(path="/plain/99/", routes=100, expect=(200, b"plain 99")),
    "dynamic100": dict(path="/typed/99/7/", routes=100, expect=(200, b"typed 99 7")),
    "query": dict(path="/search", query="q=hello&page=2", expect=(200, b"hello 2")),
    "json_post": dict(method="POST", path="/items/", body=b'{"name": "pen", "tags": ["a", "b"], "qty": 3}',
                      expect=(201, {"got": {"name": "pen", "tags": ["a", "b"], "qty": 3}})),
    "not_found": dict(path="/nowhere/", expect=(404, None)),
    "static_file": dict(path=f"/static/{STATIC_FILE}", expect=(200, "the 1 MiB file")),
}

MODES = {  # how much of everything each mode does
    "tiny": dict(rounds=1, batches=1, requests=3, route_counts=(10, 100), route_rounds=1, route_batches=1,
                 import_runs=1, wrk=None, rss_size=STATIC_SIZE, plot=False),
    "quick": dict(rounds=3, batches=3, target_ms=5, route_counts=(10, 100, 1000), route_rounds=2,
                  route_batches=2, route_target_ms=3, import_runs=5, wrk=dict(rounds=1, seconds=2, names=("floor", "itty3")),
                  rss_size=HUGE_SIZE, plot=True),
    "full": dict(rounds=15, batches=5, target_ms=20, route_counts=(10, 100, 1000, 10000), route_rounds=5,
                 route_batches=3, route_target_ms=10, import_runs=30, wrk=dict(rounds=3, seconds=5, names=None),
                 rss_size=HUGE_SIZE, plot=True),
}


def say(*parts):
    print(*parts, flush=True)


# ---------------------------------------------------------------- one request, in-process

def make_environ(method="GET", path="/", query="", body=b""):
    "A WSGI environ template for one request (`wsgi.input` is added per call)."
    env = {"REQUEST_METHOD": method, "SCRIPT_NAME": "", "PATH_INFO": path, "QUERY_STRING": query,
           "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1",
           "HTTP_HOST": "127.0.0.1", "HTTP_USER_AGENT": "itty3-bench", "HTTP_ACCEPT": "*/*",
           "wsgi.version": (1, 0), "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr, "wsgi.multithread": False,
           "wsgi.multiprocess": False, "wsgi.run_once": False, "wsgi.file_wrapper": FileWrapper}
    if body:
        env.update(CONTENT_TYPE="application/json", CONTENT_LENGTH=str(len(body)))
    return env


def _start_response(status, headers, exc_info=None):
    return None


def call(app, template, body):
    "One request: `(status, body bytes)`."
    sent = []
    env = dict(template)
    env["wsgi.input"] = io.BytesIO(body)
    result = app(env, lambda status, headers, exc_info=None: sent.append(status))
    try:
        content = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return int(sent[-1].split()[0]), content


def time_batch(app, template, body, n):
    "µs per request over `n` requests, each as a server would make it."
    BytesIO, start_response, perf = io.BytesIO, _start_response, time.perf_counter_ns
    start = perf()
    for _ in range(n):
        env = dict(template)
        env["wsgi.input"] = BytesIO(body)
        result = app(env, start_response)
        b"".join(result)
        close = getattr(result, "close", None)
        if close is not None:
            close()
    return (perf() - start) / n / 1000


# ---------------------------------------------------------------- the worker process (one per framework)

def worker(name, static_root, itty3_111):
    """Serve the parent's requests on stdin/stdout, one JSON object a line:
    `prepare` builds (or reuses) an app and answers one request once; `time` times it."""
    out = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # whatever a framework prints goes to stderr, not into the protocol

    def reply(**obj):
        out.write(json.dumps(obj) + "\n")

    try:
        reply(version=apps.version(name, itty3_111))
    except Exception as err:
        reply(error=f"{type(err).__name__}: {err}")
        return
    built, targets, sizes = {}, {}, {}
    for line in sys.stdin:
        msg = json.loads(line)
        try:
            if msg["op"] == "quit":
                break
            if msg["op"] == "prepare":
                routes, build_s = (msg["plain"], msg["typed"]), 0.0
                if routes not in built:
                    start = time.perf_counter()
                    built[routes] = apps.build(name, *routes, static_root=static_root, itty3_111=itty3_111)
                    build_s = time.perf_counter() - start
                body = msg["body"].encode("latin-1")
                template = make_environ(msg["method"], msg["path"], msg["query"], body)
                targets[msg["key"]] = (built[routes], template, body)
                status, content = call(built[routes], template, body)
                reply(status=status, sha=hashlib.sha256(content).hexdigest(), size=len(content),
                      text=content[:2000].decode("latin-1"), build_s=build_s)
            elif msg["op"] == "time":
                app, template, body = targets[msg["key"]]
                n = msg.get("requests") or sizes.get(msg["key"])
                if not n:  # calibrate: the smallest power of two whose batch takes target_ms
                    n = 1
                    while n < 1 << 20 and time_batch(app, template, body, n) * n < msg["target_ms"] * 1000:
                        n *= 2
                    sizes[msg["key"]] = n
                gc.collect()
                reply(us=[time_batch(app, template, body, n) for _ in range(msg["batches"])], n=n)
        except Exception:
            reply(error=traceback.format_exc())


class Worker:
    "The parent's handle on one framework's worker process."
    def __init__(self, name, ctx):
        self.name = name
        self.proc = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), "--worker", name, "--static-root", ctx.static_root,
             "--itty3-111", ctx.itty3_111 or ""], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ctx.tmp)

    def read(self):
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the {self.name} worker died (exit status {self.proc.wait()}); its stderr is above")
        answer = json.loads(line)
        if "error" in answer:
            raise RuntimeError(f"the {self.name} worker failed: {answer['error']}")
        return answer

    def ask(self, **msg):
        self.proc.stdin.write(json.dumps(msg) + "\n")
        self.proc.stdin.flush()
        return self.read()

    def close(self):
        try:
            self.proc.stdin.write('{"op": "quit"}\n')
            self.proc.stdin.close()
            self.proc.wait(10)
        except Exception:
            self.proc.kill()
            self.proc.wait()


# ---------------------------------------------------------------- answers, then in-process timing

def request_spec(scenario):
    s = SCENARIOS[scenario]
    return dict(method=s.get("method", "GET"), path=s["path"], query=s.get("query", ""),
                body=s.get("body", b"").decode("latin-1"), plain=s.get("routes", 0), typed=s.get("routes", 0))


def answer_ok(answer, expect):
    "Whether a worker's answer is the expected `(status, body)`."
    status, body = expect
    if answer["status"] != status:
        return False
    if body is None:
        return True
    if isinstance(body, dict):
        try:
            return json.loads(answer["text"]) == body
        except ValueError:
            return False
    return answer["sha"] == hashlib.sha256(body).hexdigest() and answer["size"] == len(body)


def check(workers, key, spec, expect, label):
    "Prepare `key` in every worker; print and return the frameworks whose answer is not `expect`."
    wrong = []
    for w in workers:
        answer = w.ask(op="prepare", key=key, **spec)
        if not answer_ok(answer, expect):
            wrong.append(w.name)
            shown = expect[1] if not isinstance(expect[1], bytes) or len(expect[1]) < 100 else f"{len(expect[1])} bytes"
            say(f"ANSWER DIFFERS: {label} on {w.name}: status {answer['status']}, "
                f"{answer['size']} bytes {answer['text'][:80]!r}; expected {expect[0]} {shown!r}")
    return wrong


def interleaved(workers, keys, rounds, timing):
    """Time every (key, worker): per round, every key, every worker in a rotating order.
    Returns {(key, name): [per-round median µs]} and {(key, name): batch size}."""
    times, sizes = {}, {}
    for r in range(rounds):
        order = workers[r % len(workers):] + workers[:r % len(workers)]
        for key in keys:
            for w in order:
                answer = w.ask(op="time", key=key, **timing)
                times.setdefault((key, w.name), []).append(statistics.median(answer["us"]))
                sizes[(key, w.name)] = answer["n"]
    return times, sizes


def timing_args(cfg, prefix=""):
    if "requests" in cfg:
        return dict(batches=cfg[prefix + "batches"], requests=cfg["requests"])
    return dict(batches=cfg[prefix + "batches"], target_ms=cfg[prefix + "target_ms"])


# ---------------------------------------------------------------- import time

def import_times(names, ctx, runs):
    "Median wall time of `python -c 'import X'` minus that of `python -c pass`, interleaved runs, ms."
    stmts = {"(python -c pass)": "pass"}
    stmts.update({n: f"import {n}" for n in names if n != "floor"})
    folder = os.path.join(ctx.tmp, "imports")  # the working directory of every run; holds itty3_111.py
    os.makedirs(folder)
    if ctx.itty3_111:
        shutil.copy(ctx.itty3_111, os.path.join(folder, "itty3_111.py"))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPROFILEIMPORTTIME")}
    env["PYTHONPYCACHEPREFIX"] = os.path.join(ctx.tmp, "pycache")  # bytecode cached, but never in the tree
    times = {k: [] for k in stmts}
    for r in range(runs + 1):  # the first round writes the bytecode caches and is not counted
        keys = list(stmts)[r % len(stmts):] + list(stmts)[:r % len(stmts)]
        for key in keys:
            start = time.perf_counter_ns()
            subprocess.run([sys.executable, "-c", stmts[key]], cwd=folder, env=env, check=True)
            if r:
                times[key].append((time.perf_counter_ns() - start) / 1e6)
    base = statistics.median(times.pop("(python -c pass)"))
    return base, {k: statistics.median(v) - base for k, v in times.items()}


# ---------------------------------------------------------------- gunicorn + wrk

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, proc, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False


def parse_wrk(text):
    def number(pattern):
        found = re.search(pattern, text)
        return float(found[1]) if found else 0.0
    socket_errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", text))
    return dict(rps=number(r"Requests/sec:\s+([0-9.]+)"), requests=int(number(r"(\d+) requests in")),
                errors=socket_errors, non2xx=int(number(r"Non-2xx or 3xx responses: (\d+)")))


def end_to_end(names, ctx, cfg):
    "`hello` under gunicorn (1 sync worker) and `wrk -t1 -c8`: {name: [per-round results]}, or a reason to skip."
    if not shutil.which("wrk"):
        return "skipped: `wrk` is not installed (apt-get install wrk)"
    if subprocess.run([sys.executable, "-c", "import gunicorn"], capture_output=True).returncode:
        return "skipped: gunicorn is not installed in this Python (pip install gunicorn)"
    names = [n for n in names if cfg["names"] is None or n in cfg["names"]]
    servers, results = {}, {n: [] for n in names}
    try:
        for name in names:
            port = free_port()
            log = open(os.path.join(ctx.tmp, f"gunicorn-{name}.log"), "wb")
            factory = f"apps:build({name!r}, itty3_111={ctx.itty3_111!r})"
            proc = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "--workers", "1", "--worker-class", "sync", "--bind", f"127.0.0.1:{port}",
                 "--pythonpath", BENCH, "--log-level", "warning", "--worker-tmp-dir", ctx.tmp, "--no-control-socket", factory],
                cwd=ctx.tmp, stdout=log, stderr=log)
            log.close()
            servers[name] = (proc, port)
        for name, (proc, port) in servers.items():
            if not wait_for_port(port, proc):
                raise RuntimeError(f"gunicorn for {name} did not start:\n" + open(os.path.join(ctx.tmp, f"gunicorn-{name}.log")).read()[-2000:])
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as answer:
                got = (answer.status, answer.read())
            if got != SCENARIOS["hello"]["expect"]:
                say(f"ANSWER DIFFERS: hello under gunicorn on {name}: {got!r}")
                ctx.failed = True
        for r in range(cfg["rounds"]):
            order = names[r % len(names):] + names[:r % len(names)]
            for name in order:
                port = servers[name][1]
                run = subprocess.run(["wrk", "-t1", "-c8", f"-d{cfg['seconds']}s", f"http://127.0.0.1:{port}/"],
                                     capture_output=True, text=True, timeout=cfg["seconds"] + 30)
                results[name].append(parse_wrk(run.stdout))
    finally:
        for proc, _ in servers.values():
            proc.terminate()
        for proc, _ in servers.values():
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    return results


# ---------------------------------------------------------------- peak RSS while serving a big file

def rss_worker(name, static_root, itty3_111, size):
    "In a child: peak RSS (KiB) before and after a request for a `size`-byte file, its body iterated, not kept."
    app = apps.build(name, static_root=static_root, itty3_111=itty3_111)
    call(app, make_environ(path="/static/small.txt"), b"")  # lazy imports and first-use work happen here
    gc.collect()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sent = []
    env = make_environ(path=f"/static/{HUGE_FILE}")
    env["wsgi.input"] = io.BytesIO(b"")
    result = app(env, lambda status, headers, exc_info=None: sent.append(status))
    total = 0
    for chunk in result:
        total += len(chunk)
    if hasattr(result, "close"):
        result.close()
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps(dict(status=int(sent[-1].split()[0]), bytes=total, before_kib=before, after_kib=after)))


def rss_growth(names, ctx, size):
    folder = os.path.join(ctx.tmp, "rss")
    os.makedirs(folder)
    with open(os.path.join(folder, "small.txt"), "wb") as f:
        f.write(b"small\n" * 100)
    block = file_block(1 << 20)
    with open(os.path.join(folder, HUGE_FILE), "wb") as f:
        for _ in range(size // len(block)):
            f.write(block)
    results = {}
    for name in names:
        run = subprocess.run([sys.executable, os.path.abspath(__file__), "--rss", name, "--static-root", folder,
                              "--itty3-111", ctx.itty3_111 or "", "--size", str(size)], capture_output=True, text=True, cwd=ctx.tmp)
        if run.returncode:
            say(f"RSS measurement failed for {name}:\n{run.stderr[-2000:]}")
            ctx.failed = True
            continue
        got = json.loads(run.stdout.splitlines()[-1])
        if (got["status"], got["bytes"]) != (200, size):
            say(f"ANSWER DIFFERS: the {size}-byte file on {name}: status {got['status']}, {got['bytes']} bytes")
            ctx.failed = True
        results[name] = got
    return results


# ---------------------------------------------------------------- setting up

def file_block(size):
    "`size` bytes of ASCII text."
    line = b"itty3 bench: the quick brown fox jumps over the lazy dog 0123456789\n"
    return (line * (size // len(line) + 1))[:size]


def fetch_itty3_111(ctx, mode):
    "Extract itty3 1.1.1's `itty3.py` from its wheel (cached in bench/results/, except by --tiny); its path or None."
    cached = os.path.join(BENCH, "results", ITTY3_111_WHEEL)
    if not os.path.isfile(cached):
        dest = os.path.join(ctx.tmp, "wheel") if mode == "tiny" else os.path.dirname(cached)  # --tiny writes nothing here
        os.makedirs(dest, exist_ok=True)
        try:
            run = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                                  "--disable-pip-version-check", "-q", "-d", dest, "itty3==1.1.1"],
                                 capture_output=True, text=True, timeout=120)
            reason = (run.stderr.strip().splitlines() or ["pip failed"])[-1] if run.returncode else "no wheel"
        except subprocess.TimeoutExpired:
            reason = "pip timed out"
        wheels = glob.glob(os.path.join(dest, "itty3-1.1.1-*.whl"))
        if not wheels:
            if mode != "tiny" and not os.listdir(dest):
                os.rmdir(dest)
            say(f"skipped itty3_111: itty3 1.1.1 could not be downloaded ({reason})")
            return None
        cached = wheels[0]
    folder = os.path.join(ctx.tmp, "itty3_111")
    os.makedirs(folder)
    with zipfile.ZipFile(cached) as wheel:
        with open(os.path.join(folder, "itty3.py"), "wb") as f:
            f.write(wheel.read("itty3.py"))
    return os.path.join(folder, "itty3.py")


def installed(name):
    return subprocess.run([sys.executable, "-c", f"import {name}"], capture_output=True).returncode == 0


def git_state():
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "itty3", "nbs"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        return f"{head}{' + uncommitted changes in itty3/ or nbs/' if dirty else ''}" if head else "unknown"
    except OSError:
        return "unknown"


class Context:
    "What a run shares: its temporary folder, the static root, itty3 1.1.1's file, whether an answer failed."
    def __init__(self, tmp):
        self.tmp, self.failed, self.itty3_111 = tmp, False, None
        self.static_root = os.path.join(tmp, "static")
        os.makedirs(self.static_root)
        self.static_bytes = file_block(STATIC_SIZE)
        with open(os.path.join(self.static_root, STATIC_FILE), "wb") as f:
            f.write(self.static_bytes)


# ---------------------------------------------------------------- the report

def fmt(x, digits=2):
    return "" if x is None else f"{x:.{digits}f}"


def spread(values):
    "Half the interquartile range, as a percentage of the median."
    if len(values) < 2:
        return ""
    q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return f" ±{(q3 - q1) / 2 / statistics.median(values) * 100:.0f}%"


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]


def report(res, cfg, mode, args):
    names, versions, med = res["names"], res["versions"], res["median"]
    lines = ["# itty3 benchmark results", "",
             f"- Date: {time.strftime('%Y-%m-%d %H:%M %Z')}; mode: `{mode}` (`python bench/run.py{' --' + mode if mode != 'full' else ''}`)",
             f"- Machine: {platform.platform()}, {platform.machine()}, {os.cpu_count()} CPUs (shared: compare ratios, not absolute numbers)",
             f"- Python {platform.python_version()} ({platform.python_implementation()})",
             f"- itty3 working tree at git {res['git']}",
             "- Versions: " + ", ".join(f"{n} {versions[n]}" for n in names if n != "floor"),
             "", "## Per request, in-process", "",
             f"Each framework in its own process; {cfg['rounds']} interleaved rounds, each the median of {cfg['batches']} batches "
             "of requests (a batch: " + (f"{cfg['requests']} requests" if "requests" in cfg else f"as many requests as take ~{cfg['target_ms']} ms")
             + "); every answer checked first. `floor` is a bare WSGI function answering the same requests with no framework. "
             "A request: a copy of a template environ, a fresh `wsgi.input`, the app called, its body joined, `close()` called.",
             "", "### µs per request (median of the rounds; ± half the interquartile range)", ""]
    rows = []
    for s in SCENARIOS:
        rows.append([f"`{s}`"] + [f"{med[s][n]:.2f}{spread(res['times'][(s, n)])}" for n in names])
    lines += table(["scenario"] + names, rows)
    if "floor" in names:
        lines += ["", "### Ratio to the floor (framework's time ÷ bare WSGI function's time; 1.0 = no overhead, higher = slower)", ""]
        lines += table(["scenario"] + [n for n in names if n != "floor"],
                       [[f"`{s}`"] + [f"{med[s][n] / med[s]['floor']:.2f}×" for n in names if n != "floor"] for s in SCENARIOS])
    if "itty3" in names:
        lines += ["", "### Ratio to itty3 (framework's time ÷ itty3's time; above 1 = slower than itty3, below 1 = faster)", ""]
        lines += table(["scenario"] + names, [[f"`{s}`"] + [f"{med[s][n] / med[s]['itty3']:.2f}" for n in names] for s in SCENARIOS])
        faster = [f"{n} in `{s}` ({med[s][n] / med[s]['itty3']:.2f})" for s in SCENARIOS for n in names
                  if n not in ("floor", "itty3") and med[s][n] < med[s]["itty3"]]
        lines += ["", "Faster than itty3: " + ("; ".join(faster) if faster else "none") + "."]

    lines += ["", "## Import time", "",
              f"Whole process `python -c \"import X\"` against `python -c pass` ({fmt(res['import_base'], 1)} ms), median of "
              f"{cfg['import_runs']} interleaved runs, bytecode cached; itty3 1.1.1 is its file, imported as `itty3_111`.", ""]
    lines += table(["package", "extra ms"], [[n, fmt(ms, 1)] for n, ms in res["imports"].items()])
    if "itty3" in res["imports"]:
        ms = res["imports"]["itty3"]
        lines += ["", f"Target for itty3: at most +25 ms. This run: +{ms:.1f} ms ({'met' if ms <= 25 else 'missed'})."]

    lines += routing_report(res, cfg)
    lines += ["", "## End to end: gunicorn + wrk", ""]
    e2e = res["e2e"]
    if isinstance(e2e, str) or not e2e:
        lines.append(e2e or "skipped in this mode")
    else:
        w = cfg["wrk"]
        lines += [f"`GET /` (`hello`) on 127.0.0.1, gunicorn with 1 sync worker per framework (all started first, then "
                  f"{w['rounds']} interleaved round(s) of `wrk -t1 -c8 -d{w['seconds']}s`). Requests/s: median of the rounds; "
                  "ratio = framework's requests/s ÷ the floor's (higher = faster; target for itty3 ≥ 0.9). "
                  "Errors: wrk's socket errors + non-2xx answers, summed over the rounds.", ""]
        rps = {n: statistics.median(r["rps"] for r in runs) for n, runs in e2e.items()}
        rows = [[n, f"{rps[n]:.0f}", fmt(rps[n] / rps["floor"]) if "floor" in rps else "",
                 sum(r["requests"] for r in e2e[n]), sum(r["errors"] for r in e2e[n]), sum(r["non2xx"] for r in e2e[n])] for n in e2e]
        lines += table(["framework", "requests/s", "ratio to floor", "requests", "socket errors", "non-2xx"], rows)
        if "itty3" in rps and "floor" in rps:
            ratio = rps["itty3"] / rps["floor"]
            lines += ["", f"itty3 ÷ floor: {ratio:.2f} (target ≥ 0.9: {'met' if ratio >= 0.9 else 'missed'})."]

    lines += ["", "## Peak RSS while serving a big static file", ""]
    size = cfg["rss_size"]
    lines += [f"A child process per framework: `ru_maxrss` before and after one request for a {size >> 20} MiB file "
              "(the body iterated chunk by chunk, not kept; `wsgi.file_wrapper` provided), after a warm-up request for a small file. "
              "Target for itty3: under 5 MiB growth.", ""]
    rows = [[n, f"{r['before_kib'] / 1024:.1f}", f"{(r['after_kib'] - r['before_kib']) / 1024:.1f}"] for n, r in res["rss"].items()]
    lines += table(["framework", "peak RSS before (MiB)", "growth (MiB)"], rows)
    if "itty3" in res["rss"]:
        growth = (res["rss"]["itty3"]["after_kib"] - res["rss"]["itty3"]["before_kib"]) / 1024
        lines += ["", f"itty3: +{growth:.1f} MiB ({'met' if growth < 5 else 'missed'})."]
    return "\n".join(lines) + "\n"


def routing_report(res, cfg):
    r_med, counts, names = res["route_median"], cfg["route_counts"], res["route_names"]
    lines = ["", "## Routing time vs route count", "",
             f"Apps with N plain routes (`/plain/<i>/`) and N typed routes (`/typed/<i>/<int:x>/`), registered interleaved, "
             f"besides the four of the other scenarios; whole requests in-process as above, µs per request, median of "
             f"{cfg['route_rounds']} interleaved rounds. First = route 0, last = route N-1. "
             f"`build s`: seconds to build the app.", ""]
    rows = []
    for n in names:
        for c in counts:
            rows.append([n, c] + [fmt(r_med[(c, kind, n)]) for kind in ROUTE_KINDS] + [fmt(res["build_s"].get((c, n)), 2)])
    lines += table(["framework", "N", "plain first", "plain last", "typed first", "typed last", "build s"], rows)
    lo, hi = counts[0], counts[-1]
    lines += ["", f"Growth from N={lo} to N={hi} (time at {hi} ÷ time at {lo}; 1.0 = flat; linear would be {hi // lo}×) "
              f"and the log-log slope over all N (0 = flat, 1 = linear):", ""]
    rows = []
    for n in names:
        row = [n]
        for kind in ("plain last", "typed last"):
            ys = [r_med[(c, kind, n)] for c in counts]
            row += [f"{ys[-1] / ys[0]:.2f}×", f"{slope(counts, ys):.2f}"]
        rows.append(row)
    lines += table(["framework", "plain last growth", "slope", "typed last growth", "slope"], rows)
    if "itty3" in names:
        plain = r_med[(hi, "plain last", "itty3")] / r_med[(lo, "plain last", "itty3")]
        typed = slope(counts, [r_med[(c, "typed last", "itty3")] for c in counts])
        lines += ["", f"Targets for itty3: plain paths flat ({hi} within 1.2× of {lo}): {plain:.2f}× "
                  f"({'met' if plain <= 1.2 else 'missed'}); typed sub-linear: slope {typed:.2f} "
                  f"({'met' if typed < 0.5 else 'missed'}, counting a slope under 0.5 as clearly sub-linear)."]
    if res.get("plot"):
        lines += ["", f"![routing time vs route count]({res['plot']})"]
    return lines


ROUTE_KINDS = ("plain first", "plain last", "typed first", "typed last")


def route_path(kind, i):
    return f"/plain/{i}/" if kind.startswith("plain") else f"/typed/{i}/7/"


def slope(xs, ys):
    import math
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = statistics.fmean(lx), statistics.fmean(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly)) / sum((a - mx) ** 2 for a in lx)


def plot(res, cfg, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        say("plot skipped: matplotlib is not installed (pip install matplotlib)")
        return None
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.5), sharey=True)
    counts = cfg["route_counts"]
    for ax, kind in zip(axes, ("plain", "typed")):
        for i, n in enumerate(res["route_names"]):
            color = f"C{i}"
            ax.plot(counts, [res["route_median"][(c, f"{kind} last", n)] for c in counts], "o-", color=color, label=f"{n} (last)")
            ax.plot(counts, [res["route_median"][(c, f"{kind} first", n)] for c in counts], "x--", color=color, alpha=0.6, label=f"{n} (first)")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("routes of each kind (N)")
        ax.set_title(f"{kind} route: /{kind}/<i>/" + ("" if kind == "plain" else "<int:x>/"))
        ax.grid(True, which="both", alpha=0.3)
    axes[0].set_ylabel("µs per request (median)")
    axes[1].legend(fontsize=7, ncol=2)
    fig.suptitle(f"Routing time vs route count ({time.strftime('%Y-%m-%d')}, shared {os.cpu_count()}-CPU machine)")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


# ---------------------------------------------------------------- the run

def run(mode="full", only=None, out=None):
    """The whole benchmark; returns the exit status (1 if any answer differed).
    `out`: the report's path (default bench/RESULTS.md; --tiny writes a report only when given one)."""
    cfg = MODES[mode]
    if out is None and mode != "tiny":
        out = os.path.join(BENCH, "RESULTS.md")
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="itty3-bench-") as tmp:
        ctx = Context(tmp)
        wanted = ["floor"] + [n for n in apps.NAMES[1:] if only is None or n in only]
        names = []
        for n in wanted:
            if n == "itty3_111":
                ctx.itty3_111 = fetch_itty3_111(ctx, mode)
                if not ctx.itty3_111:
                    continue
            elif n in apps.PEERS and not installed(n):
                say(f"skipped {n}: not installed (pip install -r bench/requirements.txt)")
                continue
            names.append(n)
        say(f"bench ({mode}): {', '.join(names)}")
        res = dict(names=names, git=git_state())
        workers = [Worker(n, ctx) for n in names]
        try:
            res["versions"] = {w.name: w.read()["version"] for w in workers}
            wrong = []
            for s in SCENARIOS:
                expect = SCENARIOS[s]["expect"]
                if s == "static_file":
                    expect = (200, ctx.static_bytes)
                wrong += check(workers, s, request_spec(s), expect, s)
            route_workers = [w for w in workers if w.name != "floor"]
            res["route_names"] = [w.name for w in route_workers]
            res["build_s"], route_keys = {}, []
            for c in cfg["route_counts"]:
                for kind in ROUTE_KINDS:
                    i = 0 if kind.endswith("first") else c - 1
                    spec = dict(method="GET", path=route_path(kind, i), query="", body="", plain=c, typed=c)
                    body = f"plain {i}" if kind.startswith("plain") else f"typed {i} 7"
                    for w in route_workers:
                        answer = w.ask(op="prepare", key=f"{c} {kind}", **spec)
                        res["build_s"][(c, w.name)] = res["build_s"].get((c, w.name)) or answer["build_s"]
                        if not answer_ok(answer, (200, body.encode())):
                            wrong.append(w.name)
                            say(f"ANSWER DIFFERS: {kind} of {c} routes on {w.name}: {answer['status']} {answer['text'][:80]!r}")
                    route_keys.append(f"{c} {kind}")
            if wrong:
                say(f"bench: answers differ ({', '.join(sorted(set(wrong)))}); nothing timed")
                return 1
            say(f"answers equal: {len(names)} frameworks x {len(SCENARIOS)} scenarios, and routing at N = "
                + ", ".join(map(str, cfg["route_counts"])))
            say(f"timing the scenarios: {cfg['rounds']} rounds")
            res["times"], _ = interleaved(workers, list(SCENARIOS), cfg["rounds"], timing_args(cfg))
            res["median"] = {s: {n: statistics.median(res["times"][(s, n)]) for n in names} for s in SCENARIOS}
            say(f"timing the routing: {cfg['route_rounds']} rounds")
            times, _ = interleaved(route_workers, route_keys, cfg["route_rounds"], timing_args(cfg, "route_"))
            res["route_median"] = {(c, kind, n): statistics.median(times[(f"{c} {kind}", n)])
                                   for c in cfg["route_counts"] for kind in ROUTE_KINDS for n in res["route_names"]}
        finally:
            for w in workers:
                w.close()
        say(f"import times: {cfg['import_runs']} runs")
        res["import_base"], res["imports"] = import_times(names, ctx, cfg["import_runs"])
        if cfg["wrk"]:
            say("gunicorn + wrk")
            res["e2e"] = end_to_end(names, ctx, cfg["wrk"])
            if isinstance(res["e2e"], str):
                say(f"gunicorn + wrk {res['e2e']}")
        else:
            res["e2e"] = f"skipped in `--{mode}` mode"
            say(f"gunicorn + wrk: {res['e2e']}")
        say(f"peak RSS: a {cfg['rss_size'] >> 20} MiB file")
        res["rss"] = rss_growth(names, ctx, cfg["rss_size"])
    if cfg["plot"] and out:
        res["plot"] = plot(res, cfg, os.path.join(os.path.dirname(os.path.abspath(out)), "routing.png"))
        if res["plot"]:
            res["plot"] = os.path.relpath(res["plot"], os.path.dirname(os.path.abspath(out)))
    text = report(res, cfg, mode, None)
    if out:
        with open(out, "w") as f:
            f.write(text)
        say(f"report: {os.path.relpath(out)}" + (f", plot: {res['plot']}" if res.get("plot") else ""))
    elif mode != "tiny":
        say(text)
    say(f"took {time.monotonic() - started:.0f} s")
    if ctx.failed:
        say("bench: answers differ")
        return 1
    say("bench: answers equal")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_const", const="quick", dest="mode", help="few rounds, small batches, routing up to 1,000 routes (about a minute)")
    size.add_argument("--tiny", action="store_const", const="tiny", dest="mode",
                      help="smoke run: every answer checked, a few requests timed, no gunicorn/wrk/plot, nothing written")
    parser.add_argument("--only", help="comma-separated frameworks (the floor is always included): " + ",".join(apps.NAMES[1:]))
    parser.add_argument("--out", help="the report's path (default bench/RESULTS.md; --tiny: none)")
    # internal: the child processes
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--rss", help=argparse.SUPPRESS)
    parser.add_argument("--static-root", help=argparse.SUPPRESS)
    parser.add_argument("--itty3-111", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return worker(args.worker, args.static_root, args.itty3_111 or None)
    if args.rss:
        return rss_worker(args.rss, args.static_root, args.itty3_111 or None, args.size)
    only = None
    if args.only:
        only = {n.strip() for n in args.only.split(",") if n.strip()}
        unknown = only - set(apps.NAMES)
        if unknown:
            parser.error(f"unknown framework(s) {', '.join(sorted(unknown))}: choose from {', '.join(apps.NAMES[1:])}")
    return run(args.mode or "full", only, args.out)


if __name__ == "__main__":
    sys.exit(main())
