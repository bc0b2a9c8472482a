"""Draw the request/response cycle as SVG: `nbs/cycle.svg`, and one copy per lesson with that lesson's part marked.

Run it from anywhere after changing the picture, and commit the SVGs it writes (the notebooks and
the docs site show the files; nothing runs this script at test time):

    python3 docs/make_cycle.py          # rewrite nbs/cycle*.svg
    python3 docs/make_cycle.py --check  # exit 1 if a committed SVG differs from what it would write

Standard library only. The SVGs are plain, hand-readable SVG 1.1: generic font families, no
external fonts, links or scripts, so they render the same in JupyterLab, on GitHub and on the site.
"""
import argparse
import pathlib
import sys
from html import escape

NBS = pathlib.Path(__file__).resolve().parent.parent / "nbs"
WIDTH, HEIGHT, CAPTION_HEIGHT = 1024, 320, 36
TOP, BOTTOM, ROW, TALL = 60, 190, 90, 220  # the two rows: the request goes right, the response comes back

# Each part of the cycle: (x, y, width, height, colour group, title, lines). A line starting with
# "`" is code (monospace); any other is prose.
PARTS = {
    "browser": (12, TOP, 110, TALL, "client", "Browser",
                ["the client:", "sends a request", "for a URL, and", "shows the", "response"]),
    "wire_request": (140, TOP, 200, ROW, "wire", "request bytes",
                     ["`GET /hello/Ada/ HTTP/1.1", "`Host: 127.0.0.1:8000", "`Cookie: seen=1"]),
    "wire_response": (140, BOTTOM, 200, ROW, "wire", "response bytes",
                      ["`HTTP/1.1 200 OK", "`Set-Cookie: seen=2", "", "`Hello, Ada!"]),
    "server": (358, TOP, 110, TALL, "server", "Server",
               ["a WSGI server:", "itty3's own,", "gunicorn or", "waitress; it", "parses bytes", "and writes", "them back"]),
    "environ": (486, TOP, 176, ROW, "wsgi", "environ (a dict)",
                ["`REQUEST_METHOD: 'GET'", "`PATH_INFO: '/hello/Ada/'", "`HTTP_COOKIE: 'seen=1'"]),
    "start_response": (486, BOTTOM, 176, ROW, "wsgi", "start_response",
                       ["`start_response(", "`  '200 OK', headers)", "`return [b'Hello, Ada!']"]),
    "request": (692, TOP, 144, ROW, "itty3", "HttpRequest",
                ["`request.method", "`request.path", "`request.COOKIES"]),
    "router": (856, TOP, 144, ROW, "itty3", "Router",
               ["finds the view:", "`/hello/<str:name>/", "`name='Ada'"]),
    "view": (856, BOTTOM, 144, ROW, "itty3", "view",
             ["your function:", "`hello(request, name)", "returns a response"]),
    "response": (692, BOTTOM, 144, ROW, "itty3", "HttpResponse",
                 ["`HttpResponse(", "`  'Hello, Ada!',", "`  status_code=200)"]),
}
# The arrows, in the order a request travels: (from, to, x1, y1, x2, y2).
MID_TOP, MID_BOTTOM = TOP + ROW // 2, BOTTOM + ROW // 2
ARROWS = [
    ("browser", "wire_request", 122, MID_TOP, 140, MID_TOP),
    ("wire_request", "server", 340, MID_TOP, 358, MID_TOP),
    ("server", "environ", 468, MID_TOP, 486, MID_TOP),
    ("environ", "request", 662, MID_TOP, 692, MID_TOP),
    ("request", "router", 836, MID_TOP, 856, MID_TOP),
    ("router", "view", 928, TOP + ROW, 928, BOTTOM),
    ("view", "response", 856, MID_BOTTOM, 836, MID_BOTTOM),
    ("response", "start_response", 692, MID_BOTTOM, 662, MID_BOTTOM),
    ("start_response", "server", 486, MID_BOTTOM, 468, MID_BOTTOM),
    ("server", "wire_response", 358, MID_BOTTOM, 340, MID_BOTTOM),
    ("wire_response", "browser", 140, MID_BOTTOM, 122, MID_BOTTOM),
]
APP = (680, 30, 332, 262)  # the App encloses the four itty3 objects

# Each lesson: the parts it marks, whether it marks the App's frame, and the sentence under the picture.
LESSONS = {
    "00_http": ({"wire_request", "wire_response", "environ"}, False,
                "00 · HTTP messages: the bytes on the wire, and the environ a server makes of them."),
    "01_routing": ({"router", "view"}, False,
                   "01 · Routing: the App's router finds the view for a method and a path."),
    "02_request": ({"environ", "request"}, False,
                   "02 · Requests: the WSGI environ becomes an HttpRequest."),
    "03_response": ({"response", "start_response", "wire_response"}, False,
                    "03 · Responses: an HttpResponse goes through start_response and becomes bytes."),
    "04_cookies": ({"wire_request", "wire_response", "request", "response"}, False,
                   "04 · Cookies: headers both ways, Set-Cookie out and Cookie back in."),
    "04a_testing": ({"browser", "wire_request", "wire_response", "server"}, False,
                    "04a · Testing: the test Client stands in for the browser and the server."),
    "05_app": ({"request", "router", "view", "response"}, True,
               "05 · The app: App(environ, start_response) ties the request, router, view and response."),
    "06_static": ({"view"}, False,
                  "06 · Static files: a view whose response is a file, streamed and cached."),
    "07_server": ({"server"}, False,
                  "07 · The server: the development server turns bytes into an environ and back."),
    "07a_cli": ({"server"}, False,
                "07a · The command line: python -m itty3 starts a server for any app."),
    "07b_browser": ({"browser"}, False,
                    "07b · The browser: a real browser drives the app, clicks and all."),
    "07c_deploy": ({"browser", "wire_request", "wire_response", "server"}, False,
                   "07c · Deploying: nginx between the browser and gunicorn, and what the app may believe."),
    "08_robustness": ({"environ", "request", "router", "view", "response", "start_response"}, True,
                      "08 · Robustness: any environ in, a valid WSGI answer out, whatever the input."),
    "08a_hostile_traffic": ({"wire_request", "wire_response", "server"}, False,
                            "08a · Hostile traffic: malformed, oversized and slow bytes against real servers."),
}

STYLE = """
  text { font-family: system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; font-size: 11.5px; fill: #24292f; }
  text.title { font-weight: bold; font-size: 13px; }
  text.code { font-family: 'DejaVu Sans Mono', Menlo, Consolas, monospace; font-size: 10.5px; }
  text.note { font-style: italic; fill: #57606a; }
  text.caption { font-weight: bold; font-size: 13px; fill: #7a2e00; }
  rect.part { stroke-width: 1.5; }
  .client rect.part { fill: #e8f0fe; stroke: #1a56db; }
  .wire rect.part { fill: #fff8e1; stroke: #b7791f; }
  .server rect.part { fill: #e6f4ea; stroke: #137333; }
  .wsgi rect.part { fill: #f3e8fd; stroke: #7e3ab3; }
  .itty3 rect.part { fill: #e0f2f1; stroke: #00695c; }
  rect.app { fill: #fafafa; stroke: #424242; stroke-width: 1.5; stroke-dasharray: 6 3; }
  line.arrow { stroke: #424242; stroke-width: 1.5; marker-end: url(#head); }
  .dim rect.part, rect.app.dim { fill: #f5f5f5; stroke: #c4c4c4; }
  .dim text, text.dim { fill: #a0a0a0; }
  line.arrow.dim { stroke: #c4c4c4; marker-end: url(#head-dim); }
  .marked rect.part, rect.app.marked { stroke: #e65100; stroke-width: 3.5; }
  line.arrow.marked { stroke: #e65100; stroke-width: 2.5; marker-end: url(#head-marked); }
  rect.caption { fill: #fff3e0; stroke: #e65100; stroke-width: 1; }
"""


def part_svg(name, marked):
    "One part: a group with its box, title and lines; `marked` is None (no lesson), True or False."
    x, y, w, h, group, title, lines = PARTS[name]
    state = "" if marked is None else (" marked" if marked else " dim")
    out = [f'  <g id="{name}" class="{group}{state}">',
           f'    <rect class="part" x="{x}" y="{y}" width="{w}" height="{h}" rx="6"/>',
           f'    <text class="title" x="{x + 8}" y="{y + 18}">{escape(title)}</text>']
    for i, line in enumerate(lines):
        if not line:  # an empty line stays empty (the one between a message's headers and its body)
            continue
        cls, text = ("code", line[1:]) if line.startswith("`") else ("", line)
        attr = f' class="{cls}" xml:space="preserve"' if cls else ""  # keep the code's indentation
        out.append(f'    <text{attr} x="{x + 8}" y="{y + 36 + 15 * i}">{escape(text)}</text>')
    return out + ["  </g>"]


def cycle_svg(lesson=None):
    "The whole picture as SVG text; with a lesson name, its parts marked and the rest dimmed."
    marked, app_marked, caption = LESSONS[lesson] if lesson else (set(), False, None)
    state = (lambda on: "" if lesson is None else (" marked" if on else " dim"))
    height = HEIGHT + (CAPTION_HEIGHT if caption else 0)
    title = "The request/response cycle" + (f", marked for lesson {caption.split(':')[0]}" if caption else "")
    desc = ("A browser sends request bytes to a server; the server parses them into a WSGI environ and calls "
            "the itty3 App, which builds an HttpRequest, lets its router find the view, calls the view, and "
            "hands the view's HttpResponse to start_response; the server writes the response bytes back to the browser.")
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
           f'viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="cycle-title cycle-desc">',
           f'  <title id="cycle-title">{escape(title)}</title>',
           f'  <desc id="cycle-desc">{escape(desc)}</desc>',
           f"  <style>{STYLE}  </style>",
           "  <defs>"]
    for marker, colour in (("head", "#424242"), ("head-dim", "#c4c4c4"), ("head-marked", "#e65100")):
        out.append(f'    <marker id="{marker}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" '
                   f'markerHeight="8" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>')
    out += ["  </defs>",
            f'  <rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
            f'  <text class="note" x="12" y="22">The request travels right, from the browser to your view →</text>',
            f'  <text class="note" x="12" y="{HEIGHT - 14}">← and the response travels back, as bytes, to the browser</text>',
            "  <!-- the App: what itty3 does between the environ and start_response -->",
            f'  <rect id="app" class="app{state(app_marked)}" x="{APP[0]}" y="{APP[1]}" width="{APP[2]}" height="{APP[3]}" rx="8"/>',
            f'  <text class="title{state(app_marked)}" x="{APP[0] + 10}" y="{APP[1] + 19}">App</text>',
            f'  <text class="code{state(app_marked)}" x="{APP[0] + 44}" y="{APP[1] + 19}">app(environ, start_response)</text>']
    for name in PARTS:
        out += [f"  <!-- {name} -->", *part_svg(name, None if lesson is None else name in marked)]
    out.append("  <!-- the arrows, in the order a request travels -->")
    for start, end, x1, y1, x2, y2 in ARROWS:
        on = start in marked and end in marked
        out.append(f'  <line class="arrow{state(on)}" x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}"/>')
    if caption:
        out += [f'  <rect class="caption" x="0.5" y="{HEIGHT}" width="{WIDTH - 1}" height="{CAPTION_HEIGHT - 0.5}"/>',
                f'  <text class="caption" x="12" y="{HEIGHT + 23}">{escape(caption)}</text>']
    return "\n".join(out + ["</svg>"]) + "\n"


def pictures():
    "Every file this script writes: {path: svg text}."
    files = {NBS / "cycle.svg": cycle_svg()}
    files.update({NBS / f"cycle-{lesson}.svg": cycle_svg(lesson) for lesson in LESSONS})
    return files


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the committed SVGs are current")
    args = parser.parse_args(argv)
    stale = []
    for path, svg in pictures().items():
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != svg:
                stale.append(path.name)
        else:
            path.write_text(svg, encoding="utf-8")
            print("wrote", path.relative_to(NBS.parent))
    if stale:
        print("out of date (run python3 docs/make_cycle.py):", ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
