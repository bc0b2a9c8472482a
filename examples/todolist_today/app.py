# The tutorial's TODO list as today's itty3 writes it. The same pages and the same data file,
# with what the tutorial leaves for later done:
#
# - every item is HTML-escaped, so a TODO of `<script>` is text, not a script;
# - routes have names, and links and redirects are built with `app.url_for`, so a path is
#   written once, in its route;
# - a form that changes the list is answered with 303 See Other, which tells the browser to
#   GET the list (Post/Redirect/Get);
# - an item that does not exist is an `HttpError(404)`, with the app's own 404 page.
#
# Run it from this directory (it reads index.html and data.json from the working directory):
#
#     python app.py            or            python -m itty3 app:app
import html
import json

import itty3


app = itty3.App()


def load():
    with open("data.json") as data_file:
        return json.load(data_file)


def save(data):
    with open("data.json", "w") as data_file:
        json.dump(data, data_file, indent=4)


@app.get("/")
def index(request):
    done_form = '<li><form method="post" action="{action}"><input type="submit" value="Complete"></form>{item}</li>'
    content = "".join(
        done_form.format(action=app.url_for("mark_done", offset=offset), item=html.escape(item))
        for offset, item in enumerate(load().get("items", []))
    )
    with open("index.html") as index_file:
        page = index_file.read()
    page = page.replace("{{ create_url }}", app.url_for("create_todo"))  # before the items: their text stays text
    return app.render(request, page.replace("{{ content }}", content or "<li>Nothing to do!</li>"))


@app.post("/create/")
def create_todo(request):
    data = load()
    data["items"].append(request.POST.get("todo", "---").strip())
    save(data)
    return app.redirect(request, app.url_for("index"), status_code=303)


@app.post("/done/<int:offset>/")
def mark_done(request, offset):
    data = load()
    items = data.get("items", [])
    if not 0 <= offset < len(items):
        raise itty3.HttpError(404, "There is no such item")
    data.setdefault("done", []).append(items.pop(offset))
    save(data)
    return app.redirect(request, app.url_for("index"), status_code=303)


if __name__ == "__main__":
    app.run()
