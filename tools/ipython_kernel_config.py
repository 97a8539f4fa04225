# Installed by `make` as .venv/etc/ipython/ipython_kernel_config.py (read by every
# kernel started from .venv).
#
# ipykernel 7.4 logs "Kernel is running over TCP without encryption" on every start.
# The book's kernels are started by myst-nb through jupyter-cache and nbclient on
# loopback, and none of them lets us choose IPC transport or CurveZMQ keys. The line
# would otherwise appear in every build log, where the strict build treats any
# WARNING as a failure. Only that one message is dropped; every other kernel log
# line is kept.
import logging


class _DropUnencryptedTcpNotice(logging.Filter):
    def filter(self, record):
        return "running over TCP without encryption" not in record.getMessage()


logging.getLogger("IPKernelApp").addFilter(_DropUnencryptedTcpNotice())


# When a build's kernel is shut down, ipykernel can still hold a tornado ZMQStream callback for
# a socket that has just been closed; tornado then logs "Uncaught exception in ZMQStream
# callback" with zmq's ENOTSOCK ("Socket operation on non-socket") after the notebook has run
# completely (seen once in about ten fresh builds; the build and its pages were fine). Only
# that shutdown race is dropped: any other uncaught callback error is still logged.
class _DropShutdownSocketRace(logging.Filter):
    def filter(self, record):
        if "Uncaught exception in ZMQStream callback" not in record.getMessage():
            return True
        error = record.exc_info[1] if record.exc_info else None
        return not (error is not None and "Socket operation on non-socket" in str(error))


logging.getLogger("tornado.general").addFilter(_DropShutdownSocketRace())
