"""Check a built docs site in headless Chromium: every page loads, every internal link resolves, code shows.

    python docs/check_site.py site      # after: python docs/build_site.py site

It serves the folder on 127.0.0.1 (a free port, in a thread), opens every page with Playwright
driving the system Chromium (`/usr/bin/chromium`, or $CHROMIUM), and checks:
- each page answers 200 and logs no console error, no uncaught exception, no failed request, and
  asks nothing of any other host (the site works offline);
- every same-site link (`href`) resolves, to a page or a file, and its `#anchor`, if any, names an
  element of the page it points to;
- every picture is loaded (`naturalWidth > 0`), and the index shows the request/response cycle;
- every code cell's code is visible, and so is every output.
It prints one line per page and exits 1 with the list of problems if there are any. It builds
nothing and writes nothing; the server and the browser are stopped whatever happens.
"""
import argparse
import functools
import http.server
import os
import pathlib
import sys
import threading
import time
from urllib.parse import urldefrag, urljoin, urlsplit

from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CYCLE = "cycle.svg"  # the picture the index must show

# Everything a page is checked for, measured in the page itself.
SURVEY = """() => {
  const shown = el => el.checkVisibility() && el.getBoundingClientRect().height > 0;
  const cells = [...document.querySelectorAll('.jp-CodeCell')];
  const inputs = cells.map(c => c.querySelector('.jp-InputArea-editor')).filter(Boolean);
  const outputs = [...document.querySelectorAll('.jp-OutputArea-output')];
  return {
    ids: [...document.querySelectorAll('[id], a[name]')].map(el => el.id || el.getAttribute('name')),
    links: [...document.querySelectorAll('a[href]')].map(a => a.href),
    images: [...document.querySelectorAll('img')].map(img => ({src: img.currentSrc || img.src,
                                                                width: img.complete ? img.naturalWidth : 0})),
    cells: cells.length, hiddenInputs: inputs.filter(el => !shown(el)).length,
    outputs: outputs.length, hiddenOutputs: outputs.filter(el => !shown(el)).length,
  };
}"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the checker's report is the output, not an access log
        pass


def check_page(page, url, problems):
    "Open one page, record what is wrong with it in `problems`; returns the page's survey."
    errors = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(f"console error: {msg.text}"))
    page.on("pageerror", lambda exc: errors.append(f"uncaught exception: {exc}"))
    page.on("requestfailed", lambda req: errors.append(f"request failed: {req.url} ({req.failure})"))
    page.on("response", lambda resp: resp.status >= 400 and errors.append(f"{resp.url} answered {resp.status}"))
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
    page.on("request", lambda req: req.url.startswith((origin, "data:", "blob:"))
            or errors.append(f"asks another host: {req.url}"))
    response = page.goto(url, wait_until="load")
    if response is None or response.status != 200:
        problems.append(f"{url}: answered {response.status if response else 'nothing'}")
        return None
    survey = page.evaluate(SURVEY)
    problems += [f"{url}: {error}" for error in errors]
    for image in survey["images"]:
        if not image["width"]:
            problems.append(f"{url}: picture not shown: {image['src']}")
    if not survey["cells"]:
        problems.append(f"{url}: no code cell on the page")
    if survey["hiddenInputs"] or survey["hiddenOutputs"]:
        problems.append(f"{url}: {survey['hiddenInputs']} code inputs and {survey['hiddenOutputs']} outputs not visible")
    return survey


def check_links(surveys, fetch, problems):
    "Every same-site link resolves to something served, and its #anchor to an element of that page."
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(next(iter(surveys))))
    status = {}
    for url, survey in surveys.items():
        for link in sorted(set(survey["links"])):
            target, anchor = urldefrag(link)
            if not target.startswith(origin + "/"):
                continue  # another site: the RFCs, MDN, PEPs
            if target not in status:
                status[target] = fetch(target)
            if status[target] != 200:
                problems.append(f"{url}: broken link {link} ({status[target]})")
            elif anchor and target in surveys and anchor not in surveys[target]["ids"]:
                problems.append(f"{url}: link {link}: no #{anchor} on that page")


def serve(root):
    "A static file server for `root` on 127.0.0.1, a free port, in a daemon thread."
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def check(site):
    "Check the site in the folder `site`; returns the list of problems (empty when all is well)."
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    if "index.html" not in pages:
        return [f"{site}: no index.html (build the site first: python docs/build_site.py {site})"]
    problems, surveys = [], {}
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM)
            try:
                context = browser.new_context()
                for name in pages:
                    page = context.new_page()
                    before = len(problems)
                    survey = check_page(page, urljoin(base, name), problems)
                    page.close()
                    if survey is not None:
                        surveys[urljoin(base, name)] = survey
                        print(f"{name}: {survey['cells']} code cells, {survey['outputs']} outputs, "
                              f"{len(survey['images'])} pictures, {len(survey['links'])} links"
                              + (f"  ({len(problems) - before} problems)" if len(problems) > before else ""))
                fetch = lambda url: context.request.get(url).status
                if surveys:
                    check_links(surveys, fetch, problems)
                index = surveys.get(urljoin(base, "index.html"), {"images": []})
                if not any(i["src"].endswith("/" + CYCLE) and i["width"] for i in index["images"]):
                    problems.append(f"index.html: the request/response cycle ({CYCLE}) is not shown")
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return [problem.replace(base, "") for problem in problems]  # page names, not this run's port


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=pathlib.Path, help="the built site's folder, e.g. site")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    problems = check(args.site)
    took = time.perf_counter() - start
    if problems:
        print(f"\nthe docs site has {len(problems)} problems ({took:.1f} s):")
        print("\n".join("  " + problem for problem in problems))
        return 1
    print(f"the docs site checks out ({took:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
