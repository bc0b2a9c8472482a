# The static assets guide: files in static_media/ are served at /static/.
# Run it from this directory:
#
#     python app.py
import itty3


app = itty3.App()


@app.get("/")
def index(request):
    return app.render(
        request,
        '<html><head><link rel="stylesheet" href="/static/css/default.css"></head>'
        "<body><h1>Static assets</h1>"
        '<script src="/static/js/index.js"></script></body></html>',
    )


if __name__ == "__main__":
    app.run(
        # Any other args you might have here, then...
        static_url_path="/static/",
        static_root="static_media",
    )
