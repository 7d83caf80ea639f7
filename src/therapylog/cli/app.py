"""The ``therapylog`` command: global options, the error boundary, and the command table."""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import sys
import traceback
from collections.abc import Sequence
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from therapylog import __version__
from therapylog.cli import context
from therapylog.data.errors import TherapylogError
from therapylog.data.safetext import one_line, printable
from therapylog.journal.fsutil import describe_os_error


def _fail(message: str, code: int) -> NoReturn:
    """The one error line. Messages may quote a file's content or name: shown, never obeyed."""
    sys.stderr.write(f"therapylog: {one_line(message)}\n")
    sys.exit(code)


def _print_traceback() -> None:
    """``--debug``: the traceback, whose messages may quote a file, made inert like the rest."""
    sys.stderr.write(printable(traceback.format_exc()))


#: What writing to stdout fails with when it is a full disk or a broken device.
_OUTPUT_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})


def _output_failed(error: OSError) -> str:
    return f"could not write the output: {describe_os_error(error)}"


def _internal_error(error: Exception) -> NoReturn:
    """A bug: say so plainly, keep the detail behind --debug."""
    if context.state.debug:
        _print_traceback()
        sys.exit(1)
    # The type only: an exception's text can hold what it was reading (a UnicodeDecodeError
    # holds the whole file), and a private entry has no place in an error line.
    _fail(f"internal error: {type(error).__name__} (run again with --debug for the traceback)", 1)


class TherapylogGroup(TyperGroup):
    """Turns every failure into one line on stderr and the exit codes the README lists."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        context.state = context.State()
        try:
            result = super().main(
                args=args,
                prog_name=prog_name or "therapylog",
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
        except TherapylogError as error:
            if context.state.debug:
                _print_traceback()
            _fail(str(error), error.exit_code)
        except typer.TyperException as error:
            hint = ""
            command = getattr(getattr(error, "ctx", None), "command_path", None)
            if error.exit_code == 2 and command:
                hint = f" (see `{command} --help`)"
            # typer validates option values with pydantic, whose messages carry this prefix
            message = error.format_message().replace("Value error, ", "")
            _fail(f"{message}{hint}", error.exit_code)
        except (typer.Abort, KeyboardInterrupt, EOFError):
            _fail("cancelled; nothing was saved", 130)
        except BrokenPipeError:
            sys.exit(1)
        except OSError as error:
            if error.errno not in _OUTPUT_ERRORS:
                _internal_error(error)
            # Journal files report their own errors (JournalError): this is the output.
            _fail(_output_failed(error), 1)
        except Exception as error:
            _internal_error(error)
        code = result if isinstance(result, int) else 0
        if standalone_mode:
            sys.exit(code)
        return code


app = typer.Typer(
    cls=TherapylogGroup,
    name="therapylog",
    help=(
        "A private journal for people in therapy. Record each appointment in under a minute; "
        "therapylog notices the patterns one session hides and prepares a summary to bring "
        "to your next session.\n\n"
        "Example: therapylog add --mood-before 4 --mood-after 6 --incident forgot-details"
    ),
    no_args_is_help=True,
    # Typer's --install-completion and --show-completion; the values come from cli/completion.py
    add_completion=True,
    pretty_exceptions_enable=False,
    # Plain help: Rich-formatted help imports about 0.1 s of rich (markdown, tracebacks) on
    # every --help, longer than the rest of the command (docs/performance.md).
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"therapylog {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    journal: Annotated[
        str | None,
        typer.Option(
            "--journal",
            metavar="PATH",
            help="Journal folder (default: $THERAPYLOG_JOURNAL, else your user data folder).",
            show_default=False,
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    keyring: Annotated[
        bool,
        typer.Option(
            "--keyring",
            help="Unlock an encrypted journal with the passphrase saved in the system keyring "
            "(also: THERAPYLOG_KEYRING=1).",
        ),
    ] = False,
    version: Annotated[  # noqa: ARG001 - handled by its eager callback
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    context.state.journal_option = journal
    context.state.debug = debug
    context.state.keyring = keyring


def _register() -> None:
    from therapylog.cli import add, entries, finding, goals, maintenance, report, status, therapists

    app.command("add")(add.add)
    app.command("list")(finding.list_entries)
    app.command("search")(finding.search)
    app.command("tags")(finding.tags)
    app.command("status")(status.status)
    app.command("show")(entries.show)
    app.command("edit")(entries.edit)
    app.command("rm")(entries.remove)
    app.add_typer(goals.app, name="goals")
    app.add_typer(therapists.app, name="therapists")
    app.command("check")(maintenance.check)
    app.command("backup")(maintenance.backup)
    app.command("import")(maintenance.import_)
    app.command("kinds")(maintenance.kinds)
    report.register(app)
    from therapylog.cli import encryption

    encryption.register(app)
    context.unlocker = encryption.unlock


_register()


def main() -> None:
    # Third-party pydantic plugins would see every entry validated here: a private journal
    # has no use for them, and looking them up scans every installed package at start-up.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    # A command is short-lived: reference counting frees what it drops, and the cycle
    # collector's passes over thousands of entries cost more than they could ever free.
    gc.disable()
    try:
        app()
    except SystemExit as done:
        _end(done.code)
    _end(0)


def _end(code: object) -> NoReturn:
    """Flush the output and end the process without tearing the interpreter down.

    Everything therapylog writes is complete by now (atomic, fsynced, closed; locks are
    released by the kernel). What is left is freeing every object one by one: after reading
    ten thousand entries that is tens of milliseconds, longer than some whole commands.
    """
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("message"), as Python itself would end
        sys.stderr.write(f"{printable(str(code))}\n")
        status = 1
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away (`therapylog list | head`): no message
        status = status or 1
    except OSError as error:  # a full disk under `> file`
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write(f"therapylog: {_output_failed(error)}\n")
        status = status or 1
    except ValueError:  # stdout was closed
        status = status or 1
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    os._exit(status)
