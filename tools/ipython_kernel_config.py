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
