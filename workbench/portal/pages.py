"""The client portal's pages: which apps a folder holds, and the engagement's branding.

Everything here is computed once when `workbench serve` starts and written as a small Voila
template (see :func:`write_template`), so the pages themselves stay static, escaped HTML.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import quote

from workbench.core import paths
from workbench.core.engagement import Engagement
from workbench.core.errors import EngagementError
from workbench.core.labels import CONSULTANT_TAG
from workbench.core.sniff import file_kind
from workbench.present import network_chart

LOGO_TYPES = {
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}
LOGO_MAX_BYTES = 512 * 1024


def _looks_like(kind: str, data: bytes) -> bool:
    """Whether ``data`` starts as an image of ``kind`` does (a PDF renamed logo.png does not)."""
    if kind == "image/svg+xml":
        return b"<svg" in data[:4096].lower()
    if kind == "image/webp":
        return data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    starts = {"image/png": b"\x89PNG", "image/jpeg": b"\xff\xd8\xff", "image/gif": b"GIF8"}
    return data.startswith(starts[kind])


PORTAL_TEMPLATE = "workbench-portal"
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)][.!?])\s+(?=[A-Z])")  # "e.g. the" is no end


@dataclass(frozen=True)
class App:
    """One served notebook: where it is, its title and a one-line description."""

    path: str  # relative to the served folder, with forward slashes
    title: str
    description: str


@dataclass(frozen=True)
class Brand:
    client: str
    title: str
    primary_color: str
    accent_color: str
    logo_uri: str  # a data: URI, or "" for no logo
    source: str  # what is served, e.g. "Run 2026-05-12T10-00-00" or "Demo engagement"


def discover_apps(folder: Path) -> list[App]:
    """Every notebook under ``folder`` as an app, workshop order first, then by name.

    The title is the first markdown heading and the description the first sentence after it,
    so a new notebook appears in the portal without anyone keeping a list.
    """
    order = {name: i for i, name in enumerate(paths.WORKSHOP_TEMPLATES)}
    found = [
        p
        for p in folder.rglob("*.ipynb")
        # Voila refuses hidden folders, so a notebook in one is no app.
        if not any(part.startswith(".") for part in p.relative_to(folder).parts)
    ]
    found.sort(key=lambda p: (order.get(p.name, len(order)), p.relative_to(folder).as_posix()))
    return [_app(folder, p) for p in found]


def _app(folder: Path, notebook: Path) -> App:
    rel = notebook.relative_to(folder).as_posix()
    fallback = notebook.stem.replace("_", " ").capitalize()
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, AttributeError) as exc:
        raise EngagementError(
            f"{notebook} is not a readable notebook ({exc}). "
            "Fix: re-create it with `workbench run`, or remove it from the folder."
        ) from exc
    for cell in cells if isinstance(cells, list) else []:
        if not isinstance(cell, dict) or cell.get("cell_type") != "markdown":
            continue
        if CONSULTANT_TAG in (cell.get("metadata") or {}).get("tags", []):
            continue  # consultant-only text never reaches the client, not even here
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else str(source)
        return App(rel, *_title_and_description(text, fallback))
    return App(rel, fallback, "")


def _title_and_description(markdown: str, fallback: str) -> tuple[str, str]:
    lines = [line.strip() for line in markdown.strip().splitlines()]
    title = fallback
    if lines and lines[0].startswith("#"):
        title = lines.pop(0).lstrip("#").strip() or fallback
    paragraph = []
    for line in lines:
        if not line and paragraph:
            break
        if line and not line.startswith("#"):
            paragraph.append(line)
    text = " ".join(paragraph)
    return title, _SENTENCE_END.split(text, maxsplit=1)[0] if text else ""


def brand(eng: Engagement, source: str) -> Brand:
    """The engagement's name, colours and logo (embedded, so no request leaves the server)."""
    colours = eng.branding
    return Brand(
        client=eng.client,
        title=eng.title,
        primary_color=colours["primary_color"],
        accent_color=colours["accent_color"],
        logo_uri=logo_data_uri(eng),
        source=source,
    )


def logo_data_uri(eng: Engagement) -> str:
    """``[branding] logo`` as a data: URI; a clear error when the file cannot be used."""
    name = str(eng.branding.get("logo") or "").strip()
    if not name:
        return ""
    where = f"{eng.root / paths.ENGAGEMENT_FILE}: [branding] logo = {name!r}"
    path = (eng.root / name).resolve()
    if not path.is_relative_to(eng.root.resolve()):
        raise EngagementError(
            f"{where} points outside the engagement folder. Fix: copy the logo into the "
            "engagement folder (for example inputs/logo.svg) and give that path."
        )
    kind = LOGO_TYPES.get(path.suffix.lower())
    if kind is None:
        raise EngagementError(
            f"{where} is not an image type the portal can show. "
            f"Fix: use a {', '.join(sorted(LOGO_TYPES))} file."
        )
    if not path.is_file():
        raise EngagementError(
            f"{where}: no such file. Fix: put the logo in the engagement folder "
            "(for example inputs/logo.svg) and give its path relative to engagement.toml."
        )
    data = path.read_bytes()
    if len(data) > LOGO_MAX_BYTES:
        raise EngagementError(
            f"{where} is {len(data) // 1024} KB; every page embeds it, so the limit is "
            f"{LOGO_MAX_BYTES // 1024} KB. Fix: export a smaller PNG or an SVG."
        )
    if not _looks_like(kind, data):
        really = file_kind(path) or "not an image of that type"
        raise EngagementError(
            f"{where}: the file is {really}, although its name says {path.suffix}. "
            f"Fix: export the logo as a real {', '.join(sorted(LOGO_TYPES))} image."
        )
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


def _inert(text: str) -> str:
    """Escape for HTML, and hide Jinja's delimiters: the output becomes part of a template."""
    return escape(text).replace("{", "&#123;").replace("}", "&#125;")


def brand_css(b: Brand) -> str:
    return f"<style>:root{{--wb-primary:{b.primary_color};--wb-accent:{b.accent_color}}}</style>"


def brand_bar(b: Brand, home_href: str) -> str:
    """The strip at the top of every page: logo, client, and a link back to the app list."""
    logo = f'<img class="wb-logo" src="{_inert(b.logo_uri)}" alt="">' if b.logo_uri else ""
    return (
        '<header class="wb-brand-bar">'
        f'<a class="wb-home" href="{_inert(home_href)}">{logo}'
        f'<span class="wb-client">{_inert(b.client)}</span></a>'
        f'<span class="wb-engagement">{_inert(b.title)}</span>'
        "</header>"
    )


def app_list(apps: list[App], base_url: str = "/") -> str:
    """The portal's list of apps, each linking to its page under ``base_url``."""
    if not apps:
        return '<p class="wb-empty">No apps in this folder yet.</p>'
    items = "".join(
        "<li>"
        f'<a href="{_inert(base_url)}voila/render/{_inert(_url_path(a.path))}">'
        f"{_inert(a.title)}</a>"
        f'<p class="wb-app-description">{_inert(a.description)}</p>'
        "</li>"
        for a in apps
    )
    return f'<ul class="wb-apps">{items}</ul>'


def _url_path(path: str) -> str:
    return quote(path, safe="/")


def write_template(dest: Path, apps: list[App], b: Brand, base_url: str = "/") -> Path:
    """Write the portal's Voila template into ``dest`` (a Jupyter data dir); return ``dest``.

    It extends the packaged ``workbench`` template with three generated fragments: the
    branding CSS, the bar at the top of each page and the list of apps.
    """
    folder = dest / "voila" / "templates" / PORTAL_TEMPLATE
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "conf.json").write_text(
        json.dumps({"base_template": "workbench", "traitlet_configuration": {}}),
        encoding="utf-8",
    )
    # Fixed, escaped HTML: no client text can reach Jinja or the browser as markup.
    fragments = {
        "wb_brand_css.html": brand_css(b),
        "wb_brand_bar.html": brand_bar(b, base_url),
        "wb_app_list.html": app_list(apps, base_url),
        "wb_source.html": _inert(b.source),
        "wb_client.html": _inert(b.client),
    }
    for name, html in fragments.items():
        (folder / name).write_text(html, encoding="utf-8")
    (folder / "static").mkdir(exist_ok=True)
    for name in network_chart.VIS_FILES:
        (folder / "static" / name).write_bytes(network_chart.vis_file_bytes(name))
    return dest


def vis_url(base_url: str = "/") -> str:
    """The folder where the portal serves vis-network (Voila's template static files)."""
    return f"{base_url}voila/templates/{PORTAL_TEMPLATE}/static/"
