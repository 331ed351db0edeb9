"""Command line: `workbench new | check | run | serve | password`.

Errors the user can fix are printed as a message, never as a traceback.
"""

from __future__ import annotations

import argparse
import errno
import signal
import sys

from workbench import __version__
from workbench.core.errors import EngagementError, Problem, WorkbenchError


def cmd_new(args: argparse.Namespace) -> int:
    from workbench.commands.new import new, next_steps

    root = new(args.path, args.client, fmt=args.format, demo=args.demo)
    print(f"Created engagement '{args.client}' in {root}")
    print(next_steps(args.path, fmt=args.format, demo=args.demo))
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    from workbench.commands.new import register_template

    written = register_template(args.path, args.folder)
    print(f"Wrote a blank register with this engagement's kinds: {written[0]}")
    print("Fill it in, then copy it into the engagement's inputs/ folder.")
    return 0


def _print_problems(problems: list[Problem]) -> None:
    for severity in ("error", "warning"):
        chosen = [p for p in problems if p.severity == severity]
        if chosen:
            print(f"{len(chosen)} {severity}(s):")
            for p in chosen:
                print(f"  - {p}")


def cmd_check(args: argparse.Namespace) -> int:
    from workbench.commands.check import check

    report = check(args.path)
    _print_problems(report.problems)
    print(report.summary())  # names the files the errors are in, not just the register
    return 1 if report.errors else 0


def cmd_run(args: argparse.Namespace) -> int:
    from workbench.commands.run import run
    from workbench.commands.staging import outputs_summary

    out = run(args.path, progress=not args.quiet)
    print(f"Run finished: {out}")
    print(f"{out.parent} now holds {outputs_summary(out.parent)} (runs are never deleted).")
    print(f"Serve it with `workbench serve {args.path}`.")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from workbench.portal.serve import VoilaServer, app_dir, settings_from_env

    hub = None
    if args.hub:  # under JupyterHub, the hub says where to listen and under which prefix
        from workbench.portal.hub import settings_from_env as hub_settings

        hub = hub_settings()
    settings = settings_from_env(
        port=hub.port if hub else args.port,
        public=hub.listens_everywhere if hub else args.public,
        base_url=hub.prefix if hub else args.base_url,
        hub=hub,
        warm_kernels=args.warm,
        max_kernels=args.max_kernels,
        cull_idle_seconds=args.cull_after,
        max_per_visitor=args.per_visitor,
        unattached_seconds=args.unattached_after,
    )
    folder = app_dir(args.path, args.run)
    server = VoilaServer(folder, settings, startup_timeout=120, log_to_console=True)
    # `kill`, systemd and docker stop with SIGTERM: leave through the same door as Ctrl-C,
    # so Voila, its kernels and the runtime folder (which holds the token) go too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with server:
        where = "every interface" if settings.public else "this machine only"
        print(f"Serving {len(server.apps)} app(s) from {folder} ({where})", flush=True)
        print(f"Open {server.url}/", end="")
        print("?token=<your token>" if settings.token else "", end="")
        print("  (Ctrl-C stops it)", flush=True)
        try:
            return server.wait()
        except KeyboardInterrupt:
            return 0


def cmd_password(args: argparse.Namespace) -> int:
    from getpass import getpass

    from jupyter_server.auth.security import passwd

    first = getpass("Password for the client portal: ")
    if len(first) < 8:
        raise EngagementError("The password needs at least 8 characters. Fix: choose a longer one.")
    if getpass("Once more: ") != first:
        raise EngagementError("The two passwords differ. Fix: run `workbench password` again.")
    print(passwd(first))
    print("Put this in WORKBENCH_PASSWORD_HASH before `workbench serve --public`.", file=sys.stderr)
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="workbench", description=__doc__.splitlines()[0])
    main.add_argument("--version", action="version", version=f"workbench {__version__}")
    sub = main.add_subparsers(dest="command", required=True)

    new = sub.add_parser("new", help="scaffold an engagement folder with input templates")
    new.add_argument("path")
    new.add_argument("--client", required=True, help="client name shown in the apps")
    new.add_argument("--format", choices=["xlsx", "csv"], default="xlsx", help="input source")
    new.add_argument("--demo", action="store_true", help="start from a copy of the demo data")
    new.set_defaults(func=cmd_new)

    template = sub.add_parser(
        "template",
        help="write a blank register whose dropdowns offer the engagement's own kinds",
    )
    template.add_argument("path", help="the engagement whose [vocabularies] the dropdowns use")
    template.add_argument("folder", help="a new or empty folder to write the template into")
    template.set_defaults(func=cmd_template)

    check = sub.add_parser("check", help="validate every input and list all problems")
    check.add_argument("path")
    check.set_defaults(func=cmd_check)

    run = sub.add_parser("run", help="execute the workshops into outputs/<timestamp>/")
    run.add_argument("path")
    run.add_argument("--quiet", action="store_true", help="no progress bar")
    run.set_defaults(func=cmd_run)

    serve = sub.add_parser(
        "serve",
        help="serve finished notebooks as a branded client portal (127.0.0.1 unless --public)",
        description="Secrets come from the environment: WORKBENCH_TOKEN (a long random value) "
        "or WORKBENCH_PASSWORD_HASH (from `workbench password`).",
    )
    serve.add_argument("path", nargs="?", default=None, help="engagement (default: the demo)")
    serve.add_argument("--run", default=None, help="which run in outputs/ (default: latest)")
    serve.add_argument("--port", type=int, default=8866)
    serve.add_argument(
        "--public", action="store_true", help="listen on every interface (needs a secret)"
    )
    serve.add_argument("--base-url", default="/", help="URL prefix behind a proxy, e.g. /apps/")
    serve.add_argument(
        "--warm", type=int, default=1, help="preheated kernels per app (0: start on each visit)"
    )
    serve.add_argument(
        "--max-kernels", type=int, default=40, help="cap on kernels, preheated spares included"
    )
    serve.add_argument(
        "--cull-after", type=int, default=600, help="seconds before an idle, unused kernel stops"
    )
    serve.add_argument(
        "--per-visitor",
        type=int,
        default=4,
        help="kernels one visitor (an address, or a signed-in browser) may hold; 0: no limit",
    )
    serve.add_argument(
        "--unattached-after",
        type=int,
        default=30,
        help="seconds before a visit's kernel that no browser connected to stops",
    )
    serve.add_argument(
        "--hub",
        action="store_true",
        help="run as a JupyterHub service: visitors sign in through the hub, which also sets "
        "the port and URL prefix (see docs/deploy.md)",
    )
    serve.set_defaults(func=cmd_serve)

    password = sub.add_parser("password", help="hash a password for `serve --public`")
    password.set_defaults(func=cmd_password)
    return main


def main(argv: list[str] | None = None) -> int:
    """Run one command; every failure is a message and an exit code, never a traceback.

    Exit codes: 0 done, 1 `check` found errors, 2 a problem to fix, 130 stopped by Ctrl-C
    (143 by SIGTERM during a run).
    """
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except WorkbenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return getattr(exc, "exit_code", 2)
    except KeyboardInterrupt:
        print("Stopped (Ctrl-C) before the command finished. Fix: run it again.", file=sys.stderr)
        return 130
    except OSError as exc:  # one the command did not expect: still a line, not a traceback
        print(f"error: {os_error_message(exc)}", file=sys.stderr)
        return 2


def os_error_message(exc: OSError) -> str:
    """One line for an operating-system error: what failed, on which file, and the fix.

    >>> os_error_message(FileNotFoundError(2, "No such file or directory", "/srv/acme"))
    'No such file or directory: /srv/acme. Fix: check the path; it may have been moved.'
    """
    where = f": {exc.filename}" if exc.filename else ""
    what = f"{exc.strerror or exc}{where}"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        fix = "free space on that disk, then try again."
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        fix = (
            "make that folder writable for you, or work on a copy of the engagement in a "
            "folder you can write to."
        )
    elif exc.errno == errno.ENOENT:
        fix = "check the path; it may have been moved."
    else:
        fix = "check the path and the disk, then try again."
    return f"{what}. Fix: {fix}".replace("\n", " ")


if __name__ == "__main__":
    sys.exit(main())
