"""The acceptance scenario of early signals (issue 6), as a field worker and the office would do it:
import a signal file in the client; the multiple-signal household arrives as a case; on the doorstep,
without a network, two contact attempts, a card left and its revisit task, then a home visit where the
resident accepts help; the case becomes a debt-help dossier without retyping; back online it syncs,
and the office sees the new dossier and the case's end result on the server."""

import json
import os
import re
import sys

import dkui

PASSWORD = "vroegsignaal-2026"

# Synthetic households; the BSNs pass the eleven-test and lie in the range the population register
# keeps for tests. Noor Bakker has two signals (rent and energy): a multiple-signal case. Line 4 has
# a BSN that fails the eleven-test and must be reported by its line, not imported.
SIGNALS = """signaalpartner_type;partner;bedrag;ontstaansdatum;signaaldatum;bsn;voornamen;geslachtsnaam;straat;huisnummer;postcode;woonplaats;telefoon
Huur;Woonbron;1.240,00;2026-08-01;2026-11-02;999900018;Noor;Bakker;Singel;144;3311 KV;Dordrecht;06 12345678
Energie;Eneco;386,40;2026-09-01;2026-11-05;999900018;Noor;Bakker;Singel;144;3311 KV;Dordrecht;
Zorg;CZ;260,00;2026-08-01;2026-11-03;123456789;Piet;Jansen;Vrieseweg;27;3311 NN;Dordrecht;
Zorg;Zilveren Kruis;412,35;2026-07-01;2026-11-04;999900031;Jan;Groot;Vrieseweg;29;3311 NN;Dordrecht;
"""


def window(app, title):
    for i in range(app.childCount):
        child = app.getChildAtIndex(i)
        if child is not None and child.name == title:
            return child
    return None


def status_text(app):
    starts = tuple(dkui.nl(s) + " · " for s in ("Online", "Offline", "Synchronising…"))
    label = dkui.find_first(app, lambda n: n.getRoleName() == "label" and (dkui.text_of(n) or "").startswith(starts))
    return dkui.text_of(label) if label is not None else ""


def wait_synced(app, what, timeout=60):
    return dkui.wait_for(lambda: (lambda t: t.startswith(dkui.nl("Online")) and not re.search(r"\d+ \w+ \w+ ·", t)
                                  and t)(status_text(app)), what, timeout)


def sign_in(client, user, display_name):
    app = client.app
    dkui.wait_for(lambda: dkui.find(app, "text", dkui.nl("User name")), "the sign-in form")
    dkui.set_text(dkui.find(app, "text", dkui.nl("User name")), user)
    dkui.set_text(dkui.find(app, "text", dkui.nl("Password")), PASSWORD)
    dkui.click(dkui.find(app, "push button", dkui.nl_mnemonic("_Sign In")))
    dkui.wait_for(lambda: dkui.find_label_containing(app, display_name), "the main window after sign-in", 30)


def main():
    tap = dkui.Tap()
    with dkui.Workdir() as work:
        signal_file = os.path.join(work, "signalen-november.csv")
        with open(signal_file, "w", encoding="utf-8") as f:
            f.write(SIGNALS)
        server = dkui.SyncServer(work)
        url = server.start()
        port = int(url.rsplit(":", 1)[1])
        admin = dkui.Admin(server)
        admin.run("team", "add", "Vroegsignalering")
        admin.add_user("anna", "Anna de Vries", PASSWORD)
        admin.add_user("bea", "Bea Kok", PASSWORD, role="back_office")
        admin.run("team", "set-member", "anna", "Vroegsignalering")
        admin.run("team", "set-member", "bea", "Vroegsignalering")
        laptop = dkui.Client(work, url, name="laptop")
        office = None
        try:
            app = laptop.app
            sign_in(laptop, "anna", "Anna de Vries")

            # The team imports the month's file in the client, from the early-signal task list.
            tab = dkui.find_first(app, lambda n: n.name == dkui.nl("Early Signals") and
                                  n.getRoleName() in ("toggle button", "push button", "page tab", "radio button"))
            if tab is None:
                raise dkui.Failure("no Early Signals switch in the sidebar")
            dkui.click(tab)
            import_signals(app, signal_file, tap)

            # The case of the multiple-signal household arrives with the sync the import starts.
            row = dkui.wait_for(lambda: case_row(app, "Noor Bakker"), "Noor Bakker's case in the task list", 60)
            tap.ok(row is not None, "the imported household is on the task list")
            missing = dkui.unnamed_controls(app)
            tap.ok(not missing, "every control of the task list has an accessible name", "\n".join(missing))
            dkui.click_with_mouse(row)
            dkui.wait_for(lambda: dkui.find_label_containing(app, dkui.nl("Multiple signals")),
                          "the case page with its multiple-signal badge")
            signals = [dkui.find_label_containing(app, name) for name in ("Woonbron", "Eneco")]
            tap.ok(all(signals), "the case shows both signals of the household")
            dkui.screenshot("early-signals-case")

            # On the doorstep: no network from here on.
            server.stop()
            dkui.click(dkui.find(app, "push button", dkui.nl_mnemonic("C_hecks Done")))
            record_attempt(app, dkui.nl("Phone"), reached=False)
            record_attempt(app, dkui.nl("Card left"), reached=None)
            revisit = dkui.wait_for(lambda: dkui.find_label_containing(app, dkui.nl("Revisit")), "the revisit task")
            tap.ok(revisit is not None, "leaving a card makes a revisit task")
            logged = [f"{dkui.nl(kind)} · {dkui.nl('not reached')}" for kind in ("Phone", "Card left")]
            tap.ok(all(dkui.find_label_containing(app, line) for line in logged), "both attempts are logged", logged)
            missing = dkui.unnamed_controls(app)
            tap.ok(not missing, "every control of the case page has an accessible name", "\n".join(missing))
            dkui.screenshot("early-signals-revisit")

            record_attempt(app, dkui.nl("Home visit"), reached=True)
            record_outcome(app, tap)
            dossier_title = dkui.wait_for(lambda: dkui.find_label_containing(app, "Noor Bakker ·"),
                                          "the new dossier's page", 30)
            tap.ok(dossier_title is not None, "accepting help opens the dossier made from the signal")
            dkui.screenshot("early-signals-dossier")

            # Back at the office.
            server.start(port=port)
            dkui.click(dkui.find(app, "push button", dkui.nl("Synchronise now")))
            wait_synced(app, "every change sent")
            tap.ok(True, "the offline work synchronises")

            office = dkui.Client(work, url, name="office", own_session_bus=True)
            sign_in(office, "bea", "Bea Kok")
            seen = dkui.wait_for(lambda: listed(office.app, "Noor Bakker"), "the dossier at the office", 60)
            tap.ok(seen is not None, "the office sees the new dossier")

            report = json.loads(admin.run("signals", "report", "--from", "2026-11-01", "--to", "2026-12-31", "--json"))
            accepted = report["cases_by_result"]["Vervolghulp en/of verwijzing financieel"]
            tap.ok(accepted == 1 and report["cases_reached"] == 1,
                   "the server counts the case's end result and its first contact", json.dumps(report)[:400])
        except dkui.Failure as e:
            tap.ok(False, "UI scenario", e)
            dkui.screenshot("failure-early-signals")
        finally:
            laptop.stop()
            if office is not None:
                office.stop()
            server.stop()
    return tap.finish()


def import_signals(app, path, tap):
    """Through the import dialog and GTK's own file chooser, with the path typed as a person would."""
    dkui.click(dkui.find(app, "push button", dkui.nl("Import Signals…")))
    dialog = dkui.wait_for(lambda: window(app, dkui.nl("Import Signals")), "the import dialog")
    # The row "File" names its button ("Choose…"), as libadwaita labels a row's activatable widget.
    dkui.click(dkui.wait_for(lambda: dkui.find(dialog, "push button", dkui.nl("File")), "the button to choose a file"))
    chooser = dkui.wait_for(lambda: window(app, dkui.nl("Choose a Signal File")), "the file chooser")
    dkui.type_keys("/")  # GTK's file chooser opens its location entry on a typed "/"
    entry = dkui.wait_for(lambda: dkui.find(chooser, "text"), "the file chooser's location entry")
    dkui.set_text(entry, path)
    dkui.click(dkui.find(chooser, "push button", dkui.nl_mnemonic("_Choose")))
    dkui.wait_for(lambda: window(app, dkui.nl("Choose a Signal File")) is None, "the file chooser to close")
    dkui.wait_for(lambda: dkui.find_label_containing(dialog, os.path.basename(path)), "the chosen file's name")
    dkui.click(dkui.find(dialog, "push button", dkui.nl_mnemonic("_Import")))
    imported = dkui.nl_plural("%u signal imported.", "%u signals imported.", 3) % 3
    done = dkui.wait_for(lambda: dkui.find_label_containing(dialog, imported), "the import's result", 30)
    tap.ok(done is not None, "imports the good rows of the file")
    reason = dkui.nl("Line %u, column “%s”: %s") % (4, "bsn", dkui.nl("not a valid BSN: it fails the eleven-test"))
    bad = dkui.wait_for(lambda: dkui.find_label_containing(dialog, reason), "the rejected row by its line")
    tap.ok(bad is not None, "reports the bad row by its line, column and reason, in Dutch")
    missing = dkui.unnamed_controls(dialog)
    tap.ok(not missing, "every control of the import dialog has an accessible name", "\n".join(missing))
    dkui.screenshot("early-signals-import")
    dkui.click(dkui.find(dialog, "push button", dkui.nl_mnemonic("_Close")))


def record_attempt(app, kind, reached):
    """One tap on the kind of contact, then Reached (when the dialog asks) and Save."""
    dkui.click(dkui.find(app, "push button", kind))
    dialog = dkui.wait_for(lambda: window(app, dkui.nl("Contact Attempt")), f"the attempt dialog for {kind}")
    if reached:
        switch = dkui.find_first(dialog, lambda n: n.getRoleName() in ("switch", "toggle button", "check box")
                                 and n.name == dkui.nl("Reached the resident"))
        if switch is None:
            raise dkui.Failure("no 'reached' switch in the attempt dialog")
        dkui.click(switch)
    dkui.click(dkui.find(dialog, "push button", dkui.nl_mnemonic("_Save")))
    dkui.wait_for(lambda: window(app, dkui.nl("Contact Attempt")) is None, "the attempt dialog to close")


def record_outcome(app, tap):
    dkui.click(dkui.find(app, "push button", dkui.nl_mnemonic("End _Result…")))
    title = dkui.nl("End Result of the Case")
    dialog = dkui.wait_for(lambda: window(app, title), "the end-result dialog")
    accepted = dkui.nl("Help accepted: debt help or another financial service")
    choice = dkui.find_first(dialog, lambda n: n.getRoleName() in ("radio button", "check box") and n.name == accepted)
    if choice is None:
        raise dkui.Failure("no choice for help accepted in the end-result dialog")
    # GTK 4.8 gives a check button no accessible action, and this one lies below the fold.
    dkui.scroll_into_view(choice, dialog)
    dkui.click_with_mouse(choice)
    follows = dkui.nl("A debt-help dossier is made from this case, with the resident and the address already "
                      "filled in, and opened.")
    tap.ok(dkui.wait_for(lambda: dkui.find_label_containing(dialog, follows), "what follows") is not None,
           "says a dossier will be made before saving")
    missing = dkui.unnamed_controls(dialog)
    tap.ok(not missing, "every control of the end-result dialog has an accessible name", "\n".join(missing))
    dkui.click(dkui.find(dialog, "push button", dkui.nl_mnemonic("_Save")))
    dkui.wait_for(lambda: window(app, title) is None, "the end-result dialog to close")


def case_row(app, name):
    for lst in dkui.find_all(app, lambda n: n.getRoleName() == "list" and n.name == dkui.nl("Early-signal tasks")):
        for item in dkui.find_all(lst, lambda n: n.getRoleName() in ("list item", "label") and name in (n.name or "")):
            return item
    return None


def listed(app, name):
    for lst in dkui.find_all(app, lambda n: n.getRoleName() == "list" and n.name == dkui.nl("Dossiers")):
        for label in dkui.find_all(lst, lambda n: n.getRoleName() == "label" and dkui.text_of(n) == name):
            return label
    return None


if __name__ == "__main__":
    sys.exit(main())
