import base64
import html
import json
import re
import shutil

import jinja2
import nbformat
import pytest

from workbench.core import paths
from workbench.core.engagement import Engagement
from workbench.core.errors import EngagementError
from workbench.portal import pages as portal

HOSTILE = "<img src=x onerror=alert(1)>{{ 7*7 }}{% raw %}"
FRAGMENTS = (
    "wb_brand_css.html",
    "wb_brand_bar.html",
    "wb_app_list.html",
    "wb_source.html",
    "wb_client.html",
)


def _notebook(path, *cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def _first_markdown(path):
    nb = nbformat.read(path, as_version=4)
    return next(c.source for c in nb.cells if c.cell_type == "markdown")


def _brand(client="Acme Ltd", logo_uri="", source="Run 2026-01-01T000000"):
    return portal.Brand(client, "Assessment", "#1f4e79", "#f2a900", logo_uri, source)


def _set_logo(engagement, value):
    """Put ``logo = value`` under [branding] of an engagement.toml and load the engagement."""
    toml = engagement / paths.ENGAGEMENT_FILE
    text = re.sub(r"(?m)^#? ?logo = .*$", "", toml.read_text(encoding="utf-8"))
    assert "[branding]\n" in text
    text = text.replace("[branding]\n", f"[branding]\nlogo = {json.dumps(value)}\n", 1)
    toml.write_text(text, encoding="utf-8")
    return Engagement.load(engagement)


# discover_apps ---------------------------------------------------------------


def test_demo_apps_come_in_workshop_order():
    apps = portal.discover_apps(paths.DEMO_NOTEBOOKS)
    assert [a.path for a in apps] == list(paths.WORKSHOP_TEMPLATES)


def test_demo_app_titles_are_the_notebooks_first_headings():
    for app in portal.discover_apps(paths.DEMO_NOTEBOOKS):
        first_line = _first_markdown(paths.DEMO_NOTEBOOKS / app.path).strip().splitlines()[0]
        assert first_line.startswith("#")
        assert app.title == first_line.lstrip("#").strip()


def test_demo_app_descriptions_are_one_sentence_from_the_notebook():
    for app in portal.discover_apps(paths.DEMO_NOTEBOOKS):
        markdown = _first_markdown(paths.DEMO_NOTEBOOKS / app.path)
        assert app.description.endswith("."), app
        assert "\n" not in app.description
        assert ". " not in app.description  # only one sentence
        assert app.description in " ".join(markdown.split())


def test_a_new_notebook_appears_without_editing_any_list(tmp_path):
    shutil.copy(paths.DEMO_NOTEBOOKS / paths.WORKSHOP_TEMPLATES[0], tmp_path)
    _notebook(
        tmp_path / "extras" / "pipeline_review.ipynb",
        nbformat.v4.new_markdown_cell(
            "# Pipeline review\n\nWhich deals need a sponsor. Second sentence is dropped."
        ),
    )
    apps = portal.discover_apps(tmp_path)
    assert [a.path for a in apps] == [paths.WORKSHOP_TEMPLATES[0], "extras/pipeline_review.ipynb"]
    assert apps[1].title == "Pipeline review"
    assert apps[1].description == "Which deals need a sponsor."


def test_checkpoints_and_hidden_notebooks_are_ignored(tmp_path):
    heading = nbformat.v4.new_markdown_cell("# Real app")
    _notebook(tmp_path / "real.ipynb", heading)
    _notebook(tmp_path / ".ipynb_checkpoints" / "real-checkpoint.ipynb", heading)
    _notebook(tmp_path / "sub" / ".ipynb_checkpoints" / "other-checkpoint.ipynb", heading)
    assert [a.path for a in portal.discover_apps(tmp_path)] == ["real.ipynb"]


def test_notebook_without_markdown_is_titled_from_its_file_name(tmp_path):
    _notebook(tmp_path / "quarterly_pulse_check.ipynb", nbformat.v4.new_code_cell("1 + 1"))
    (app,) = portal.discover_apps(tmp_path)
    assert app.title == "Quarterly pulse check"
    assert app.description == ""


def test_empty_folder_has_no_apps(tmp_path):
    assert portal.discover_apps(tmp_path) == []


def test_a_file_that_is_not_json_names_the_file_and_the_fix(tmp_path):
    broken = tmp_path / "broken.ipynb"
    broken.write_text("this is not a notebook", encoding="utf-8")
    with pytest.raises(EngagementError, match="broken.ipynb") as info:
        portal.discover_apps(tmp_path)
    assert "Fix:" in str(info.value)


# logo_data_uri ---------------------------------------------------------------


def test_no_logo_gives_an_empty_uri(blank_engagement):
    assert portal.logo_data_uri(Engagement.load(blank_engagement)) == ""


@pytest.mark.parametrize(
    ("name", "data", "mime"),
    [
        ("inputs/logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>', "image/svg+xml"),
        ("inputs/Logo.PNG", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "image/png"),
    ],
)
def test_logo_is_embedded_as_a_data_uri(demo_copy, name, data, mime):
    (demo_copy / name).write_bytes(data)
    uri = portal.logo_data_uri(_set_logo(demo_copy, name))
    match = re.fullmatch(r"data:([^;]+);base64,([A-Za-z0-9+/=]+)", uri)
    assert match, uri
    assert match[1] == mime
    assert base64.b64decode(match[2]) == data


def test_brand_carries_the_engagement_and_its_logo(demo_copy):
    (demo_copy / "inputs" / "logo.svg").write_bytes(b"<svg/>")
    eng = _set_logo(demo_copy, "inputs/logo.svg")
    b = portal.brand(eng, "Run X")
    assert b.client == eng.client and b.title == eng.title
    assert b.logo_uri == portal.logo_data_uri(eng) != ""
    assert b.source == "Run X"


def _logo_error(engagement, name):
    with pytest.raises(EngagementError) as info:
        portal.logo_data_uri(_set_logo(engagement, name))
    message = str(info.value)
    assert paths.ENGAGEMENT_FILE in message and "Fix:" in message
    return message


def test_missing_logo_file_says_where_and_how_to_fix(demo_copy):
    assert "no such file" in _logo_error(demo_copy, "inputs/missing.png")


def test_logo_of_the_wrong_type_is_refused(demo_copy):
    (demo_copy / "inputs" / "logo.exe").write_bytes(b"MZ")
    message = _logo_error(demo_copy, "inputs/logo.exe")
    assert "logo.exe" in message and ".svg" in message


def test_logo_over_the_size_limit_is_refused(demo_copy):
    (demo_copy / "inputs" / "huge.png").write_bytes(b"\0" * (portal.LOGO_MAX_BYTES + 1))
    assert f"{portal.LOGO_MAX_BYTES // 1024} KB" in _logo_error(demo_copy, "inputs/huge.png")


def test_a_pdf_named_logo_png_is_refused_as_a_pdf(demo_copy):
    (demo_copy / "inputs" / "logo.png").write_bytes(b"%PDF-1.7\n1 0 obj\n")
    message = _logo_error(demo_copy, "inputs/logo.png")
    assert "a PDF document, although its name says .png" in message


def test_logo_at_the_size_limit_is_accepted(demo_copy):
    png = b"\x89PNG\r\n\x1a\n"
    (demo_copy / "inputs" / "big.png").write_bytes(png + b"\0" * (portal.LOGO_MAX_BYTES - 8))
    assert portal.logo_data_uri(_set_logo(demo_copy, "inputs/big.png")).startswith("data:")


# brand_bar, app_list, write_template -----------------------------------------


def _assert_inert(fragment):
    assert "<img" not in fragment
    assert "{{" not in fragment and "{%" not in fragment
    assert HOSTILE in html.unescape(fragment)


def test_brand_bar_escapes_the_client_name():
    bar = portal.brand_bar(_brand(client=HOSTILE), "/")
    _assert_inert(bar)


def test_brand_bar_links_home_to_the_base_url():
    bar = portal.brand_bar(_brand(), "/apps/")
    assert 'href="/apps/"' in bar


def test_brand_bar_shows_the_logo_only_when_there_is_one():
    assert "<img" not in portal.brand_bar(_brand(), "/")
    bar = portal.brand_bar(_brand(logo_uri="data:image/png;base64,AAAA"), "/")
    assert 'src="data:image/png;base64,AAAA"' in bar


def test_app_list_escapes_titles_and_descriptions():
    apps = [portal.App("a.ipynb", HOSTILE, "Safe."), portal.App("b.ipynb", "B", HOSTILE)]
    listing = portal.app_list(apps)
    assert "<img" not in listing and "{{" not in listing and "{%" not in listing
    assert html.unescape(listing).count(HOSTILE) == 2


def test_app_list_links_each_app_under_the_base_url():
    apps = [portal.App("sub dir/my app.ipynb", "My app", "")]
    listing = portal.app_list(apps, "/apps/")
    assert 'href="/apps/voila/render/sub%20dir/my%20app.ipynb"' in listing


def test_app_list_of_nothing_says_so():
    listing = portal.app_list([])
    assert "<li>" not in listing and "No apps" in listing


def test_write_template_extends_the_workbench_template(tmp_path):
    dest = portal.write_template(tmp_path, [], _brand())
    folder = dest / "voila" / "templates" / portal.PORTAL_TEMPLATE
    conf = json.loads((folder / "conf.json").read_text(encoding="utf-8"))
    assert conf["base_template"] == "workbench"
    assert (paths.SHARE_DIR / "voila" / "templates" / conf["base_template"]).is_dir()
    for name in FRAGMENTS:
        assert (folder / name).is_file(), name


def test_write_template_fragments_are_escaped_and_use_the_base_url(tmp_path):
    apps = [portal.App("x.ipynb", HOSTILE, HOSTILE)]
    portal.write_template(tmp_path, apps, _brand(client=HOSTILE, source=HOSTILE), "/apps/")
    folder = tmp_path / "voila" / "templates" / portal.PORTAL_TEMPLATE
    for name in ("wb_brand_bar.html", "wb_app_list.html", "wb_source.html", "wb_client.html"):
        _assert_inert((folder / name).read_text(encoding="utf-8"))
    assert 'href="/apps/voila/render/x.ipynb"' in (folder / "wb_app_list.html").read_text()
    assert 'href="/apps/"' in (folder / "wb_brand_bar.html").read_text()


def test_write_template_can_be_written_twice(tmp_path):
    portal.write_template(tmp_path, [], _brand(client="First"))
    portal.write_template(tmp_path, [], _brand(client="Second"))
    folder = tmp_path / "voila" / "templates" / portal.PORTAL_TEMPLATE
    assert (folder / "wb_client.html").read_text(encoding="utf-8") == "Second"


def test_jinja_leaves_hostile_notebook_text_inert(tmp_path):
    served = tmp_path / "served"
    _notebook(served / "hostile.ipynb", nbformat.v4.new_markdown_cell(f"# {HOSTILE}\n\nFine."))
    apps = portal.discover_apps(served)
    assert apps[0].title == HOSTILE
    runtime = portal.write_template(
        tmp_path / "runtime", apps, _brand(client=HOSTILE, source=HOSTILE), "/"
    )
    folder = runtime / "voila" / "templates" / portal.PORTAL_TEMPLATE
    # The packaged template pulls the fragments in with {% include %}, as here.
    page = "|".join(f'{{% include "{name}" %}}' for name in FRAGMENTS)
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [jinja2.DictLoader({"page": page}), jinja2.FileSystemLoader(folder)]
        )
    )
    rendered = env.get_template("page").render(x=1)
    written = "|".join((folder / name).read_text(encoding="utf-8") for name in FRAGMENTS)
    assert rendered == written  # Jinja found nothing to evaluate
    assert "49" not in rendered
    assert "<img" not in rendered
    assert html.unescape(rendered).count(HOSTILE) >= 3
