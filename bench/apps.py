"""The same small app written in each framework the benchmark compares.

`build(name, ...)` returns a WSGI application. Every app answers:

- `GET /` -> 200 `Hello, world!` (text/plain)
- `GET /users/<int>/` -> `user <id>`
- `GET /search?q=..&page=..` -> `<q> <page>`
- `POST /items/` (a JSON body) -> 201, JSON `{"got": <the body>}`
- `GET /plain/<i>/` -> `plain <i>` and `GET /typed/<i>/<int x>/` -> `typed <i> <x>`, for `plain` and
  `typed` extra routes, registered interleaved (plain 0, typed 0, plain 1, typed 1, ...)
- `GET /static/<file>` -> the file under `static_root`, through the framework's static-file facility
- anything else -> 404

Names: `floor` (a bare WSGI function, no framework), `itty3` (the working tree), `itty3_111` (itty3
1.1.1 from PyPI, loaded from the file at `itty3_111=PATH` under the module name `itty3_111`),
`bottle`, `falcon`, `flask`. Also usable as a gunicorn factory: `apps:build('itty3')`.
"""
import json
import os

NAMES = ["floor", "itty3", "itty3_111", "bottle", "falcon", "flask"]
PEERS = ["bottle", "falcon", "flask"]


def build(name, plain=0, typed=0, static_root=None, itty3_111=None):
    "The WSGI app for framework `name` with `plain` + `typed` extra routes, serving `static_root` at /static/."
    if name not in NAMES:
        raise ValueError(f"unknown framework {name!r}: one of {', '.join(NAMES)}")
    if name == "itty3":
        import itty3
        return _itty3(itty3, plain, typed, static_root)
    if name == "itty3_111":
        return _itty3(load_itty3_111(itty3_111), plain, typed, static_root)
    return globals()[f"_{name}"](plain, typed, static_root)


def load_itty3_111(path=None):
    "itty3 1.1.1's single file `itty3.py`, loaded as the module `itty3_111` (so it cannot clash with `itty3`)."
    import importlib.util
    import sys
    if "itty3_111" in sys.modules:
        return sys.modules["itty3_111"]
    path = path or os.environ.get("BENCH_ITTY3_111")
    if not path or not os.path.isfile(path):
        raise FileNotFoundError(f"itty3 1.1.1's itty3.py not found at {path!r}")
    spec = importlib.util.spec_from_file_location("itty3_111", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["itty3_111"] = module
    spec.loader.exec_module(module)
    return module


def version(name, itty3_111=None):
    "The version of framework `name` as it is loaded."
    if name == "floor":
        return "-"
    if name == "itty3":
        import itty3
        return itty3.__version__
    if name == "itty3_111":
        return load_itty3_111(itty3_111).get_version()
    from importlib.metadata import version
    return version(name)


def _floor(plain, typed, static_root):
    "No framework: a dict of plain paths, one regex per parameterised path, the file through `wsgi.file_wrapper`."
    import re
    from urllib.parse import parse_qs
    text = [("Content-Type", "text/plain; charset=utf-8")]
    plain_paths = {f"/plain/{i}/": f"plain {i}".encode() for i in range(plain)}
    plain_paths["/"] = b"Hello, world!"
    user = re.compile(r"/users/([0-9]+)/").fullmatch
    typed_path = re.compile(r"/typed/([0-9]+)/([0-9]+)/").fullmatch

    def answer(start_response, status, body, headers=text):
        start_response(status, headers + [("Content-Length", str(len(body)))])
        return [body]

    def app(environ, start_response):
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "/")
        if method == "GET":
            if path in plain_paths:
                return answer(start_response, "200 OK", plain_paths[path])
            if path == "/search":
                query = parse_qs(environ.get("QUERY_STRING", ""))
                body = f"{query.get('q', [None])[0]} {query.get('page', [None])[0]}"
                return answer(start_response, "200 OK", body.encode())
            found = user(path)
            if found:
                return answer(start_response, "200 OK", f"user {int(found[1])}".encode())
            found = typed_path(path)
            if found and int(found[1]) < typed:
                return answer(start_response, "200 OK", f"typed {int(found[1])} {int(found[2])}".encode())
            if static_root and path.startswith("/static/"):
                name = path[len("/static/"):]
                file_path = os.path.join(static_root, name)
                if name and "/" not in name and not name.startswith(".") and os.path.isfile(file_path):
                    size = os.path.getsize(file_path)
                    start_response("200 OK", [("Content-Type", "application/octet-stream"), ("Content-Length", str(size))])
                    return environ["wsgi.file_wrapper"](open(file_path, "rb"), 64 * 1024)
        elif method == "POST" and path == "/items/":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            got = json.loads(environ["wsgi.input"].read(length))
            return answer(start_response, "201 Created", json.dumps({"got": got}).encode(), [("Content-Type", "application/json")])
        return answer(start_response, "404 Not Found", b"Not Found")
    return app


def _itty3(itty3, plain, typed, static_root):
    "itty3 as its README writes it; `itty3` is the working tree's package or 1.1.1's module."
    app = itty3.App()

    def text(request, body):
        return app.render(request, body, content_type="text/plain")

    @app.get("/")
    def index(request):
        return text(request, "Hello, world!")

    @app.get("/users/<int:user_id>/")
    def user(request, user_id):
        return text(request, f"user {user_id}")

    @app.get("/search")
    def search(request):
        return text(request, f"{request.GET.get('q')} {request.GET.get('page')}")

    @app.post("/items/")
    def create(request):
        return app.render_json(request, {"got": request.json()}, status_code=201)

    for i in range(max(plain, typed)):
        if i < plain:
            app.add_route("GET", f"/plain/{i}/", lambda request, i=i: text(request, f"plain {i}"))
        if i < typed:
            app.add_route("GET", f"/typed/{i}/<int:x>/", lambda request, x, i=i: text(request, f"typed {i} {x}"))
    if static_root:
        if hasattr(app, "serve_static"):  # the working tree: its static-file facility
            app.serve_static("/static/", static_root)
        else:  # 1.1.1: `render_static` through a route of one's own
            app.static_root = static_root
            app.add_route("GET", "/static/<any:asset_path>", lambda request, asset_path: app.render_static(request, asset_path))
    return app


def _bottle(plain, typed, static_root):
    import bottle
    app = bottle.Bottle()
    request, response = bottle.request, bottle.response

    def text(body):
        response.content_type = "text/plain"
        return body

    app.route("/", callback=lambda: text("Hello, world!"))
    app.route("/users/<user_id:int>/", callback=lambda user_id: text(f"user {user_id}"))
    app.route("/search", callback=lambda: text(f"{request.query.get('q')} {request.query.get('page')}"))

    def create():
        response.status = 201
        return {"got": request.json}  # bottle sends a dict as JSON
    app.route("/items/", "POST", create)
    for i in range(max(plain, typed)):
        if i < plain:
            app.route(f"/plain/{i}/", callback=lambda i=i: text(f"plain {i}"))
        if i < typed:
            app.route(f"/typed/{i}/<x:int>/", callback=lambda x, i=i: text(f"typed {i} {x}"))
    if static_root:
        app.route("/static/<path:path>", callback=lambda path: bottle.static_file(path, root=static_root))
    return app


def _falcon(plain, typed, static_root):
    import falcon

    class Text:
        def __init__(self, make):
            self.make = make

        def on_get(self, req, resp, **params):
            resp.content_type, resp.text = falcon.MEDIA_TEXT, self.make(req, **params)

    class Items:
        def on_post(self, req, resp):
            resp.status, resp.media = falcon.HTTP_201, {"got": req.get_media()}

    app = falcon.App()
    app.add_route("/", Text(lambda req: "Hello, world!"))
    app.add_route("/users/{user_id:int}/", Text(lambda req, user_id: f"user {user_id}"))
    app.add_route("/search", Text(lambda req: f"{req.get_param('q')} {req.get_param('page')}"))
    app.add_route("/items/", Items())
    for i in range(max(plain, typed)):
        if i < plain:
            app.add_route(f"/plain/{i}/", Text(lambda req, i=i: f"plain {i}"))
        if i < typed:
            app.add_route(f"/typed/{i}/{{x:int}}/", Text(lambda req, x, i=i: f"typed {i} {x}"))
    if static_root:
        app.add_static_route("/static", static_root)
    return app


def _flask(plain, typed, static_root):
    import flask
    # Flask's own static folder is its static-file facility (send_from_directory underneath)
    app = flask.Flask(__name__, static_folder=static_root or None, static_url_path="/static")
    request = flask.request

    def text(body):
        return flask.Response(body, mimetype="text/plain")

    app.add_url_rule("/", "hello", lambda: text("Hello, world!"))
    app.add_url_rule("/users/<int:user_id>/", "user", lambda user_id: text(f"user {user_id}"))
    app.add_url_rule("/search", "search", lambda: text(f"{request.args.get('q')} {request.args.get('page')}"))
    app.add_url_rule("/items/", "items", lambda: (flask.jsonify(got=request.get_json()), 201), methods=["POST"])
    for i in range(max(plain, typed)):
        if i < plain:
            app.add_url_rule(f"/plain/{i}/", f"plain{i}", lambda i=i: text(f"plain {i}"))
        if i < typed:
            app.add_url_rule(f"/typed/{i}/<int:x>/", f"typed{i}", lambda x, i=i: text(f"typed {i} {x}"))
    return app
