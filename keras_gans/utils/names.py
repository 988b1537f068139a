"""Messages for a name that is not among the known ones."""

import difflib


def unknown_name(kind, name, known):
    """`Unknown <kind> '<name>'. Did you mean ...? Available: ...`."""
    close = difflib.get_close_matches(str(name), list(known), n=1)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    return f"Unknown {kind} '{name}'.{hint} Available: {', '.join(sorted(known))}."
