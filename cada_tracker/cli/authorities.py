"""`cada authority ...` and `cada init`."""

from __future__ import annotations

import textwrap
from pathlib import Path

import typer

from cada_tracker import messages as M
from cada_tracker.cli.app import JSON_OPTION, PlainTyper, app, context, echo, echo_bytes, emit_json
from cada_tracker.display import shown, table_width

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
        if key == "tags":
            value = ", ".join(value) or None
        lines = str(value).split("\n") if value is not None else ["-"]
        echo(f"{key + ':':12} {shown(lines[0])}")
        for more in lines[1:]:  # a postal address on several lines
            echo(f"{'':12} {shown(more)}")


_TAG_HELP = "A tag (a group of authorities, e.g. 'hérault'); repeat for several."


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
    tag: list[str] = typer.Option(None, "--tag", metavar="TAG", help=_TAG_HELP),
    json_: bool = JSON_OPTION,
) -> None:
    """Add an authority. Prints its slug."""
    from cada_tracker.services import authorities as service

    record = service.add_authority(
        context(),
        service.AuthorityInput(name, slug, kind, email, address, department, prada, tag or []),
    )
    data = service.authority_json(record)
    emit_json(data) if json_ else echo(data["slug"])


# the columns of `authority list` that wrap on a narrow terminal (name, tags), the narrowest
# they wrap to; the others (slug, department, e-mail) are never cut
_WRAPPING = (1, 4)
_NAME_MIN = 16
_TAGS_MIN = 10
_GAP = "  "


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]


def authority_table(rows: list[dict], width: int | None) -> list[str]:
    """The table of `authority list`: slug, name, department, e-mail, tags (the tags column
    only when an authority has one). On a terminal narrower than the table the name and the
    tags wrap in their columns (as `cada status` wraps), never cut; a pipe or `--wide` keeps
    whole lines."""
    header = list(M.AUTHORITY_LIST_HEADER)
    with_tags = any(a["tags"] for a in rows)
    cells = [[shown(a["slug"]), shown(a["name"]), a["department"] or "-",
              shown(a["email"] or "-"), ", ".join(shown(t) for t in a["tags"])]
             for a in rows]
    if not with_tags:
        header, cells = header[:4], [c[:4] for c in cells]
    natural = [max(len(c) for c in column) for column in zip(header, *cells, strict=True)]
    widths = list(natural)
    total = sum(natural) + len(_GAP) * (len(natural) - 1)
    if width is not None and total > width:
        excess = total - width
        # the tags give way first (down to their longest tag), then the name (down to
        # _NAME_MIN), then the tags again (down to _TAGS_MIN, a long tag broken)
        if with_tags:
            floor = max(_TAGS_MIN, *(len(t) + 1 for a in rows for t in a["tags"]))
            cut = min(excess, max(0, natural[4] - floor))
            widths[4] -= cut
            excess -= cut
        cut = min(excess, max(0, natural[1] - _NAME_MIN))
        widths[1] -= cut
        excess -= cut
        if with_tags:
            widths[4] -= min(excess, max(0, widths[4] - _TAGS_MIN))
    out = []
    for row in [header, *cells]:
        columns = [_wrap(c, w) if i in _WRAPPING else [c]
                   for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        for n in range(max(len(col) for col in columns)):
            parts = [(col[n] if n < len(col) else "").ljust(w)
                     for col, w in zip(columns, widths, strict=True)]
            out.append(_GAP.join(parts).rstrip())
    return out


@authority_app.command("list")
def authority_list(
    tag: str = typer.Option(None, "--tag", metavar="TAG",
                            help="Only the authorities with this tag."),
    wide: bool = typer.Option(
        False, "--wide", help="One whole line per authority, whatever the terminal's width "
        "(the default when stdout is not a terminal)."),
    json_: bool = JSON_OPTION,
) -> None:
    """List authorities: slug, name, department, e-mail and tags."""
    from cada_tracker.services import authorities as service

    ctx = context()
    rows = [service.authority_json(a) for a in service.list_authorities(ctx, tag)]
    if json_:
        emit_json({"authorities": rows})
        return
    if not rows:
        if tag is None:
            echo(M.AUTHORITY_LIST_EMPTY)
            return
        in_use = service.tags_in_use(ctx)
        hint = M.AUTHORITY_TAGS_IN_USE.format(tags=", ".join(in_use)) if in_use else ""
        echo(M.AUTHORITY_LIST_NO_TAG.format(tag=shown(tag), hint=hint))
        return
    for line in authority_table(rows, table_width(wide)):
        echo(line)


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
    tag: list[str] = typer.Option(None, "--tag", metavar="TAG", help="Add this tag; repeatable."),
    untag: list[str] = typer.Option(
        None, "--untag", metavar="TAG", help="Remove this tag; repeatable."),
    json_: bool = JSON_OPTION,
) -> None:
    """Change fields of an authority (only the options given)."""
    from cada_tracker.services import authorities as service

    changes: dict[str, str | None] = {
        "name": name, "slug": new_slug, "kind": kind, "email": email, "address": address,
        "department": department, "prada": prada,
    }
    data = service.authority_json(
        service.edit_authority(context(), slug, changes, add_tags=tag, remove_tags=untag))
    emit_json(data) if json_ else _print_authority(data)


@authority_app.command("import")
def authority_import(
    file: Path = typer.Argument(
        ..., help="UTF-8 CSV with a header row: name,slug,kind,email,address,department,prada,"
        "tags (only 'name' is required; tags ';'-separated). A bad row stops the import; "
        "nothing is imported."
    ),
    update: bool = typer.Option(
        False, "--update", help="Update the authorities whose slug exists (the columns of the "
        "file; an empty cell clears a field) instead of refusing them; report created, updated "
        "and unchanged."),
    json_: bool = JSON_OPTION,
) -> None:
    """Import authorities from a CSV file (all or nothing)."""
    from cada_tracker.services import authorities as service

    result = service.import_authorities(context(), file, update=update)
    if json_:
        emit_json(service.import_json(result, update=update))
    elif not update:
        echo(M.AUTHORITY_IMPORTED.format(n=len(result.created), path=file))
    else:
        echo(M.AUTHORITY_IMPORT_COUNTS.format(
            path=file, created=len(result.created), updated=len(result.updated),
            unchanged=len(result.unchanged)))
        for record, changes in result.updated:
            echo(M.AUTHORITY_IMPORT_CHANGED.format(slug=record.slug, fields=", ".join(changes)))


@authority_app.command("export")
def authority_export(
    output: Path = typer.Option(
        None, "-o", "--output", metavar="FILE", help="Write here (default: stdout)."),
    fmt: str = typer.Option(
        "csv", "--format", "-f", metavar="FORMAT",
        help="csv (the columns `authority import` reads) or json."),
    force: bool = typer.Option(False, "--force", help="Overwrite FILE if it exists."),
) -> None:
    """Write every authority, by slug, in the CSV columns `authority import` reads (or JSON):
    export, then import --update elsewhere, gives the same authorities."""
    from cada_tracker.fsutil import write_atomic
    from cada_tracker.services import authorities as service

    ctx = context()
    payload, n = service.export_authorities(ctx, fmt)
    if output is None:
        echo_bytes(payload)
        return
    write_atomic(output, payload, force=force, settings=ctx.settings)
    echo(M.AUTHORITY_EXPORTED.format(n=n, path=output))
