"""The shipped JupyterHub configuration, run for real: one portal per client engagement.

JupyterHub (from PyPI) and its proxy (configurable-http-proxy, from the npm registry: `make hub`)
start with deploy/jupyterhub/jupyterhub_config.py on free ports in a temporary folder, with two
client engagements made by `workbench new --demo`. Their run folders hold the demo's executed
notebooks (a `workbench run` would take minutes and change nothing here: the brand, and so the
client's name on every page, comes from the engagement). Alice (Acme) and Bob (Globex) sign in
through the hub's own sign-in form with real HTTP, and Carol is the consultant who sees both.

The test installs nothing. Without JupyterHub or the proxy it is skipped, except under CI
(CI=true), where that is a failure: `make test` installs both.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from live import wait_for

from workbench.commands import cli
from workbench.core import paths
from workbench.portal.serve import _free_port
from workbench.testing import browser

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"
PROXY_DIR = ROOT / "build" / "npm" / "node_modules" / ".bin"  # where `make hub` installs it
PASSWORD = "hub-test-password-4711"
RUN = "2026-01-05T090000"
CLIENTS = {"acme": ("Acme Logistics", "alice"), "globex": ("Globex Retail", "bob")}


def _missing() -> list[str]:
    missing = []
    if not Path(sys.executable).with_name("jupyterhub").is_file():
        missing.append("jupyterhub (pip install -e '.[test]')")
    path = os.pathsep.join([str(PROXY_DIR), os.environ.get("PATH", "")])
    if not shutil.which("configurable-http-proxy", path=path):
        missing.append("configurable-http-proxy (make hub)")
    return missing


def _engagement(folder: Path, name: str, client: str) -> Path:
    root = folder / name
    assert cli.main(["new", str(root), "--client", client, "--demo"]) == 0
    shutil.copytree(paths.DEMO_NOTEBOOKS, root / paths.OUTPUTS / RUN)
    return root


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    """The hub's public URL, with both portals up behind it."""
    missing = _missing()
    if missing:
        message = "JupyterHub test needs " + " and ".join(missing)
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; `make test` installs them")
        pytest.skip(message)
    folder = tmp_path_factory.mktemp("hub")
    ports = {name: _free_port() for name in CLIENTS}
    lines = ["[portal]", 'args = ["--warm", "0"]', 'consultants = ["carol"]']
    for name, (client, user) in CLIENTS.items():
        root = _engagement(folder, name, client)
        lines += [f"[engagements.{name}]", f'folder = "{root}"', f'users = ["{user}"]']
        lines += [f"port = {ports[name]}"]
    (folder / "engagements.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    public, api, hub_port = _free_port(), _free_port(), _free_port()
    env = dict(os.environ, WORKBENCH_ENGAGEMENTS=str(folder / "engagements.toml"))
    env["PATH"] = os.pathsep.join([str(PROXY_DIR), env.get("PATH", "")])
    command = [
        str(Path(sys.executable).with_name("jupyterhub")),
        "-f",
        str(CONFIG),
        "--ip=127.0.0.1",
        f"--port={public}",
        f"--JupyterHub.hub_bind_url=http://127.0.0.1:{hub_port}",
        f"--ConfigurableHTTPProxy.api_url=http://127.0.0.1:{api}",
        # Sign-in is the operator's choice; the test's is a shared password.
        "--JupyterHub.authenticator_class=dummy",
        f"--DummyAuthenticator.password={PASSWORD}",
    ]
    log = open(folder / "hub.log", "wb")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        command, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    url = f"http://127.0.0.1:{public}"

    def portals_answer() -> bool:
        assert process.poll() is None, (folder / "hub.log").read_text()[-3000:]
        try:  # a portal that is up sends a visitor without a cookie to the hub's OAuth
            answers = [
                requests.get(f"{url}/services/{name}/", allow_redirects=False, timeout=5)
                for name in CLIENTS
            ]
        except requests.ConnectionError:
            return False
        return all("oauth2/authorize" in r.headers.get("Location", "") for r in answers)

    try:
        wait_for(portals_answer, "JupyterHub and both portals", timeout=120, every=0.25)
        yield url, ports
    finally:
        process.send_signal(signal.SIGTERM)  # the hub stops its services, then the proxy
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()
    wait_for(lambda: not any(_listening(p) for p in ports.values()), "the portals to stop")


def sign_in(hub_url: str, user: str, start: str = "/hub/login") -> tuple[requests.Session, str]:
    """A browser-like session signed in through the hub's form; the page it lands on."""
    session = requests.Session()
    form = session.get(hub_url + start, timeout=30)
    xsrf = re.search(r'name="_xsrf" value="([^"]+)"', form.text)
    assert form.status_code == 200 and xsrf, form.text[:500]
    data = {"username": user, "password": PASSWORD, "_xsrf": xsrf.group(1)}
    landed = session.post(form.url, data=data, timeout=60)
    assert landed.status_code == 200, landed.text[:500]
    return session, landed


def test_each_client_lands_in_their_own_portal_and_is_refused_at_the_other(hub):
    url, _ = hub
    for name, (client, user) in CLIENTS.items():
        session, landed = sign_in(url, user)
        # Straight from the hub's sign-in into their own portal (the config's default_url).
        assert landed.url == f"{url}/services/{name}/"
        assert client in landed.text and "stakeholder_mapping.ipynb" in landed.text
        for other, (other_client, _) in CLIENTS.items():
            if other == name:
                continue
            refused = session.get(f"{url}/services/{other}/", timeout=30)
            assert refused.status_code == 403
            assert other_client not in refused.text
            app = session.get(f"{url}/services/{other}/voila/render/culture_analysis.ipynb")
            assert app.status_code == 403 and other_client not in app.text


def test_a_client_following_a_link_signs_in_and_reaches_the_app(hub):
    url, _ = hub
    session, landed = sign_in(url, "alice", "/services/acme/voila/render/culture_analysis.ipynb")
    assert landed.url == f"{url}/services/acme/voila/render/culture_analysis.ipynb"
    assert "Acme Logistics" in landed.text


def test_the_consultant_opens_every_portal(hub):
    url, _ = hub
    session, _ = sign_in(url, "carol")
    for name, (client, _) in CLIENTS.items():
        page = session.get(f"{url}/services/{name}/", timeout=30)
        assert page.status_code == 200 and client in page.text


def test_a_portal_reached_past_the_hub_still_asks_the_hub(hub):
    url, ports = hub
    direct = requests.get(
        f"http://127.0.0.1:{ports['acme']}/services/acme/", allow_redirects=False, timeout=30
    )
    assert direct.status_code == 302
    assert "/hub/api/oauth2/authorize" in direct.headers["Location"]
    assert "Acme Logistics" not in direct.text


def test_clients_get_no_jupyter_server_and_no_other_users(hub):
    url, _ = hub
    session, _ = sign_in(url, "bob")
    xsrf = session.cookies.get("_xsrf", path="/hub/")
    spawn = session.post(f"{url}/hub/api/users/bob/server", headers={"X-XSRFToken": xsrf})
    assert spawn.status_code == 403
    assert session.get(f"{url}/hub/spawn", timeout=30).status_code == 403
    # The home page names no portal: clients do not learn who else is a client.
    home = session.get(f"{url}/hub/home", timeout=30)
    assert "acme" not in home.text.lower() and "Acme" not in home.text


@pytest.mark.browser
def test_an_app_renders_in_chromium_through_the_hub(hub, context):
    """Cookies, the redirects and the kernel's websocket, all through the hub's proxy."""
    url, _ = hub
    page = context.new_page()
    page.goto(f"{url}/services/globex/voila/render/relationship_model_design.ipynb")
    page.fill("#username_input", "bob")
    page.fill("#password_input", PASSWORD)
    page.click("#login_submit")
    page.wait_for_url(f"{url}/services/globex/voila/render/relationship_model_design.ipynb")
    browser.wait_until_rendered(page)
    assert "Globex Retail" in page.inner_text(".wb-client")
    page.close()


def test_signing_out_of_a_portal_signs_out_of_the_hub(hub):
    url, _ = hub
    session, landed = sign_in(url, "alice")
    assert "Acme Logistics" in landed.text
    out = session.get(f"{url}/services/acme/logout", timeout=30)
    assert out.history and out.history[0].headers["Location"].endswith("/hub/logout")
    again = session.get(f"{url}/services/acme/", timeout=30)
    assert "/hub/login" in again.url and "Acme Logistics" not in again.text
