"""Build the docs site: every notebook in `nbs/`, with its stored outputs, as a static HTML page.

    python docs/build_site.py site      # writes site/index.html, site/00_http.html, ... (site/ is gitignored)

Nothing is executed: the pages show the outputs the test suite checks. The pages come in reading
order (the index, then the lessons sorted by name, as nbdev numbers them), each with the lesson
map and links to the previous and next lesson. nbdev's directives are applied as nbdev's own docs
would: `#| hide` cells are left out, and directive lines (`#| export`, ...) and nbval's markers
are taken out of the code shown. A link to another notebook (`[Routing](01_routing.ipynb)`) is
written once, for Jupyter, and points to that lesson's page here; a picture or file the notebook
shows by a relative path (`cycle.svg`, `../bench/routing.png`) is copied into the site.

Why nbconvert rather than MkDocs with mkdocs-jupyter: nbconvert is already a dev dependency and
renders a notebook as JupyterLab shows it; the template (`docs/site_template/`) is ours, cut down
to pages that load nothing from another host (the site works offline); and the build writes
nothing but its output folder. mkdocs-jupyter would add MkDocs, mkdocs-material and jupytext,
caches into `.cache/` in the clone, knows nothing of nbdev's `#| hide`, and leaves links to
`.ipynb` files pointing at notebooks the site does not serve.
"""
import argparse
import pathlib
import re
import shutil
import sys
import time

import nbformat
from nbconvert import HTMLExporter

ROOT = pathlib.Path(__file__).resolve().parent.parent
NBS = ROOT / "nbs"
DIRECTIVE = re.compile(r"^\s*(#\|.*|# NBVAL_\w+)\s*$")
NOTEBOOK_LINK = re.compile(r'(href=")([^":/#?"]+)\.ipynb([#"])')  # a same-folder notebook, in HTML
LOCAL_FILE = re.compile(r'((?:src|href)=")(?![a-zA-Z][a-zA-Z0-9+.-]*:|[#/])([^"#?]+)')  # a relative address
TAG = re.compile(r"<(?:a|img|source|video|audio)\s[^>]*>")  # real tags only: code shows `<` as `&lt;`


def reading_order(nbs=NBS):
    "The notebooks in reading order: the index, then the lessons by name (00_http, ..., 04a_testing, ...)."
    lessons = sorted(p for p in nbs.glob("*.ipynb") if p.stem != "index")
    return [nbs / "index.ipynb", *lessons]


def title_of(nb, path):
    "The notebook's first `# ` heading, or its file name."
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return path.stem


def for_the_page(nb):
    "The notebook as nbdev's docs show it: no `#| hide` cells, no directive or nbval lines, no empty code cells."
    cells = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            lines = cell.source.splitlines()
            if any(re.match(r"^\s*#\|\s*hide\s*$", line) for line in lines):
                continue
            cell.source = "\n".join(line for line in lines if not DIRECTIVE.match(line)).strip("\n")
            if not cell.source and not cell.outputs:
                continue
        cells.append(cell)
    nb.cells = cells
    # The lessons are plain Python (no IPython magics): Pygments' own lexer colours them, so the
    # docs extra needs no IPython (nbconvert would warn and fall back to it anyway).
    nb.metadata.setdefault("language_info", {})["pygments_lexer"] = "python3"
    return nb


def bring_files(html, out, nbs=NBS):
    """Copy the repository files a page shows or links to (`cycle.svg`, `../bench/routing.png`) into the site.

    A file in `nbs/` keeps its name; one elsewhere in the clone goes under `_repo/`, and the page's
    address for it is rewritten, so a link written for Jupyter works on the site too."""
    def copy(match):
        attr, address = match.groups()
        source = (nbs / address).resolve()
        if not source.is_file() or not source.is_relative_to(ROOT) or source.suffix in (".ipynb", ".html"):
            return match.group(0)  # a page, a folder, or missing: the checker reports what does not resolve
        name = source.relative_to(nbs) if source.is_relative_to(nbs) else "_repo" / source.relative_to(ROOT)
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, out / name)
        return attr + name.as_posix()
    return LOCAL_FILE.sub(copy, html)


def build(out, nbs=NBS):
    "Write the site into the folder `out` (made if missing); returns the pages written."
    out.mkdir(parents=True, exist_ok=True)
    paths = reading_order(nbs)
    notebooks = [nbformat.read(p, as_version=4) for p in paths]
    pages = [{"href": f"{p.stem}.html", "title": f"{p.stem.split('_')[0]} · {title_of(nb, p)}"}
             for p, nb in zip(paths, notebooks)]
    pages[0]["title"] = "Start here: " + title_of(notebooks[0], paths[0])
    exporter = HTMLExporter(template_name="site_template", extra_template_basedirs=[str(ROOT / "docs")],
                            exclude_input_prompt=True, exclude_output_prompt=True)
    for i, (path, nb) in enumerate(zip(paths, notebooks)):
        nb.metadata["title"] = "itty3" if i == 0 else f"{title_of(nb, path)} · itty3"
        site = {"pages": [dict(page, current=j == i) for j, page in enumerate(pages)],
                "prev": pages[i - 1] if i > 0 else None,
                "next": pages[i + 1] if i + 1 < len(pages) else None}
        html, _ = exporter.from_notebook_node(for_the_page(nb), resources={"site": site})
        html = TAG.sub(lambda tag: bring_files(NOTEBOOK_LINK.sub(r"\1\2.html\3", tag.group(0)), out, nbs), html)
        (out / pages[i]["href"]).write_text(html, encoding="utf-8")
    return [page["href"] for page in pages]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=pathlib.Path, help="the folder to write the site into, e.g. site")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    written = build(args.out)
    print(f"{len(written)} pages in {args.out}/ ({time.perf_counter() - start:.1f} s): {', '.join(written)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
