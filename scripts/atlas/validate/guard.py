"""The last resort: a check that crashes becomes an `internal-error` problem naming the file, never a traceback.

The shape checks (structure.py) stop the crashes we know of. This catches the ones we do not, so a stranger's
pull request always gets a report that says which file to look at, and the other checks still run.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from ..problems import Problem
from .table import Row, Table

HINT = ("The validator could not finish this check. Look for an unusual value in the file named (a very "
        "long, deeply nested or oddly typed entry); if the file looks right, report it as a bug in "
        "`atlas validate` and attach the file.")


def crash_problem(path: str, what: str, exc: BaseException, line: int | None = None) -> Problem:
    detail = str(exc)[:200]
    return Problem("internal-error", path, f"{what} stopped unexpectedly ({type(exc).__name__}: {detail})",
                   hint=HINT, line=line)


def guarded(check: Callable[[], Iterable[Problem]], path: str, what: str) -> list[Problem]:
    """The problems `check` finds, or one internal-error on `path` when it raises."""
    try:
        return list(check())
    except Exception as exc:  # noqa: BLE001 - the point is to catch what nobody foresaw
        return [crash_problem(path, what, exc)]


def guarded_rule(rule: Callable, context, fallback_path: str) -> Iterator[Problem]:
    """A domain rule's problems; if it raises, one internal-error on the table (and row) it was reading."""
    try:
        yield from rule(context)
    except Exception as exc:  # noqa: BLE001
        table, row = _where(exc)
        yield crash_problem(table.display if table else fallback_path, f"the check {rule.__name__!r}", exc,
                            line=row.line if row else None)


def _where(exc: BaseException) -> tuple[Table | None, Row | None]:
    """The innermost `table` and `row` the crashing code was looking at, read from the traceback's frames."""
    table = row = None
    tb = exc.__traceback__
    while tb is not None:
        names = tb.tb_frame.f_locals
        if isinstance(names.get("table"), Table):
            table = names["table"]
            row = names["row"] if isinstance(names.get("row"), Row) else None
        tb = tb.tb_next
    return table, row
