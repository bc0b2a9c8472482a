"""Side-by-side, in-process benchmark of itty3 against a bare WSGI function, Bottle, Falcon and Flask.

    python bench/run.py            # full run, writes bench/RESULTS.md
    python bench/run.py --tiny     # smoke run: every scenario once, answers checked, nothing written

Each framework runs in its own process; rounds are interleaved; every framework's answer is
checked before timing. Reported: median microseconds per request and ratios (lower is faster).
"""
import io, json, os, platform, statistics, subprocess, sys, time

SCENARIOS = {  # name: (method, path, query, body)
    "hello": ("GET", "/", "", b""),
    "param": ("GET", "/users/42/", "", b""),
    "static100": ("GET", "/plain/99/", "", b""),
    "dynamic100": ("GET", "/typed/99/7/", "", b""),
    "query": ("GET", "/search", "q=hello&page=2", b""),
    "json_post": ("POST", "/items/", "", b'{"name": "pen"}'),
    "not_found": ("GET", "/nowhere/", "", b""),
}
FRAMEWORKS = ["floor", "itty3", "bottle", "falcon", "flask"]

def environ(method, path, query, body):
    env = {"REQUEST_METHOD": method, "SCRIPT_NAME": "", "PATH_INFO": path, "QUERY_STRING": query,
           "SERVER_NAME": "localhost", "SERVER_PORT": "80", "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_HOST": "localhost",
           "wsgi.version": (1, 0), "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr,
           "wsgi.multithread": False, "wsgi.multiprocess": False, "wsgi.run_once": False}
    if body:
        env.update(CONTENT_TYPE="application/json", CONTENT_LENGTH=str(len(body)))
    return env

def call(app, template, body):
    env = dict(template); env["wsgi.input"] = io.BytesIO(body)
    sent = []
    result = app(env, lambda status, headers, exc_info=None: sent.append(status))
    try:
        content = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return int(sent[0][:3]), content

def worker(name, n):
    "In a child process: build `name`'s app, check answers, time each scenario; print JSON."
    sys.path.insert(0, os.path.dirname(__file__))
    from apps import build
    app = build(name)
    out = {}
    for scenario, (method, path, query, body) in SCENARIOS.items():
        template = environ(method, path, query, body)
        if name == "floor" and scenario != "hello":
            continue
        answer = call(app, template, body)
        start = time.perf_counter()
        for _ in range(n):
            call(app, template, body)
        out[scenario] = {"us": (time.perf_counter() - start) / n * 1e6, "status": answer[0],
                         "body": answer[1].decode("latin-1") if answer[0] != 404 else ""}
    print(json.dumps(out))

def available(name):
    return name in ("floor", "itty3") or subprocess.run([sys.executable, "-c", f"import {name}"], capture_output=True).returncode == 0

def main():
    tiny = "--tiny" in sys.argv
    rounds, n = (1, 5) if tiny else (5, 3000)
    names = [f for f in FRAMEWORKS if available(f)]
    for f in set(FRAMEWORKS) - set(names):
        print(f"skipped {f}: not installed (pip install -e '.[bench]')")
    runs = {f: [] for f in names}
    for _ in range(rounds):  # interleaved: every framework once per round
        for f in names:
            proc = subprocess.run([sys.executable, __file__, "--worker", f, str(n)], capture_output=True, text=True, check=True)
            runs[f].append(json.loads(proc.stdout))
    ok = True
    for scenario in SCENARIOS:
        answers = {f: (runs[f][0][scenario]["status"], runs[f][0][scenario]["body"]) for f in names if scenario in runs[f][0]}
        if len(set(answers.values())) != 1:
            ok = False
            print(f"ANSWERS DIFFER in {scenario}: {answers}")
    if not ok:
        sys.exit(1)
    if tiny:
        print(f"bench: {len(names)} frameworks x {len(SCENARIOS)} scenarios, answers equal")
        return
    med = {f: {s: statistics.median(r[s]["us"] for r in runs[f]) for s in runs[f][0]} for f in names}
    lines = ["# Benchmark results", "", f"Date: {time.strftime('%Y-%m-%d')}; machine: {platform.platform()}, "
             f"{os.cpu_count()} CPUs; Python {platform.python_version()}; versions: " + ", ".join(
             f"{f} {__import__('importlib.metadata').metadata.version(f)}" for f in names if f not in ("floor", "itty3")), "",
             f"Median µs per request over {rounds} interleaved rounds of {n} requests, each framework in its own process;",
             "in brackets the ratio to itty3 (above 1: slower than itty3). Floor: a bare WSGI function answering `hello`.", "",
             "| scenario | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for s in SCENARIOS:
        row = [f"{med[f][s]:.2f} ({med[f][s] / med['itty3'][s]:.2f})" if s in med[f] else "" for f in names]
        lines.append(f"| {s} | " + " | ".join(row) + " |")
    lines += ["", f"itty3 `hello` is {med['itty3']['hello'] / med['floor']['hello']:.1f}x the bare WSGI floor.", ""]
    lines += routing_scaling() + import_times(names)
    report = "\n".join(lines) + "\n"
    open(os.path.join(os.path.dirname(__file__), "RESULTS.md"), "w").write(report)
    print(report)

def routing_scaling():
    "Routing time for the first and last route at 10..10,000 routes (itty3's Router alone)."
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from itty3.routing import Route, Router
    lines = ["## Routing time vs route count (itty3 `Router.match`, µs)", "",
             "| routes | plain first | plain last | typed first | typed last |", "|---|---|---|---|---|"]
    for count in (10, 100, 1000, 10000):
        plain = Router([Route("GET", f"/plain/{i}/", print) for i in range(count)])
        typed = Router([Route("GET", f"/typed/{i}/<int:x>/", print) for i in range(count)])
        cells = []
        for router, path in ((plain, "/plain/0/"), (plain, f"/plain/{count - 1}/"), (typed, "/typed/0/5/"), (typed, f"/typed/{count - 1}/5/")):
            router.match("GET", path)
            start = time.perf_counter()
            for _ in range(20000):
                router.match("GET", path)
            cells.append(f"{(time.perf_counter() - start) / 20000 * 1e6:.2f}")
        lines.append(f"| {count} | " + " | ".join(cells) + " |")
    return lines + [""]

def import_times(names):
    "Whole-process `import X` against `python -c pass`, bytecode cached, median of interleaved runs."
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    mods = ["pass"] + [f"import {f}" for f in names if f != "floor"]
    times = {m: [] for m in mods}
    for _ in range(15):
        for m in mods:
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", m], env=env, check=True)
            times[m].append(time.perf_counter() - start)
    base = statistics.median(times["pass"])
    return ["## Import time (ms over `python -c pass`)", "", "| package | +ms |", "|---|---|"] + [
        f"| {m[7:]} | {(statistics.median(times[m]) - base) * 1000:.1f} |" for m in mods[1:]] + [""]

if __name__ == "__main__":
    if "--worker" in sys.argv:
        worker(sys.argv[2], int(sys.argv[3]))
    else:
        main()
