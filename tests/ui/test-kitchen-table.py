"""The acceptance scenario of the client (issue 5), driven as a field worker and an office worker
would: sign in against a real draagkracht-sync; lose the network; make the demo household (seed
000) at the kitchen table with its income, rent and debts and see the repayment capacity; come
back online and synchronise; see the dossier on a second device; edit the same field on both
devices and settle the conflict; see the dossier leave when it is assigned to someone else."""

import re
import sys

import dkui

PASSWORD = "keukentafel-2026"


def window(app, title):
    """A window of the client by its title (dialogs are windows of their own)."""
    for i in range(app.childCount):
        child = app.getChildAtIndex(i)
        if child is not None and child.name == title:
            return child
    return None


def status_text(app):
    """The sync line above the dossier list: 'Online · 3 changes waiting · last synchronised …'."""
    starts = tuple(dkui.nl(s) + " · " for s in ("Online", "Offline", "Synchronising…"))
    label = dkui.find_first(app, lambda n: n.getRoleName() == "label" and (dkui.text_of(n) or "").startswith(starts))
    return dkui.text_of(label) if label is not None else ""


def wait_status(app, predicate, what, timeout=30):
    return dkui.wait_for(lambda: predicate(status_text(app)) and status_text(app), what, timeout)


def sign_in(client, user, display_name):
    app = client.app
    dkui.wait_for(lambda: dkui.find(app, "text", dkui.nl("User name")), "the sign-in form")
    dkui.set_text(dkui.find(app, "text", dkui.nl("User name")), user)
    dkui.set_text(dkui.find(app, "text", dkui.nl("Password")), PASSWORD)
    dkui.click(dkui.find(app, "push button", dkui.nl_mnemonic("_Sign In")))
    dkui.wait_for(lambda: dkui.find_label_containing(app, display_name), "the dossier list after sign-in", 30)


def fill_dialog(app, title, fields, save):
    """Fill a form window field by field, as typed, and press its save button."""
    dialog = dkui.wait_for(lambda: window(app, title), f"the window '{title}'")
    for name, value in fields:
        field = dkui.find(dialog, "text", name)
        if field is None:
            raise dkui.Failure(f"no field '{name}' in '{title}'")
        dkui.set_text(field, value)
    dkui.click(dkui.find(dialog, "push button", save))
    dkui.wait_for(lambda: window(app, title) is None, f"'{title}' to close after saving", 10)


def open_tab(app, name):
    dkui.click(dkui.find(app, "page tab", name))


def add_row(app, tab, button, title, fields):
    open_tab(app, tab)
    dkui.click(dkui.find(app, "push button", button))
    fill_dialog(app, title, fields, dkui.nl_mnemonic("_Add"))


def calculation_amount(app, line):
    """The amount of one line of the calculation, from its accessible name 'Line: € 1.234,56'."""
    prefix = line + ": "

    def probe():
        item = dkui.find_first(app, lambda n: n.getRoleName() == "list item" and (n.name or "").startswith(prefix))
        return item.name[len(prefix):].split(" ")[0:2] if item is not None else None
    return " ".join(dkui.wait_for(probe, f"the calculation line '{line}'"))


def cents(amount):
    """'€ 1.401,50' → 140150; fails on anything not in Dutch notation."""
    match = re.fullmatch(r"€ (\d{1,3}(?:\.\d{3})*),(\d{2})", amount)
    if match is None:
        raise dkui.Failure(f"not an amount in Dutch notation: {amount!r}")
    return int(match.group(1).replace(".", "")) * 100 + int(match.group(2))


def edit_counsellor(app, name):
    open_tab(app, dkui.nl_mnemonic("_Overview"))
    dkui.click(dkui.find(app, "push button", dkui.nl_mnemonic("_Edit")))
    fill_dialog(app, dkui.nl("Edit Case"), [(dkui.nl("Counsellor"), name)], dkui.nl_mnemonic("_Save"))


def main():
    tap = dkui.Tap()
    with dkui.Workdir() as work:
        server = dkui.SyncServer(work)
        url = server.start()
        port = int(url.rsplit(":", 1)[1])
        admin = dkui.Admin(server)
        admin.add_user("anna", "Anna de Vries", PASSWORD)
        admin.add_user("bram", "Bram Visser", PASSWORD)
        laptop = dkui.Client(work, url, name="laptop")
        desktop = None
        try:
            app = laptop.app
            sign_in(laptop, "anna", "Anna de Vries")
            tap.ok(True, "signs in against a real draagkracht-sync")
            missing = dkui.unnamed_controls(app)
            tap.ok(not missing, "every control of the main window has an accessible name", "\n".join(missing))

            # The home visit: no network from here on.
            server.stop()
            dkui.click(dkui.find(app, "push button", dkui.nl("New dossier")))
            dialog = dkui.wait_for(lambda: window(app, dkui.nl("New Dossier")), "the new-dossier window")
            missing = dkui.unnamed_controls(dialog)
            tap.ok(not missing, "every control of the new-dossier window has an accessible name", "\n".join(missing))
            fill_dialog(app, dkui.nl("New Dossier"), [
                (dkui.nl("Given names"), "Sanne"),
                (dkui.nl("Tussenvoegsel (van, de, …)"), "van"),
                (dkui.nl("Family name"), "Dijk"),
                (dkui.nl("BSN (optional)"), "999990019"),
                (dkui.nl("Date of birth"), "14-03-1998"),
                (dkui.nl("Street"), "Lindelaan"),
                (dkui.nl("House number"), "12"),
                (dkui.nl("Postcode"), "3311 AB"),
                (dkui.nl("City"), "Dordrecht"),
            ], dkui.nl_mnemonic("C_reate Dossier"))
            title = dkui.wait_for(lambda: dkui.find_label_containing(app, "Sanne van Dijk"), "the new dossier's page")
            tap.ok(title is not None, "makes the dossier of the demo household without a network")
            number = dkui.wait_for(lambda: next(
                (m.group(0) for m in [re.search(r"\b\d{4}-[0-9A-Z]{6}\b", dkui.text_of(lbl) or "")
                 for lbl in [dkui.find_label_containing(app, "Sanne van Dijk ·")] if lbl] if m), None),
                "the dossier number on the page")

            income_tab = dkui.nl_mnemonic("_Income and Costs")
            add_row(app, income_tab, dkui.nl_mnemonic("Add _Income"), dkui.nl("Add Income"),
                    [(dkui.nl("Net amount"), "1.401,50")])
            add_row(app, income_tab, dkui.nl_mnemonic("Add _Fixed Cost"), dkui.nl("Add Fixed Cost"),
                    [(dkui.nl("Amount per month"), "680,00")])
            for creditor, amount in [("Energieleverancier", "850,00"), ("Zorgverzekeraar", "1.240,00"),
                                     ("Belastingdienst", "420,00")]:
                add_row(app, dkui.nl_mnemonic("_Debts"), dkui.nl_mnemonic("Add _Debt"), dkui.nl("Add Debt"),
                        [(dkui.nl("Creditor"), creditor), (dkui.nl("Amount of the claim"), amount),
                         (dkui.nl("Date the debt arose (dd-mm-yyyy)"), "01-06-2025")])
            tap.ok(dkui.find_label_containing(app, "Zorgverzekeraar") is not None, "the debts are on the page")

            open_tab(app, dkui.nl_mnemonic("_Overview"))
            income = calculation_amount(app, dkui.nl("Income per month"))
            tap.ok(income == "€ 1.401,50", "the income is counted, in Dutch notation", income)
            vtlb = calculation_amount(app, dkui.nl("Amount to live on (VTLB)"))
            capacity = calculation_amount(app, dkui.nl("Repayment capacity per month"))
            tap.ok(cents(capacity) == max(0, cents(income) - cents(vtlb)) and cents(vtlb) > 0,
                   "shows the repayment capacity: the income above the VTLB", f"{income} - {vtlb} = {capacity}?")
            tap.note(f"repayment capacity shown: {capacity}")
            waiting = wait_status(app, lambda t: t.startswith(dkui.nl("Offline")) and re.search(r"\d", t),
                                  "the offline status with the changes waiting")
            tap.ok(True, f"says it is offline and how many changes wait: {waiting}")
            dkui.screenshot("kitchen-table-offline")

            # Back at the office: the network returns.
            server.start(port=port)
            dkui.click(dkui.find(app, "push button", dkui.nl("Synchronise now")))
            synced = wait_status(app, lambda t: t.startswith(dkui.nl("Online")) and not re.search(r"\d+ \w+ \w+ ·", t),
                                 "every change sent", 60)
            tap.ok(True, f"synchronises when back online: {synced}")
            dkui.screenshot("kitchen-table-synced")

            desktop = dkui.Client(work, url, name="desktop", own_session_bus=True)
            sign_in(desktop, "anna", "Anna de Vries")
            row = dkui.wait_for(lambda: listed(desktop.app, "Sanne van Dijk"), "the dossier on the second device", 60)
            tap.ok(row is not None, "a second device gets the dossier")
            dkui.set_text(dkui.find(desktop.app, "entry", dkui.nl("Search dossiers")), "Dijk")
            dkui.click_with_mouse(row)

            # Both devices edit the counsellor while the server is away.
            server.stop()
            edit_counsellor(app, "Piet Jansen")
            dkui.wait_for(lambda: dkui.find_label_containing(desktop.app, "Sanne van Dijk ·"), "the dossier open on the desktop")
            edit_counsellor(desktop.app, "Kees de Boer")
            server.start(port=port)
            dkui.click(dkui.find(app, "push button", dkui.nl("Synchronise now")))
            wait_status(app, lambda t: t.startswith(dkui.nl("Online")) and not re.search(r"\d+ \w+ \w+ ·", t),
                        "the laptop's edit sent", 60)
            dkui.click(dkui.find(desktop.app, "push button", dkui.nl("Synchronise now")))
            review_name = dkui.nl_plural("%u change to review", "%u changes to review", 1) % 1
            review = dkui.wait_for(lambda: dkui.find(desktop.app, "push button", review_name),
                                   "the conflict on the desktop", 60)
            tap.ok(review is not None, "the conflicting edit is shown on the second device")
            dkui.click(review)
            review_window = dkui.wait_for(lambda: window(desktop.app, dkui.nl("Conflicts and Refused Changes")),
                                          "the review window")
            sides = (dkui.find_label_containing(review_window, "Kees de Boer") is not None and
                     dkui.find_label_containing(review_window, "Piet Jansen") is not None)
            tap.ok(sides, "the review shows both values side by side")
            missing = dkui.unnamed_controls(review_window)
            tap.ok(not missing, "every control of the review window has an accessible name", "\n".join(missing))
            dkui.screenshot("kitchen-table-conflict")
            dkui.click(dkui.find(review_window, "push button", dkui.nl_mnemonic("Keep the Value of the _Server")))
            done = dkui.wait_for(lambda: dkui.find_label_containing(review_window, dkui.nl("Nothing to Review")),
                                 "the review to empty")
            tap.ok(done is not None, "the conflict is resolved by choosing the server's value")
            try:
                shown = dkui.wait_for(lambda: dkui.find_label_containing(desktop.app, "Piet Jansen"),
                                      "the chosen counsellor on the desktop's page", 40)
            except dkui.Failure:
                names = [dkui.text_of(n) for n in dkui.find_all(desktop.app, lambda n: n.getRoleName() == "label"
                                                                 and ("Jansen" in (n.name or "") or "Boer" in (n.name or "")
                                                                      or "Vries" in (n.name or "")))]
                tap.note(f"counsellor labels on the desktop: {names}; sync line: {status_text(desktop.app)}")
                raise
            tap.ok(shown is not None, "the chosen value is what the dossier now says")

            # The team lead gives the dossier to a colleague: it leaves Anna's devices.
            admin.run("assign", number, "bram")
            dkui.click(dkui.find(app, "push button", dkui.nl("Synchronise now")))
            gone = dkui.wait_for(lambda: dkui.find_label_containing(app, dkui.nl("This dossier is no longer on this device")),
                                 "the page to say the dossier left", 60)
            left = dkui.wait_for(lambda: listed(app, "Sanne van Dijk") is None, "the dossier to leave the list", 30)
            tap.ok(gone is not None and left, "a reassigned dossier disappears from the device")
            dkui.screenshot("kitchen-table-reassigned")
        except dkui.Failure as e:
            tap.ok(False, "UI scenario", e)
            dkui.screenshot("failure-kitchen-table")
        finally:
            laptop.stop()
            if desktop is not None:
                desktop.stop()
            server.stop()
    return tap.finish()


def listed(app, name):
    """The row label of name in the dossier list (the list named 'Dossiers'), or None."""
    for lst in dkui.find_all(app, lambda n: n.getRoleName() == "list" and n.name == dkui.nl("Dossiers")):
        for label in dkui.find_all(lst, lambda n: n.getRoleName() == "label" and dkui.text_of(n) == name):
            return label
    return None


if __name__ == "__main__":
    sys.exit(main())
