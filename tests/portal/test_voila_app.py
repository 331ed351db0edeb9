"""The portal's Voila application: which of Voila's handlers it replaces, and how."""

from jupyter_server.auth.login import LoginFormHandler
from jupyter_server.auth.logout import LogoutHandler
from jupyter_server.base.handlers import FileFindHandler
from voila.request_info_handler import RequestInfoSocketHandler
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.static_file_handler import MultiStaticFileHandler, TemplateStaticFileHandler
from voila.tornado.handler import TornadoVoilaHandler

from workbench.portal import voila_app
from workbench.portal.serve import voila_argv


def _voila_like() -> list:
    return [
        ("/apps/voila/query/(?P<kernel_id>.*)", RequestInfoSocketHandler),
        ("/apps/voila/render/(.*)", TornadoVoilaHandler, {"x": 1}),
        ("/apps/voila/api/shutdown/(.*)", VoilaShutdownKernelHandler),
        ("/login", LoginFormHandler),
        ("/logout", LogoutHandler),
        ("/apps/voila/templates/(.*)", TemplateStaticFileHandler, {"path": "."}),
        ("/apps/voila/static/(.*)", MultiStaticFileHandler, {"paths": []}),
        ("/apps/voila/labextensions/(.*)", FileFindHandler, {"path": []}),
    ]


def test_the_query_socket_is_dropped_and_pages_scrub_the_token():
    guarded = voila_app.guard_handlers(_voila_like(), "/apps/")
    classes = [spec[1] for spec in guarded]
    assert RequestInfoSocketHandler not in classes
    assert ("/apps/voila/render/(.*)", voila_app.PortalPageHandler, {"x": 1}) in guarded
    assert voila_app.PortalShutdownHandler in classes


def test_sign_in_and_out_move_under_the_base_url_and_are_the_portals():
    routes = {spec[0]: spec[1] for spec in voila_app.guard_handlers(_voila_like(), "/apps/")}
    assert routes["/apps/login"] is voila_app.PortalLoginHandler
    assert routes["/apps/logout"] is voila_app.PortalLogoutHandler
    assert "/login" not in routes and "/logout" not in routes


def test_extensions_need_a_signed_in_visitor_and_the_templates_static_stays_open():
    routes = {spec[0]: spec[1] for spec in voila_app.guard_handlers(_voila_like(), "/apps/")}
    gated = routes["/apps/voila/labextensions/(.*)"]
    assert issubclass(gated, FileFindHandler) and gated is not FileFindHandler
    assert routes["/apps/voila/templates/(.*)"] is voila_app.PortalTemplateStatic
    assert routes["/apps/voila/static/(.*)"] is MultiStaticFileHandler


def test_serve_starts_the_portals_voila(tmp_path):
    assert "workbench.portal.voila_app" in voila_argv(tmp_path, tmp_path)
