#!/usr/bin/python3
"""Drives spaces-desktop through AT-SPI as a screen reader user would.

Finds the app on the accessibility bus, then every control by role and accessible name: the
"New Space" toolbar button, the create dialog's name field and its Create button, the new
space's row in the table, the "Start" toolbar button; waits for the row to read "Running".
Every push button, text field and combo box in the window and in the dialog must have an
accessible name. Exits non-zero with a sentence saying what went wrong.

Environment: ATSPI_SPACE_NAME (default "atspi-space"), ATSPI_DUMP=1 prints the trees.
"""
import os
import sys
import time

import pyatspi

APP_NAME = "spaces-desktop"
SPACE_NAME = os.environ.get("ATSPI_SPACE_NAME", "atspi-space")
DUMP = os.environ.get("ATSPI_DUMP") == "1"
# Roles whose objects a user operates and must be able to find by name.
NAMED_ROLES = {"push button", "text", "entry", "password text", "combo box"}


APP = None  # the application once found, to list its windows when something is missing


class Failure(Exception):
    pass


def log(message):
    print(f"drive_app: {message}", flush=True)


def wait_for(what, probe, timeout=30.0, interval=0.25):
    """Calls probe until it returns something truthy; fails naming `what` after timeout."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            result = probe()
            if result:
                return result
        except Exception as error:  # objects vanish while the UI changes: try again
            last_error = error
        time.sleep(interval)
    detail = f" (last error: {last_error})" if last_error else ""
    raise Failure(f"timed out after {timeout:.0f} s waiting for {what}{detail}"
                  + (f"; the app's windows: {top_levels(APP)}" if APP is not None else ""))


def children(node):
    try:
        count = node.childCount
    except Exception:
        return []
    result = []
    for index in range(count):
        try:
            child = node.getChildAtIndex(index)
        except Exception:
            continue
        if child is not None:
            result.append(child)
    return result


def walk(node, depth=0, limit=40):
    """Every object under node (node included), depth first."""
    yield node
    if depth >= limit:
        return
    for child in children(node):
        yield from walk(child, depth + 1, limit)


def role(node):
    try:
        return node.getRoleName()
    except Exception:
        return ""


def name(node):
    try:
        return node.name or ""
    except Exception:
        return ""


def is_showing(node):
    try:
        return node.getState().contains(pyatspi.STATE_SHOWING)
    except Exception:
        return False


def find(root, wanted_role, wanted_name, showing=True):
    for node in walk(root):
        if role(node) == wanted_role and name(node) == wanted_name and (
            not showing or is_showing(node)
        ):
            return node
    return None


def dump(root, depth=0):
    for child in [root]:
        print("  " * depth + f"[{role(child)}] {name(child)!r}"
              + ("" if is_showing(child) else " (hidden)"))
    for child in children(root):
        dump(child, depth + 1)


def find_app():
    desktop = pyatspi.Registry.getDesktop(0)
    for app in children(desktop):
        if name(app) == APP_NAME:
            return app
    return None


def top_level(app, wanted_role, wanted_name):
    """The app's top-level window of this role titled wanted_name, or "<server> — wanted_name"."""
    for window in children(app):
        title = name(window)
        if role(window) == wanted_role and (title == wanted_name
                                            or title.endswith(" \u2014 " + wanted_name)):
            return window
    return None


def top_levels(app):
    return ", ".join(f"[{role(window)}] {name(window)!r}" for window in children(app)) or "none"


def press(node, what):
    action = node.queryAction()
    names = [action.getName(i) for i in range(action.nActions)]
    for preferred in ("Press", "press", "click", "activate"):
        if preferred in names:
            action.doAction(names.index(preferred))
            return
    if not names:
        raise Failure(f"{what} offers no action to press")
    action.doAction(0)


def label_of(node):
    """The text of the label that the object is labelled by (a buddy label), else ""."""
    try:
        for relation in node.getRelationSet():
            if relation.getRelationType() == pyatspi.RELATION_LABELLED_BY:
                for index in range(relation.getNTargets()):
                    text = name(relation.getTarget(index)).strip()
                    if text:
                        return text
    except Exception:
        pass
    return ""


def unnamed_controls(root):
    """Push buttons, text fields and combo boxes under root without an accessible name.

    Qt on Linux names a combo box by its current text and announces its buddy label through
    the labelled-by relation, so a combo box passes with either."""
    offenders = []
    for node in walk(root):
        if role(node) not in NAMED_ROLES or name(node).strip():
            continue
        if role(node) == "combo box" and label_of(node):
            continue
        path = []
        parent = node
        for _ in range(6):
            try:
                parent = parent.parent
            except Exception:
                break
            if parent is None:
                break
            path.append(f"{role(parent)} {name(parent)!r}")
        offenders.append(f"[{role(node)}] inside " + " < ".join(path))
    return offenders


def table_row_of(table, text):
    """The row of the first cell reading text, through the table interface, or None."""
    interface = table.queryTable()
    for row in range(interface.nRows):
        for column in range(interface.nColumns):
            cell = interface.getAccessibleAt(row, column)
            if cell is not None and name(cell) == text:
                return row
    return None


def row_texts(table, row):
    interface = table.queryTable()
    texts = []
    for column in range(interface.nColumns):
        cell = interface.getAccessibleAt(row, column)
        texts.append(name(cell) if cell is not None else "")
    return texts


def main():
    app = wait_for(f"the application '{APP_NAME}' on the accessibility bus", find_app, 40)
    global APP
    APP = app
    log(f"found {APP_NAME}")
    window = wait_for("the main window 'Spaces Desktop'",
                      lambda: top_level(app, "frame", "Spaces Desktop"), 30)
    if DUMP:
        dump(window)

    # "This computer" found the private spacesd: the list or its empty state is there.
    wait_for("the connection to the local server (the 'Create your first space' page or the "
             "'Spaces' table)",
             lambda: find(window, "push button", "Create your first space")
             or find(window, "table", "Spaces"), 40)

    problems = []
    offenders = unnamed_controls(window)
    if offenders:
        problems.append("controls without an accessible name in the main window:\n  "
                        + "\n  ".join(offenders))

    # The toolbar button reads as its action's icon text, "New Space…".
    new_button = wait_for("the toolbar button 'New Space'",
                          lambda: find(window, "push button", "New Space\u2026")
                          or find(window, "push button", "New Space"))
    press(new_button, "'New Space'")
    log("pressed New Space")
    dialog = wait_for("the create dialog 'New Space'", lambda: top_level(app, "dialog", "New Space"))
    if DUMP:
        dump(dialog)
    name_field = wait_for("the text field 'Space name' in the create dialog",
                          lambda: find(dialog, "text", "Space name")
                          or find(dialog, "entry", "Space name"))
    create = wait_for("the 'Create' button", lambda: find(dialog, "push button", "Create"))
    offenders = unnamed_controls(dialog)
    if offenders:
        problems.append("controls without an accessible name in the create dialog:\n  "
                        + "\n  ".join(offenders))

    name_field.queryEditableText().setTextContents(SPACE_NAME)
    wait_for(f"the name field to read '{SPACE_NAME}'",
             lambda: name_field.queryText().getText(0, -1) == SPACE_NAME, 5)
    # Enabled once the name is valid and the templates have arrived from the server.
    wait_for("the 'Create' button to become enabled",
             lambda: create.getState().contains(pyatspi.STATE_ENABLED)
             and create.getState().contains(pyatspi.STATE_SENSITIVE), 10)
    press(create, "'Create'")
    log(f"typed '{SPACE_NAME}' and pressed Create")
    wait_for("the create dialog to close",
             lambda: top_level(app, "dialog", "New Space") is None, 10)

    table = wait_for("the table 'Spaces'", lambda: find(window, "table", "Spaces"), 20)
    wait_for(f"a table cell reading '{SPACE_NAME}'",
             lambda: table_row_of(table, SPACE_NAME) is not None, 20)
    row = table_row_of(table, SPACE_NAME)
    log(f"the space is listed in row {row}: {row_texts(table, row)}")
    wait_for(f"'{SPACE_NAME}' to read 'Stopped'", lambda: "Stopped" in row_texts(table, row), 20)

    # Selected as a screen reader user would: the table's row selection.
    table.queryTable().addRowSelection(row)
    start = find(window, "push button", "Start")
    if start is None:
        raise Failure("no push button 'Start' in the window")
    wait_for("the 'Start' button to become enabled once the space is selected",
             lambda: start.getState().contains(pyatspi.STATE_ENABLED), 10)
    press(start, "'Start'")
    log("selected the space and pressed Start")
    wait_for(f"a table cell reading 'Running' in the row of '{SPACE_NAME}'",
             lambda: row_texts(table, table_row_of(table, SPACE_NAME)).count("Running") > 0, 40)
    log(f"the space reads: {row_texts(table, table_row_of(table, SPACE_NAME))}")

    offenders = unnamed_controls(window)
    if offenders:
        problems.append("controls without an accessible name in the main window (space "
                        "selected):\n  " + "\n  ".join(offenders))
    if problems:
        raise Failure("\n".join(problems))


if __name__ == "__main__":
    try:
        main()
    except Failure as failure:
        print(f"drive_app: FAIL: {failure}", file=sys.stderr, flush=True)
        sys.exit(1)
    log("PASS")
