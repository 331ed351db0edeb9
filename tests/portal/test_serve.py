import importlib
import json
import os
import secrets
import shutil
from dataclasses import replace

import pytest
from jupyter_server.auth.security import passwd, passwd_check

from workbench.commands import cli
from workbench.core import paths
from workbench.core.engagement import Engagement
from workbench.core.errors import EngagementError
from workbench.portal import pages as portal
from workbench.portal import serve
from workbench.portal.serve import PortalSettings, check_settings
from workbench.present import serving
from workbench.present.page import read_only_reason

TOKEN = secrets.token_urlsafe(24)  # 32 characters


@pytest.fixture
def no_secrets(monkeypatch):
    monkeypatch.delenv(serve.TOKEN_ENV, raising=False)
    monkeypatch.delenv(serve.PASSWORD_ENV, raising=False)


# PortalSettings and check_settings -------------------------------------------


def test_default_settings_listen_on_this_machine_only():
    assert PortalSettings().ip == "127.0.0.1"
    assert check_settings(PortalSettings()).ip == "127.0.0.1"


def test_public_settings_listen_on_every_interface():
    assert PortalSettings(public=True, token=TOKEN).ip == "0.0.0.0"


def test_public_without_a_secret_is_refused_with_the_fix():
    with pytest.raises(EngagementError) as info:
        check_settings(PortalSettings(public=True))
    message = str(info.value)
    assert serve.TOKEN_ENV in message and "`workbench password`" in message
    assert "Fix:" in message


def test_public_with_a_long_token_passes():
    settings = PortalSettings(public=True, token=TOKEN)
    assert len(TOKEN) == 32
    assert check_settings(settings) == settings


def test_public_with_a_hashed_password_passes():
    settings = PortalSettings(public=True, password_hash=passwd("correct horse"))
    assert check_settings(settings) == settings


def test_a_short_token_is_refused():
    with pytest.raises(EngagementError, match=serve.TOKEN_ENV):
        check_settings(PortalSettings(token="x" * (serve.MIN_TOKEN_LENGTH - 1)))


@pytest.mark.parametrize("bad", ["hunter2-plaintext", "argon2:", "md5:abc"])
def test_a_password_that_is_not_a_hash_is_refused(bad):
    with pytest.raises(EngagementError, match="workbench password"):
        check_settings(PortalSettings(public=True, password_hash=bad))


@pytest.mark.parametrize("base_url", ["apps", "/apps", "apps/", ""])
def test_base_url_needs_both_slashes(base_url):
    with pytest.raises(EngagementError, match="--base-url"):
        check_settings(PortalSettings(base_url=base_url))


def test_a_base_url_with_both_slashes_passes():
    assert check_settings(PortalSettings(base_url="/apps/")).base_url == "/apps/"


@pytest.mark.parametrize(
    "name", ["warm_kernels", "max_kernels", "cull_idle_seconds", "cull_interval_seconds"]
)
def test_negative_numbers_are_refused(name):
    with pytest.raises(EngagementError, match=name):
        check_settings(replace(PortalSettings(), **{name: -1}))


@pytest.mark.parametrize("port", [0, 65536, -5])
def test_a_port_outside_tcp_range_is_refused(port):
    with pytest.raises(EngagementError, match=str(port)):
        check_settings(PortalSettings(port=port))


# settings_from_env -----------------------------------------------------------


def test_secrets_are_read_from_the_environment(monkeypatch):
    hashed = passwd("correct horse")
    monkeypatch.setenv(serve.TOKEN_ENV, TOKEN)
    monkeypatch.setenv(serve.PASSWORD_ENV, hashed)
    settings = serve.settings_from_env(port=9000, public=True)
    assert (settings.token, settings.password_hash) == (TOKEN, hashed)
    assert (settings.port, settings.public) == (9000, True)


def test_no_secrets_in_the_environment_means_none(no_secrets):
    settings = serve.settings_from_env()
    assert settings.token == "" and settings.password_hash == ""


# voila_config ----------------------------------------------------------------


def test_voila_config_locks_the_pages_down():
    config = serve.voila_config(PortalSettings())
    voila = config["VoilaConfiguration"]
    assert voila["template"] == portal.PORTAL_TEMPLATE
    assert voila["show_tracebacks"] is False
    assert voila["strip_sources"] is True
    assert voila["file_allowlist"] == []
    json.dumps(config)  # written as voila.json


def test_voila_config_uses_the_capped_kernel_manager():
    dotted = serve.voila_config(PortalSettings())["VoilaConfiguration"][
        "multi_kernel_manager_class"
    ]
    assert dotted == "workbench.portal.kernels.CappedKernelManager"
    module, _, name = dotted.rpartition(".")
    assert getattr(importlib.import_module(module), name).__name__ == name


def test_voila_config_follows_the_settings():
    settings = PortalSettings(
        port=9123,
        public=True,
        token=TOKEN,
        base_url="/apps/",
        warm_kernels=3,
        max_kernels=7,
        cull_idle_seconds=123,
        cull_interval_seconds=9,
    )
    config = serve.voila_config(settings)
    assert config["Voila"]["ip"] == settings.ip
    assert config["Voila"]["port"] == 9123
    assert config["Voila"]["base_url"] == "/apps/"
    assert config["Voila"]["open_browser"] is False
    capped = config["CappedKernelManager"]
    assert capped["max_kernels"] == 7
    assert capped["cull_idle_timeout"] == 123
    assert capped["cull_interval"] == 9
    assert config["VoilaConfiguration"]["preheat_kernel"] is True
    assert config["VoilaConfiguration"]["default_pool_size"] == 3
    assert config["VoilaKernelManager"]["kernel_pools_config"]["default"]["pool_size"] == 3


def test_voila_config_without_warm_kernels_turns_preheat_off():
    config = serve.voila_config(PortalSettings(warm_kernels=0))
    assert config["VoilaConfiguration"]["preheat_kernel"] is False


def test_voila_config_holds_secrets_only_when_set():
    plain = serve.voila_config(PortalSettings())
    assert "token" not in plain["Voila"]
    assert "PasswordIdentityProvider" not in plain
    hashed = passwd("correct horse")
    both = serve.voila_config(PortalSettings(token=TOKEN, password_hash=hashed))
    assert both["Voila"]["token"] == TOKEN
    assert both["PasswordIdentityProvider"]["hashed_password"] == hashed


# voila_env and voila_argv ----------------------------------------------------


def test_voila_env_drops_the_secrets(monkeypatch, tmp_path):
    monkeypatch.setenv(serve.TOKEN_ENV, TOKEN)
    monkeypatch.setenv(serve.PASSWORD_ENV, "argon2:xyz")
    env = serve.voila_env(tmp_path)
    assert serve.TOKEN_ENV not in env and serve.PASSWORD_ENV not in env
    assert TOKEN not in "".join(env.values())
    assert os.environ[serve.TOKEN_ENV] == TOKEN  # the server's own environment is untouched


def test_voila_env_puts_the_runtime_templates_first(monkeypatch, tmp_path):
    existing = str(tmp_path / "existing")
    monkeypatch.setenv("JUPYTER_PATH", existing)
    env = serve.voila_env(tmp_path / "runtime")
    parts = env["JUPYTER_PATH"].split(os.pathsep)
    assert parts == [str(tmp_path / "runtime"), str(paths.SHARE_DIR), existing]


def test_voila_env_without_runtime_starts_with_the_packaged_templates(monkeypatch):
    monkeypatch.delenv("JUPYTER_PATH", raising=False)
    assert serve.voila_env()["JUPYTER_PATH"] == str(paths.SHARE_DIR)


def test_voila_env_marks_kernels_as_client_apps(monkeypatch):
    monkeypatch.delenv(serving.CLIENT_APP_ENV, raising=False)
    assert serve.voila_env()[serving.CLIENT_APP_ENV] == "1"
    assert serving.VIS_URL_ENV not in serve.voila_env()  # no portal template: maps inline it
    with_portal = serve.voila_env(templates=paths.SHARE_DIR, base_url="/apps/")
    assert with_portal[serving.VIS_URL_ENV].startswith("/apps/")


def test_voila_argv_carries_no_secret(monkeypatch, tmp_path):
    monkeypatch.setenv(serve.TOKEN_ENV, TOKEN)
    argv = serve.voila_argv(paths.DEMO_NOTEBOOKS, tmp_path)
    assert not any(TOKEN in arg for arg in argv)
    assert str(paths.DEMO_NOTEBOOKS) in argv
    assert any(str(tmp_path) in arg for arg in argv)


# portal_brand ----------------------------------------------------------------


def test_demo_folder_is_branded_as_the_demo_client():
    b = serve.portal_brand(paths.DEMO_NOTEBOOKS)
    assert b.client == Engagement.load(paths.DEMO_NAME).client
    assert "demo" in b.source.lower()


def test_a_run_folder_is_branded_as_its_engagement(demo_copy):
    run = demo_copy / paths.OUTPUTS / "2026-01-01T000000"
    run.mkdir(parents=True)
    shutil.copy(paths.DEMO_NOTEBOOKS / paths.WORKSHOP_TEMPLATES[0], run)
    b = serve.portal_brand(run)
    assert b.client == Engagement.load(demo_copy).client == "Northwind Copy"
    assert "2026-01-01T000000" in b.source


def test_any_other_folder_gets_the_generic_brand(tmp_path):
    shutil.copy(paths.DEMO_NOTEBOOKS / paths.WORKSHOP_TEMPLATES[0], tmp_path)
    b = serve.portal_brand(tmp_path)
    assert b.client not in (Engagement.load(paths.DEMO_NAME).client, "Client")
    assert b.logo_uri == ""
    assert b.source == str(tmp_path.resolve())


def test_an_outputs_folder_outside_an_engagement_gets_the_generic_brand(tmp_path):
    run = tmp_path / paths.OUTPUTS / "2026-01-01T000000"
    run.mkdir(parents=True)
    generic = serve.portal_brand(tmp_path)
    assert serve.portal_brand(run).client == generic.client


# CLI -------------------------------------------------------------------------


def test_serve_public_without_a_secret_exits_before_starting(monkeypatch, no_secrets, capsys):
    started = []
    monkeypatch.setattr(serve.subprocess, "Popen", lambda *a, **k: started.append(a))
    assert cli.main(["serve", "--public"]) == 2
    err = capsys.readouterr().err
    assert serve.TOKEN_ENV in err and "workbench password" in err and "Fix:" in err
    assert started == []


def _answers(monkeypatch, *answers):
    replies = iter(answers)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(replies))


def test_password_prints_a_hash_jupyter_accepts(monkeypatch, capsys):
    _answers(monkeypatch, "correct horse battery", "correct horse battery")
    assert cli.main(["password"]) == 0
    captured = capsys.readouterr()
    hashed = captured.out.strip()
    assert passwd_check(hashed, "correct horse battery")
    assert not passwd_check(hashed, "wrong horse battery")
    assert serve.PASSWORD_ENV in captured.err
    check_settings(PortalSettings(public=True, password_hash=hashed))  # serve accepts it


def test_password_twice_differently_is_refused(monkeypatch, capsys):
    _answers(monkeypatch, "correct horse battery", "correct horse batterz")
    assert cli.main(["password"]) == 2
    captured = capsys.readouterr()
    assert "differ" in captured.err and "Fix:" in captured.err
    assert captured.out == ""


def test_a_short_password_is_refused(monkeypatch, capsys):
    _answers(monkeypatch, "abc", "abc")
    assert cli.main(["password"]) == 2
    captured = capsys.readouterr()
    assert "characters" in captured.err and "Fix:" in captured.err
    assert captured.out == ""


# Editors are read-only in the client app -------------------------------------


def test_editors_are_read_only_in_kernels_the_portal_starts(demo_copy):
    kernel = serving.from_environment(serve.voila_env())
    assert kernel.client_app
    reason = read_only_reason(Engagement.load(demo_copy), "Ratings", kernel)
    assert reason is not None and "Ratings" in reason


def test_editors_are_writable_for_the_consultant(monkeypatch, demo_copy):
    monkeypatch.delenv("SERVER_SOFTWARE", raising=False)
    monkeypatch.delenv(serving.CLIENT_APP_ENV, raising=False)
    consultant = serving.from_environment()
    assert not consultant.client_app
    assert read_only_reason(Engagement.load(demo_copy), "Ratings", consultant) is None


def test_visitors_cannot_switch_template_or_theme_and_busy_ports_are_errors():
    config = serve.voila_config(PortalSettings())
    assert config["VoilaConfiguration"]["allow_template_override"] == "NO"
    assert config["VoilaConfiguration"]["allow_theme_override"] == "NO"
    assert config["Voila"]["port_retries"] == 0


def test_without_a_secret_only_requests_to_localhost_are_answered():
    local = serve.voila_config(PortalSettings())
    assert local["Voila"]["tornado_settings"]["allow_remote_access"] is False
    shared = serve.voila_config(PortalSettings(token="t" * 32))
    assert "allow_remote_access" not in shared["Voila"]["tornado_settings"]


def test_voila_env_drops_the_hubs_tokens_too(monkeypatch, tmp_path):
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "hub-secret")
    monkeypatch.setenv("JPY_API_TOKEN", "old-hub-secret")
    monkeypatch.setenv("JUPYTER_TOKEN", "server-secret")
    env = serve.voila_env(tmp_path)
    assert not {"JUPYTERHUB_API_TOKEN", "JPY_API_TOKEN", "JUPYTER_TOKEN"} & set(env)
    assert env["PATH"] == os.environ["PATH"]  # everything else is kept


def test_spares_that_fill_the_kernel_cap_are_refused_before_start():
    apps = len(portal.discover_apps(paths.DEMO_NOTEBOOKS))
    settings = PortalSettings(warm_kernels=2, max_kernels=2 * apps)
    with pytest.raises(EngagementError, match="--max-kernels above"):
        serve.VoilaServer(paths.DEMO_NOTEBOOKS, settings)
    serve.VoilaServer(paths.DEMO_NOTEBOOKS, replace(settings, max_kernels=2 * apps + 1))


# What the portal configures against abuse (issue 13) ------------------------


def test_xsrf_is_checked_and_cookies_stay_on_this_site():
    config = serve.voila_config(PortalSettings())
    tornado = config["Voila"]["tornado_settings"]
    assert tornado["xsrf_cookies"] is True and "disable_check_xsrf" not in tornado
    assert tornado["xsrf_cookie_kwargs"]["samesite"] == "Lax"
    cookie = config["IdentityProvider"]["cookie_options"]
    assert cookie == {"samesite": "Lax", "httponly": True}


def test_the_share_per_visitor_and_the_grace_reach_the_kernel_manager():
    capped = serve.voila_config(PortalSettings(max_per_visitor=3, unattached_seconds=20))[
        "CappedKernelManager"
    ]
    assert (capped["max_per_visitor"], capped["unattached_seconds"]) == (3, 20)


@pytest.mark.parametrize("name", ["max_per_visitor", "unattached_seconds"])
def test_negative_shares_and_graces_are_refused(name):
    with pytest.raises(EngagementError, match=name):
        check_settings(replace(PortalSettings(), **{name: -1}))


def test_kernels_load_the_viewer_guard_from_the_runtime_profile(tmp_path):
    from workbench.portal import viewer_kernel

    folder = viewer_kernel.write_profile(tmp_path / "ipython")
    config = (folder / "profile_default" / "ipython_kernel_config.py").read_text("utf-8")
    assert viewer_kernel.MODULE in config and "capture_fd_output = False" in config
    env = serve.voila_env(tmp_path / "share", ipython_dir=folder)
    assert env["IPYTHONDIR"] == str(folder)
