"""Tests for workbench.present.serving: reading the portal's marks from a kernel's environment."""

from __future__ import annotations

import dataclasses

import pytest

from workbench.present.serving import (
    CLIENT_APP_ENV,
    CONSULTANT,
    VIS_URL_ENV,
    ServingContext,
    from_environment,
    kernel_environment,
)


def test_an_unmarked_environment_is_a_consultant():
    assert from_environment({}) == CONSULTANT == ServingContext(client_app=False, vis_url=None)
    assert from_environment({"PATH": "/usr/bin", "SERVER_SOFTWARE": "gunicorn/22"}) == CONSULTANT


@pytest.mark.parametrize(
    ("environ", "client"),
    [
        ({CLIENT_APP_ENV: "1"}, True),
        ({CLIENT_APP_ENV: ""}, False),
        ({"SERVER_SOFTWARE": "voila/0.5.8"}, True),  # a Voila started by hand
        ({"SERVER_SOFTWARE": "jupyter_server/2.14"}, False),
    ],
)
def test_client_app_comes_from_the_mark_or_a_voila_server(environ, client):
    assert from_environment(environ).client_app is client


def test_vis_url_is_read_and_an_empty_one_means_inline():
    assert from_environment({VIS_URL_ENV: "/static/vis/"}).vis_url == "/static/vis/"
    assert from_environment({VIS_URL_ENV: ""}).vis_url is None


def test_kernel_environment_is_the_inverse_of_from_environment():
    assert kernel_environment(None) == {CLIENT_APP_ENV: "1"}
    assert kernel_environment("") == {CLIENT_APP_ENV: "1"}
    marks = kernel_environment("/portal/vis/")
    assert marks == {CLIENT_APP_ENV: "1", VIS_URL_ENV: "/portal/vis/"}
    assert from_environment(marks) == ServingContext(client_app=True, vis_url="/portal/vis/")


def test_without_a_mapping_the_process_environment_is_read(monkeypatch):
    monkeypatch.delenv("SERVER_SOFTWARE", raising=False)
    monkeypatch.setenv(CLIENT_APP_ENV, "1")
    monkeypatch.setenv(VIS_URL_ENV, "/vis/")
    assert from_environment() == ServingContext(client_app=True, vis_url="/vis/")
    monkeypatch.delenv(CLIENT_APP_ENV)
    monkeypatch.delenv(VIS_URL_ENV)
    assert from_environment() == CONSULTANT


def test_a_context_cannot_be_changed_after_the_fact():
    with pytest.raises(dataclasses.FrozenInstanceError):
        CONSULTANT.client_app = True  # type: ignore[misc]
    assert CONSULTANT.client_app is False
