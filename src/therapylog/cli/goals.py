"""``therapylog goals``: the goals you are working on in therapy."""

from __future__ import annotations

from typing import Annotated

import typer

from therapylog.cli import completion, context
from therapylog.data import dates

app = typer.Typer(
    help="Your goals for therapy. They belong to you, not to one therapist.\n\n"
    'Example: therapylog goals add "Sleep through the night" --id sleep',
    no_args_is_help=True,
    rich_markup_mode=None,  # plain help, as in cli/app.py
)


@app.command("add")
def add(
    title: Annotated[str, typer.Argument(help="What you want to change, in your words.")],
    goal_id: Annotated[
        str | None,
        typer.Option("--id", help="A short slug to type in --progress (default: from the title)."),
    ] = None,
) -> None:
    """Add a goal.

    Example: therapylog goals add "Speak up at work" --id speak-up
    """
    from therapylog.usecases.goals import add_goal

    goal = add_goal(context.open_journal(), title, goal_id=goal_id, today=dates.today())
    context.echo(goal.id)


@app.command("list")
def list_goals(
    all_goals: Annotated[
        bool, typer.Option("--all", help="Include achieved and dropped goals.")
    ] = False,
    json: Annotated[bool, typer.Option("--json", help="Print the goals as JSON.")] = False,
) -> None:
    """List your goals (active ones unless --all).

    Example: therapylog goals list --all
    """
    from rich.table import Table
    from rich.text import Text

    from therapylog.data.errors import JournalError
    from therapylog.data.safetext import one_line

    goals, problem = context.open_journal().read_goals()
    if problem is not None:
        raise JournalError(str(problem))
    shown = goals if all_goals or json else [goal for goal in goals if goal.active]
    if json:
        context.print_json([goal.to_json() for goal in shown])
        return
    if not shown:
        context.echo(
            'No goals yet. Add one with `therapylog goals add "..."`.'
            if not goals
            else "No active goals (see --all)."
        )
        return
    table = Table(box=None, header_style="bold", pad_edge=False)
    for column in ("id", "title", "since", "status"):
        table.add_column(column, overflow="fold")
    for goal in shown:
        table.add_row(
            Text(one_line(goal.id)),
            Text(one_line(goal.title)),
            goal.created.isoformat(),
            goal.status.value,
        )
    context.console().print(table)


@app.command("done")
def done(
    goal_id: Annotated[
        str, typer.Argument(metavar="ID", help="The goal's id.", autocompletion=completion.goal_ids)
    ],
) -> None:
    """Mark a goal achieved.

    Example: therapylog goals done sleep
    """
    from therapylog.data.catalogue import GoalStatus
    from therapylog.usecases.goals import set_goal_status

    goal = set_goal_status(context.open_journal(), goal_id, GoalStatus.ACHIEVED)
    context.echo(f"{goal.id}: achieved. Well done.")


@app.command("drop")
def drop(
    goal_id: Annotated[
        str, typer.Argument(metavar="ID", help="The goal's id.", autocompletion=completion.goal_ids)
    ],
) -> None:
    """Drop a goal you no longer work on.

    Example: therapylog goals drop sleep
    """
    from therapylog.data.catalogue import GoalStatus
    from therapylog.usecases.goals import set_goal_status

    goal = set_goal_status(context.open_journal(), goal_id, GoalStatus.DROPPED)
    context.echo(f"{goal.id}: dropped")
