"""The client starts, finds its sync server, tells the user in Dutch, and notices when the server
goes away: the first screen of the README demo."""

import sys

import dkui


def main():
    tap = dkui.Tap()
    with dkui.Workdir() as work:
        server = dkui.SyncServer(work)
        url = server.start()
        client = dkui.Client(work, url)
        try:
            app = client.app
            connected = dkui.nl("Connected to the sync server")
            not_connected = dkui.nl("No connection to the sync server")
            online = dkui.wait_for(lambda: dkui.find_label_containing(app, connected),
                                   "the Dutch 'connected' message")
            tap.ok(online is not None, "shows that it is connected, in Dutch")
            tap.ok(dkui.find_label_containing(app, url) is not None, "names the server it is connected to")
            dkui.screenshot("connected")

            missing = dkui.unnamed_controls(app)
            tap.ok(not missing, "every control has an accessible name", "\n".join(missing))

            check = dkui.find(app, "push button", dkui.nl("Check connection"))
            tap.ok(check is not None, "the 'check connection' button is in the tree by its Dutch name")

            server.stop()
            dkui.click(check)
            offline = dkui.wait_for(lambda: dkui.find_label_containing(app, not_connected),
                                    "the Dutch 'no connection' message")
            tap.ok(offline is not None, "tells the user when the server cannot be reached")
            dkui.screenshot("offline")

            server.start(port=int(url.rsplit(":", 1)[1]))
            dkui.click(check)
            back = dkui.wait_for(lambda: dkui.find_label_containing(app, connected),
                                 "the 'connected' message after the server returned")
            tap.ok(back is not None, "sees the server again when it returns")
        except dkui.Failure as e:
            tap.ok(False, "UI scenario", e)
            dkui.screenshot("failure-connection")
        finally:
            client.stop()
            server.stop()
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
