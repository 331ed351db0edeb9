"""Every app the demo portal lists, as a client sees it on a laptop and on a phone.

For each app and each viewport (1440×900 and 390×844) the page is opened in a fresh browser
context and checked once every output is visible:

- the page never scrolls sideways (neither the document nor Voila's own scrolling column);
- nothing sticks out past the right edge of the screen, unless it sits in a box the
  workbench made scrollable on purpose (a rule naming a ``wb-`` class, or an inline style);
  JupyterLab gives most of its containers ``overflow: auto``, so those do not count;
- no text is smaller than 10 px (HTML: computed font size; SVG: the drawn height of each
  ``<text>``, at least 9 px, because an SVG scaled down to fit shrinks its text with it);
- every chart and every map has a legend.

A full-page screenshot of each app at each width goes to ``build/screenshots/`` (named
``<app>-<width>.png``); the folder is printed once per session. Failures name the element,
its classes, a snippet of its text and the size found, so they can be fixed without a rerun.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest
from live import wait_for

from workbench.core import paths
from workbench.portal import pages as portal
from workbench.testing import browser

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "build" / "screenshots"
APPS = portal.discover_apps(paths.DEMO_NOTEBOOKS)  # what the portal lists, found the same way
VIEWPORTS = [{"width": 1440, "height": 900}, {"width": 390, "height": 844}]
MIN_FONT_PX = 10
MIN_SVG_TEXT_PX = 9
SHOWN = 25  # offenders listed in a failure message; the count says how many there were

# Shared by the checks below: visibility, a short description of a node, and whether an
# element sits inside a box the workbench made scrollable on purpose.
_HELPERS = r"""
const shown = (el) => {
  if (!el || !el.checkVisibility({visibilityProperty: true, checkVisibilityCSS: true})) {
    return false;
  }
  if (el.closest('title, desc, script, style, noscript, template')) return false;
  const box = el.getBoundingClientRect();
  return box.width > 0 && box.height > 0;
};
const describe = (node, withText = true) => {
  const el = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
  const cls = (el.getAttribute('class') || '').trim().split(/\s+/).filter(Boolean).slice(0, 4);
  const caption = el.querySelector(':scope > .widget-label, :scope > label');
  const label = el.getAttribute('aria-label') || (caption && caption.textContent.trim());
  const raw = node.nodeType === Node.TEXT_NODE || !(el instanceof HTMLElement)
    ? node.textContent : el.innerText;
  const text = withText ? (raw || '').replace(/\s+/g, ' ').trim().slice(0, 60) : '';
  return (node.nodeType === Node.TEXT_NODE ? 'text in ' : '')
    + '<' + el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (cls.length ? '.' + cls.join('.') : '') + '>'
    + (label ? ' labelled "' + label + '"' : '') + (text ? ' "' + text + '"' : '');
};
const scrollRules = (() => {
  const found = [];
  const read = (rules) => {
    for (const rule of rules) {
      if (rule.media && !matchMedia(rule.media.mediaText).matches) continue;
      if (rule.cssRules && !rule.selectorText) { read(rule.cssRules); continue; }
      if (!rule.selectorText || !rule.style) continue;
      if (/auto|scroll/.test(rule.style.overflowX) && /(^|[^\w-])wb-/.test(rule.selectorText)) {
        found.push(rule.selectorText);
      }
    }
  };
  for (const sheet of document.styleSheets) {
    try { read(sheet.cssRules); } catch (e) { /* another origin's sheet */ }
  }
  return found;
})();
const scrollsInside = (el) => {
  for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
    if (!/auto|scroll/.test(getComputedStyle(a).overflowX)) continue;
    const inline = a.style.overflowX || a.style.overflow;
    if (/auto|scroll/.test(inline) || scrollRules.some((s) => a.matches(s))) return a;
  }
  return null;
};
"""

# The document and Voila's scrolling column (#rendered_cells): how wide their content is.
PAGE_WIDTH_JS = (
    "() => {"
    + _HELPERS
    + r"""
  const scrollers = [document.documentElement, document.body,
    ...document.querySelectorAll('#main, #rendered_cells')];
  return {
    viewport: window.innerWidth,
    scrollers: scrollers.map((el) => ({what: describe(el, false),
      scrollWidth: el.scrollWidth, clientWidth: el.clientWidth})),
  };
}"""
)

# The outermost elements and text runs that reach past the right edge of the viewport:
# each one's parent still fits, so it is the one to fix. SVG content is judged by its <svg>.
BEYOND_JS = (
    "() => {"
    + _HELPERS
    + r"""
  const edge = document.documentElement.clientWidth + 1;
  const skip = 'script, style, link, meta, template, noscript, br, wbr, title';
  const beyond = new Map();
  const consider = (node, box) => {
    if (box.width > 0 && box.height > 0 && box.right > edge && !scrollsInside(node.nodeType
        === Node.TEXT_NODE ? node.parentElement : node)) beyond.set(node, box);
  };
  for (const el of document.body.querySelectorAll('*')) {
    if (el.matches(skip) || (el.parentElement && el.parentElement.closest('svg'))) continue;
    if (!shown(el)) continue;
    consider(el, el.getBoundingClientRect());
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim() || !shown(node.parentElement)) continue;
    if (node.parentElement.closest('svg')) continue;
    range.selectNodeContents(node);
    consider(node, range.getBoundingClientRect());
  }
  const found = [];
  for (const [node, box] of beyond) {
    const parent = node.parentElement;
    if (parent && beyond.has(parent)) continue;  // the parent is the one to fix
    let clipper = null;
    for (let a = parent; a && a !== document.documentElement; a = a.parentElement) {
      if (/hidden|clip|auto|scroll/.test(getComputedStyle(a).overflowX)) { clipper = a; break; }
    }
    found.push({what: describe(node), left: Math.round(box.left), right: Math.round(box.right),
      width: Math.round(box.width), clippedBy: clipper ? describe(clipper, false) : ''});
  }
  return {edge: edge - 1, found};
}"""
)

# Visible text under the minimum size: HTML by computed font size, SVG by drawn height.
SMALL_TEXT_JS = (
    "([minFont, minSvg]) => {"
    + _HELPERS
    + r"""
  const found = [];
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    if (!node.textContent.trim() || !shown(el)) continue;
    range.selectNodeContents(node);
    const run = range.getBoundingClientRect();
    if (run.width === 0 || run.height === 0) continue;
    const svgText = el.closest('svg') ? el.closest('text') : null;
    if (el.closest('svg') && !svgText) continue;  // e.g. a <title> tooltip
    const owner = svgText || el;
    if (seen.has(owner)) continue;
    seen.add(owner);
    if (svgText) {
      const height = svgText.getBoundingClientRect().height;
      if (height < minSvg) {
        let chart = svgText.closest('svg');
        while (chart.parentElement && chart.parentElement.closest('svg')) {
          chart = chart.parentElement.closest('svg');
        }
        found.push({what: describe(svgText), size: Math.round(height * 10) / 10,
          kind: 'SVG text drawn height',
          chart: chart.getAttribute('aria-label') || describe(chart, false)});
      }
    } else {
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < minFont) found.push({what: describe(node), size, kind: 'font-size', chart: ''});
    }
  }
  return found;
}"""
)

# Every visible chart and map, and whether a legend goes with it: inside the chart itself, or
# the nearest legend (not belonging to another chart) within the same cell's outputs.
LEGENDS_JS = (
    "() => {"
    + _HELPERS
    + r"""
  const legendSel = '.wb-legend, g.role-legend';
  const charts = [...document.querySelectorAll('figure.wb-chart')].filter(shown);
  for (const svg of document.querySelectorAll('svg')) {
    if (svg.parentElement.closest('svg') || svg.closest('figure.wb-chart') || !shown(svg)) continue;
    const box = svg.getBoundingClientRect();
    if (box.width >= 120 && box.height >= 80) charts.push(svg);  // not an icon
  }
  const maps = [...document.querySelectorAll('iframe')].filter(shown);
  const visuals = [...charts, ...maps];
  const legendFor = (visual) => {
    if ([...visual.querySelectorAll(legendSel)].some(shown)) return true;
    const others = visuals.filter((v) => v !== visual);
    for (let a = visual.parentElement; a; a = a.parentElement) {
      const free = [...a.querySelectorAll(legendSel)].filter(
        (l) => shown(l) && !others.some((o) => o.contains(l)));
      if (free.length) return true;
      if (a.matches('.jp-OutputArea, body')) return false;
    }
    return false;
  };
  const name = (v) => {
    const svg = v.matches('svg') ? v : v.querySelector('svg');
    return (svg && svg.getAttribute('aria-label')) || v.getAttribute('aria-label')
      || v.getAttribute('title') || describe(v, false);
  };
  return visuals.map((v, i) => ({
    index: i, kind: v.matches('iframe') ? 'map' : 'chart', label: name(v),
    legend: legendFor(v), frameIndex: v.matches('iframe') ? maps.indexOf(v) : -1,
  }));
}"""
)

# Inside a map's frame: a visible legend (an element whose id or class says legend or key)
# with something in it. A collapsed <details> key still counts: the visitor can open it.
FRAME_LEGEND_JS = r"""() => [...document.querySelectorAll('[id], [class]')].some((el) =>
    /(^|[-_\s])(legend|key)([-_\s]|$)/i.test(el.id + ' ' + (el.getAttribute('class') || ''))
    && el.checkVisibility({visibilityProperty: true, checkVisibilityCSS: true})
    && el.getBoundingClientRect().width > 0 && el.textContent.trim() !== '')"""


# The box that scrolls the page vertically, if it is not the document itself (Voila's
# #rendered_cells): its place on the page, so a full-page screenshot can be stitched.
SCROLLER_JS = r"""() => {
  const candidates = [...document.querySelectorAll('*')].filter((el) =>
    /auto|scroll/.test(getComputedStyle(el).overflowY) && el.scrollHeight > el.clientHeight + 1
    && el.clientHeight >= window.innerHeight / 2);
  if (!candidates.length) return null;
  const el = candidates.reduce((a, b) => (b.scrollHeight > a.scrollHeight ? b : a));
  el.setAttribute('data-wb-screenshot', '1');
  const box = el.getBoundingClientRect();
  return {top: Math.round(box.top + window.scrollY), left: Math.round(box.left),
    width: el.clientWidth, view: el.clientHeight, total: el.scrollHeight};
}"""


def _listing(items: list[str]) -> str:
    more = f"\n  … and {len(items) - SHOWN} more" if len(items) > SHOWN else ""
    return "".join(f"\n  {item}" for item in items[:SHOWN]) + more


def _scroll_to(page, top: int) -> int:
    """Scroll the page's own scrolling box to ``top`` and return where it ended up."""
    page.evaluate("y => { document.querySelector('[data-wb-screenshot]').scrollTop = y; }", top)
    return wait_for(
        lambda: page.evaluate(
            "y => { const s = document.querySelector('[data-wb-screenshot]');"
            " const end = s.scrollHeight - s.clientHeight;"
            " return Math.abs(s.scrollTop - Math.min(y, end)) < 1 ? [s.scrollTop] : null; }",
            top,
        ),
        f"the page to scroll to {top}",
    )[0]


def full_page_png(page, target: Path) -> None:
    """A screenshot of the whole app, even where Voila scrolls a column instead of the page.

    Playwright's full-page screenshot only sees the document; Voila's lab template keeps the
    document one screen high and scrolls ``#rendered_cells``. That column is scrolled one
    screen at a time and the pieces are stitched under the brand bar.
    """
    from PIL import Image

    scroller = page.evaluate(SCROLLER_JS)
    if scroller is None:
        page.screenshot(path=str(target), full_page=True)
        return
    page.evaluate("() => window.scrollTo(0, 0)")
    top, view, total = scroller["top"], scroller["view"], scroller["total"]
    left, width = scroller["left"], scroller["width"]
    first = Image.open(io.BytesIO(page.screenshot(full_page=True)))
    below = first.height - (top + view)  # the document under the column, if any
    sheet = Image.new("RGB", (first.width, top + total + max(below, 0)), "white")
    sheet.paste(first.crop((0, 0, first.width, top)), (0, 0))
    position, shot = -1, first
    while position + view < total:
        position = _scroll_to(page, position + view if position >= 0 else 0)
        shot = Image.open(io.BytesIO(page.screenshot(full_page=True)))
        sheet.paste(shot.crop((left, top, left + width, top + view)), (left, top + position))
    if below > 0:
        sheet.paste(shot.crop((0, top + view, shot.width, shot.height)), (0, top + total))
    _scroll_to(page, 0)
    sheet.save(target)


@pytest.fixture(scope="session")
def screenshot_folder(request) -> Path:
    """build/screenshots/ at the repository root, named once in the test log."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    line = f"client layout screenshots: {SCREENSHOTS}"
    plugins = request.config.pluginmanager
    reporter, capture = plugins.get_plugin("terminalreporter"), plugins.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
        if reporter is None:
            print(line)
        else:
            reporter.ensure_newline()
            reporter.write_line(line)
    return SCREENSHOTS


@pytest.fixture(scope="module", params=VIEWPORTS, ids=lambda v: f"{v['width']}px")
def viewport_context(request, chromium):
    """A fresh browser context per viewport size."""
    fresh = chromium.new_context(viewport=request.param)
    yield request.param, fresh
    fresh.close()


@pytest.fixture(scope="module", params=APPS, ids=[a.path for a in APPS])
def visit(request, demo_portal, viewport_context, screenshot_folder):
    """One app at one viewport, every output visible, its screenshot saved."""
    app: portal.App = request.param
    viewport, context = viewport_context
    assert app.path in {a.path for a in demo_portal.apps}, "the portal does not list it"
    page = context.new_page()
    record = browser.record(page)
    url = f"{demo_portal.url}/voila/render/{app.path}"
    name = Path(app.path).with_suffix("").as_posix().replace("/", "-")
    shot = screenshot_folder / f"{name}-{viewport['width']}.png"
    try:  # Voila answers once the spare kernel has run the notebook: give it time
        page.goto(url, wait_until="domcontentloaded", timeout=120_000)
        browser.wait_until_rendered(page)
        browser.wait_until_settled(page, record)
    except Exception:
        with contextlib.suppress(Exception):  # what it looked like when it gave up
            page.screenshot(path=str(shot), full_page=True)
        page.close()
        raise
    full_page_png(page, shot)
    yield app, viewport, page, shot
    page.close()


def test_every_listed_app_is_checked(demo_portal):
    assert APPS, "the demo portal lists no app"
    assert [a.path for a in APPS] == [a.path for a in demo_portal.apps]


def test_the_screenshot_shows_the_whole_app(visit):
    from PIL import Image

    app, viewport, page, shot = visit
    tallest = page.evaluate(
        "() => Math.max(document.documentElement.scrollHeight,"
        " ...[...document.querySelectorAll('#rendered_cells')].map(e => e.scrollHeight))"
    )
    with Image.open(shot) as image:
        assert image.width == viewport["width"], shot
        assert image.height >= tallest, f"{shot} is {image.height} px tall, the app {tallest} px"


def test_the_page_does_not_scroll_sideways(visit):
    app, viewport, page, _ = visit
    found = page.evaluate(PAGE_WIDTH_JS)
    too_wide = [
        f"{s['what']}: content {s['scrollWidth']} px wide in a {s['clientWidth']} px box"
        for s in found["scrollers"]
        if s["scrollWidth"] > max(s["clientWidth"], found["viewport"]) + 1
    ]
    culprits = page.evaluate(BEYOND_JS)["found"] if too_wide else []
    causes = [f"{c['what']} reaches {c['right']} px" for c in culprits]
    assert not too_wide, (
        f"{app.path} at {viewport['width']} px scrolls sideways:{_listing(too_wide)}"
        f"\nwhat reaches past the right edge:{_listing(causes)}"
    )


def test_nothing_is_cut_off_at_the_right_edge(visit):
    app, viewport, page, _ = visit
    found = page.evaluate(BEYOND_JS)
    cut = [
        f"{c['what']} spans {c['left']}..{c['right']} px ({c['width']} px wide)"
        + (f", cut by {c['clippedBy']}" if c["clippedBy"] else "")
        for c in found["found"]
    ]
    for frame, label in _frames(page):
        cut += [f"in {label}: {c['what']} reaches {c['right']} px" for c in _beyond(frame)]
    assert not cut, (
        f"{app.path} at {viewport['width']} px: {len(cut)} element(s) reach past the right "
        f"edge ({found['edge']} px) outside a scrollable box:{_listing(cut)}"
    )


def test_no_text_is_smaller_than_10px(visit):
    app, viewport, page, _ = visit
    small = _small_text(page)
    for frame, label in _frames(page):
        small += [dict(s, what=f"in {label}: {s['what']}") for s in _small_text(frame)]
    lines = [
        f"{s['what']}: {s['kind']} {s['size']} px"
        + (f" (chart: {s['chart']})" if s["chart"] else "")
        for s in small
    ]
    assert not lines, (
        f"{app.path} at {viewport['width']} px: {len(lines)} text(s) under {MIN_FONT_PX} px "
        f"(SVG text under {MIN_SVG_TEXT_PX} px tall):{_listing(lines)}"
    )


def test_every_chart_and_map_has_a_legend(visit):
    app, viewport, page, _ = visit
    visuals = page.evaluate(LEGENDS_JS)
    frames = _map_frames(page)
    missing = []
    for visual in visuals:
        has = visual["legend"]
        if not has and visual["kind"] == "map":
            frame = frames[visual["frameIndex"]]
            has = frame is not None and frame.evaluate(FRAME_LEGEND_JS)
        if not has:
            missing.append(f"{visual['kind']} '{visual['label']}'")
    assert not missing, (
        f"{app.path} at {viewport['width']} px: {len(missing)} of {len(visuals)} chart(s) and "
        f"map(s) have no legend:{_listing(missing)}"
    )


def _small_text(frame) -> list[dict]:
    return frame.evaluate(SMALL_TEXT_JS, [MIN_FONT_PX, MIN_SVG_TEXT_PX])


def _beyond(frame) -> list[dict]:
    return frame.evaluate(BEYOND_JS)["found"]


def _map_frames(page) -> list:
    """The frame of each visible iframe, in the order LEGENDS_JS lists the maps."""
    handles = [
        h
        for h in page.query_selector_all("iframe")
        if h.evaluate("el => el.checkVisibility() && el.getBoundingClientRect().width > 0")
    ]
    return [h.content_frame() for h in handles]


def _frames(page) -> list[tuple[object, str]]:
    """Each visible embedded frame (the network map) with a name for failure messages."""
    found = []
    for frame in _map_frames(page):
        if frame is not None:
            title = frame.evaluate("() => document.title") or frame.url
            found.append((frame, f"the frame '{title}'"))
    return found


# A page with one of each fault the checks look for, and one of each thing they must let pass.
FAULTS = """<!DOCTYPE html><html><head><style>.wb-table-wrap{overflow-x:auto}</style></head><body>
<p>Text of a fine size</p>
<span style="font-size:9px">a tiny note</span>
<div style="width:600px">a block too wide for a phone</div>
<div style="overflow:hidden"><img width="700" height="20" alt="" src="data:image/gif;base64,\
R0lGODlhAQABAAAAACwAAAAAAQABAAA="></div>
<div class="wb-table-wrap"><table style="width:900px"><tr><td>wide but scrolls</td></tr>
</table></div>
<svg width="800" height="200" viewBox="0 0 800 200" style="max-width:100%;height:auto"
 aria-label="chart without a key"><text x="10" y="100" font-size="12">shrunk label</text></svg>
<figure class="wb-chart"><svg width="300" height="150" aria-label="chart with a key">
 <g class="mark-group role-legend"><text x="0" y="20" font-size="12">key</text></g></svg></figure>
<div style="display:none"><span style="font-size:5px">hidden on purpose</span></div>
</body></html>"""


def test_the_checks_find_each_fault_and_let_the_rest_pass(chromium):
    """The page checks themselves, on a page whose faults are known."""
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.set_content(FAULTS)
        widths = page.evaluate(PAGE_WIDTH_JS)["scrollers"]
        assert widths[0]["scrollWidth"] > 390  # the document scrolls sideways
        beyond = page.evaluate(BEYOND_JS)["found"]
        whats = " | ".join(b["what"] for b in beyond)
        assert "a block too wide for a phone" in whats
        (image,) = [b for b in beyond if b["what"].startswith("<img")]
        assert image["clippedBy"].startswith("<div")
        assert "wide but scrolls" not in whats and "<table" not in whats
        small = {s["what"].split('"')[-2]: s for s in _small_text(page)}
        assert set(small) == {"a tiny note", "shrunk label"}
        assert small["a tiny note"]["size"] == 9
        assert small["shrunk label"]["kind"] == "SVG text drawn height"
        assert small["shrunk label"]["chart"] == "chart without a key"
        legends = {v["label"]: v["legend"] for v in page.evaluate(LEGENDS_JS)}
        assert legends == {"chart without a key": False, "chart with a key": True}
    finally:
        context.close()
