"""The guard every portal kernel loads, in a real IPython shell."""

import logging
import sys

from IPython.core.interactiveshell import InteractiveShell

from workbench.portal import viewer_kernel


def test_a_failure_outside_the_notebook_run_shows_a_plain_note_and_logs_details(capfd):
    shell = InteractiveShell.instance()
    try:
        viewer_kernel.load_ipython_extension(shell)
        try:
            raise ValueError("/srv/secret/path.py exploded")
        except ValueError:
            shell.showtraceback()  # what a failing widget callback calls
        out, err = capfd.readouterr()
        assert out.strip() == viewer_kernel.PLAIN_NOTE
        assert "Traceback" in err and "/srv/secret/path.py" in err  # the server's log
        logging.getLogger("ipykernel.comm").error("Exception opening comm", exc_info=False)
        out, err = capfd.readouterr()
        assert out == "" and "Exception opening comm" in err
    finally:
        for name in ("", "ipykernel", "ipykernel.comm", "comm", "traitlets"):
            logger = logging.getLogger(name)
            for handler in list(logger.handlers):
                if isinstance(handler, viewer_kernel.ServerLogHandler):
                    logger.removeHandler(handler)
            logger.propagate = True
        InteractiveShell.clear_instance()
        sys.excepthook = sys.__excepthook__
