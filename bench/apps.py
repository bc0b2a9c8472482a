"""The same small app in each framework: hello, a typed parameter, 100 plain and 100 typed routes, a query, a JSON POST."""
import json

def build(name):
    return globals()[f"_{name}"]()

def _floor():
    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "13")])
        return [b"Hello, world!"]
    return app

def _itty3():
    import itty3
    app = itty3.App()
    text = lambda request, body: app.render(request, body, content_type="text/plain")
    app.add_route("GET", "/", lambda r: text(r, "Hello, world!"))
    app.add_route("GET", "/users/<int:user_id>/", lambda r, user_id: text(r, f"user {user_id}"))
    for i in range(100):
        app.add_route("GET", f"/plain/{i}/", lambda r, i=i: text(r, f"plain {i}"))
        app.add_route("GET", f"/typed/{i}/<int:x>/", lambda r, x, i=i: text(r, f"typed {i} {x}"))
    app.add_route("GET", "/search", lambda r: text(r, f"{r.GET.get('q')} {r.GET.get('page')}"))
    app.add_route("POST", "/items/", lambda r: app.render(r, json.dumps({"got": r.json()}), 201, "application/json"))
    return app

def _bottle():
    import bottle
    app = bottle.Bottle()
    def text(body):
        bottle.response.content_type = "text/plain"
        return body
    app.route("/", callback=lambda: text("Hello, world!"))
    app.route("/users/<user_id:int>/", callback=lambda user_id: text(f"user {user_id}"))
    for i in range(100):
        app.route(f"/plain/{i}/", callback=lambda i=i: text(f"plain {i}"))
        app.route(f"/typed/{i}/<x:int>/", callback=lambda x, i=i: text(f"typed {i} {x}"))
    app.route("/search", callback=lambda: text(f"{bottle.request.query.get('q')} {bottle.request.query.get('page')}"))
    def create():
        bottle.response.status = 201
        bottle.response.content_type = "application/json"
        return json.dumps({"got": bottle.request.json})
    app.route("/items/", "POST", create)
    return app

def _falcon():
    import falcon
    app = falcon.App()
    class Text:
        def __init__(self, make): self.make = make
        def on_get(self, req, resp, **kwargs):
            resp.content_type, resp.text = "text/plain", self.make(req, **kwargs)
    class Items:
        def on_post(self, req, resp):
            resp.status, resp.content_type = falcon.HTTP_201, "application/json"
            resp.text = json.dumps({"got": req.get_media()})
    app.add_route("/", Text(lambda req: "Hello, world!"))
    app.add_route("/users/{user_id:int}/", Text(lambda req, user_id: f"user {user_id}"))
    for i in range(100):
        app.add_route(f"/plain/{i}/", Text(lambda req, i=i: f"plain {i}"))
        app.add_route(f"/typed/{i}/{{x:int}}/", Text(lambda req, x, i=i: f"typed {i} {x}"))
    app.add_route("/search", Text(lambda req: f"{req.get_param('q')} {req.get_param('page')}"))
    app.add_route("/items/", Items())
    return app

def _flask():
    import flask
    app = flask.Flask("bench")
    text = lambda body: flask.Response(body, content_type="text/plain")
    app.add_url_rule("/", "hello", lambda: text("Hello, world!"))
    app.add_url_rule("/users/<int:user_id>/", "user", lambda user_id: text(f"user {user_id}"))
    for i in range(100):
        app.add_url_rule(f"/plain/{i}/", f"plain{i}", lambda i=i: text(f"plain {i}"))
        app.add_url_rule(f"/typed/{i}/<int:x>/", f"typed{i}", lambda x, i=i: text(f"typed {i} {x}"))
    app.add_url_rule("/search", "search", lambda: text(f"{flask.request.args.get('q')} {flask.request.args.get('page')}"))
    app.add_url_rule("/items/", "items", lambda: flask.Response(json.dumps({"got": flask.request.get_json()}), 201,
                                                                 content_type="application/json"), methods=["POST"])
    return app
