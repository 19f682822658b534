"""`cada authority ...` and `cada init`."""

from __future__ import annotations

from pathlib import Path

import typer

from cada_tracker import messages as M
from cada_tracker.cli.app import JSON_OPTION, PlainTyper, app, context, echo, emit_json

authority_app = PlainTyper(
    help="Public bodies you send requests to (city, metropole, prefecture, operator...).",
    rich_markup_mode=None,
    no_args_is_help=True,
)
app.add_typer(authority_app, name="authority")


@app.command()
def init(
    name: str = typer.Option(None, "--name", help="Your name, as it appears in letters."),
    email: str = typer.Option(None, "--email", help="Your e-mail (for replies; e-mail is free)."),
    address: str = typer.Option(None, "--address", help="Your postal address (CRPA L112-9)."),
    city: str = typer.Option(None, "--city", help="Where you sign letters ('Fait à ...')."),
    residence: str = typer.Option(
        None, "--residence", help="metropole, overseas or abroad (court distance extensions)."
    ),
    json_: bool = JSON_OPTION,
) -> None:
    """Create the home and the requester profile used in letters (run again to edit it)."""
    from cada_tracker.services import authorities as service

    ctx = context()
    s = ctx.settings
    profile = service.init_home(
        ctx, name=name, email=email, address=address, city=city, residence=residence
    )
    data = service.profile_json(profile)
    assert data is not None
    if json_:
        emit_json({"home": str(s.home), "profile": data})
    else:
        echo(M.INIT_DONE.format(home=s.home, name=data["name"]))


def _print_authority(a: dict) -> None:
    for key, value in a.items():
        echo(f"{key + ':':12} {value if value is not None else '-'}")


@authority_app.command("add")
def authority_add(
    name: str = typer.Argument(..., help="Official name, e.g. 'Ville de Montpellier'."),
    slug: str = typer.Option(None, "--slug", help="Short id (default: from the name)."),
    kind: str = typer.Option(None, "--kind", help="commune, metropole, prefecture, operator..."),
    email: str = typer.Option(None, "--email", help="Where requests are sent."),
    address: str = typer.Option(None, "--address", help="Postal address."),
    department: str = typer.Option(
        None, "--department", metavar="CODE",
        help="INSEE department code (34, 67, 971...): selects the court's holiday calendar.",
    ),
    prada: str = typer.Option(None, "--prada", help="The authority's PRADA (access officer)."),
    json_: bool = JSON_OPTION,
) -> None:
    """Add an authority. Prints its slug."""
    from cada_tracker.services import authorities as service

    record = service.add_authority(
        context(), service.AuthorityInput(name, slug, kind, email, address, department, prada)
    )
    data = service.authority_json(record)
    emit_json(data) if json_ else echo(data["slug"])


@authority_app.command("list")
def authority_list(json_: bool = JSON_OPTION) -> None:
    """List authorities."""
    from cada_tracker.services import authorities as service

    rows = [service.authority_json(a) for a in service.list_authorities(context())]
    if json_:
        emit_json({"authorities": rows})
        return
    for a in rows:
        dep = f" [{a['department']}]" if a["department"] else ""
        echo(f"{a['slug']:32} {a['name']}{dep}")


@authority_app.command("show")
def authority_show(
    slug: str = typer.Argument(..., help="Slug."), json_: bool = JSON_OPTION
) -> None:
    """Show one authority."""
    from cada_tracker.services import authorities as service

    data = service.authority_json(service.show_authority(context(), slug))
    emit_json(data) if json_ else _print_authority(data)


@authority_app.command("edit")
def authority_edit(
    slug: str = typer.Argument(..., help="Slug of the authority to change."),
    name: str = typer.Option(None, "--name"),
    new_slug: str = typer.Option(None, "--slug", help="A new slug."),
    kind: str = typer.Option(None, "--kind"),
    email: str = typer.Option(None, "--email"),
    address: str = typer.Option(None, "--address"),
    department: str = typer.Option(None, "--department", metavar="CODE"),
    prada: str = typer.Option(None, "--prada"),
    json_: bool = JSON_OPTION,
) -> None:
    """Change fields of an authority (only the options given)."""
    from cada_tracker.services import authorities as service

    changes: dict[str, str | None] = {
        "name": name, "slug": new_slug, "kind": kind, "email": email, "address": address,
        "department": department, "prada": prada,
    }
    data = service.authority_json(service.edit_authority(context(), slug, changes))
    emit_json(data) if json_ else _print_authority(data)


@authority_app.command("import")
def authority_import(
    file: Path = typer.Argument(
        ..., help="UTF-8 CSV with a header row: name,slug,kind,email,address,department,prada "
        "(only 'name' is required). A bad row stops the import; nothing is imported."
    ),
    json_: bool = JSON_OPTION,
) -> None:
    """Import authorities from a CSV file (all or nothing)."""
    from cada_tracker.services import authorities as service

    rows = [service.authority_json(a) for a in service.import_authorities(context(), file)]
    if json_:
        emit_json({"imported": rows})
    else:
        echo(M.AUTHORITY_IMPORTED.format(n=len(rows), path=file))
