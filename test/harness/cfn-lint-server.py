"""
A long-lived cfn-lint for one jest run (started by test/harness/global-setup.ts, used by test/harness/cfn-lint.ts).

Each `cfn-lint` process spends about 1.3 s loading its ~550 rules before it lints anything, and the suite
runs it dozens of times. This process loads the rules once, then answers each request in a fork of
itself, which runs cfn-lint's own command line (cfnlint.runner.cli: the same argument parsing,
configuration files, formatter and exit code) with the rules already loaded. A fork per request keeps
requests from each other, as separate processes are, and lets two jest workers lint at the same time.
Loaded rules are used only for requests with the options they were loaded with.

Protocol, on a Unix socket: one JSON request line {"args": [...]} (the cfn-lint arguments), answered by
one JSON line {"status": int, "stdout": str, "stderr": str}, like a process's.
"""
import contextlib
import io
import json
import os
import signal
import socket
import subprocess
import sys

from cfnlint import version as cfnlint_version
from cfnlint.config import ConfigMixIn
from cfnlint.runner import cli

_RULES = {}
_key = None


class _CachedRunner(cli.Runner):
    def _get_rules(self):
        if _key not in _RULES:
            super()._get_rules()
            _RULES[_key] = self.rules
        self.rules = _RULES[_key]


def run(args):
    """cfnlint.runner.cli.main(), with the rules cached by every option before the template list."""
    global _key
    _key = tuple(args[: args.index("--")] if "--" in args else args)
    stdout, stderr = io.StringIO(), io.StringIO()
    status = 0
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            _CachedRunner(ConfigMixIn(args)).cli()
        except SystemExit as exit_:
            status = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
        except Exception as error:  # what main() does with an unexpected error
            print(error)
            status = 1
    return {"status": status, "stdout": stdout.getvalue(), "stderr": stderr.getvalue()}


def main():
    socket_path, preload = sys.argv[1], sys.argv[2:]
    # Serve only when this interpreter's cfn-lint is the one on PATH; otherwise the tests run that one directly.
    cli_version = subprocess.run(["cfn-lint", "--version"], capture_output=True, text=True).stdout.strip()
    if cli_version != f"cfn-lint {cfnlint_version.__version__}":
        sys.exit(f"cfn-lint server: {sys.executable} has cfn-lint {cfnlint_version.__version__}, PATH has {cli_version!r}")
    if preload:
        run(preload + ["--", os.devnull])
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(socket_path + ".tmp")
    server.listen(16)
    # Clients wait for this name, so they never connect before the rules are loaded.
    os.rename(socket_path + ".tmp", socket_path)
    # Forks are not waited for.
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    # The jest run that started this server ends it; should that run die, this one follows it.
    parent = os.getppid()
    server.settimeout(5)
    while os.getppid() == parent:
        try:
            connection, _ = server.accept()
        except socket.timeout:
            continue
        if os.fork() != 0:
            connection.close()
            continue
        server.close()
        connection.settimeout(None)
        with connection, connection.makefile("rwb") as stream:
            line = stream.readline()
            if line:
                stream.write((json.dumps(run(json.loads(line)["args"])) + "\n").encode())
                stream.flush()
        os._exit(0)


if __name__ == "__main__":
    main()
