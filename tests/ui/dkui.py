"""Drive Draagkracht as a person would: a real sync server, the real client under Xvfb, found and
operated through the accessibility tree (AT-SPI), with screenshots kept as test artifacts."""

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

# Run with /usr/bin/python3: it has the gi and pyatspi modules (a python3 earlier on PATH may not).


def ensure_display():
    """Re-run this script under Xvfb and a private session bus unless it already has both. The TAP
    output moves to a copy of stdout (DK_TAP_FD) and stdout itself to stderr before the bus starts:
    the daemons the bus starts (the AT-SPI registry announces itself on its stdout) inherit it, and
    meson's TAP parser must see only TAP."""
    if os.environ.get("DISPLAY") and os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return
    if "DK_TAP_FD" not in os.environ:
        tap_fd = os.dup(1)
        os.set_inheritable(tap_fd, True)
        os.environ["DK_TAP_FD"] = str(tap_fd)
        os.dup2(2, 1)
    if not os.environ.get("DISPLAY"):
        if shutil.which("xvfb-run") is None:
            os.write(int(os.environ["DK_TAP_FD"]), b"1..0 # SKIP xvfb-run is not installed (build-aux/install-deps --test)\n")
            sys.exit(0)
        args = ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24 -noreset",
                "dbus-run-session", "--", sys.executable] + sys.argv
    else:
        args = ["dbus-run-session", "--", sys.executable] + sys.argv
    os.execvp(args[0], args)


ensure_display()

# TAP goes to the original stdout; everything else that writes to fd 1 is sent to stderr.
TAP_OUT = os.fdopen(int(os.environ["DK_TAP_FD"]) if "DK_TAP_FD" in os.environ else os.dup(1), "w", buffering=1)
os.dup2(2, 1)

import gettext  # noqa: E402
import gi  # noqa: E402

gi.require_version("Atspi", "2.0")
from gi.repository import GLib  # noqa: E402
import pyatspi  # noqa: E402


class Failure(Exception):
    pass


class Tap:
    """Minimal TAP output so meson counts each step as a test."""

    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, name, detail=""):
        self.n += 1
        if cond:
            print(f"ok {self.n} - {name}", file=TAP_OUT)
        else:
            self.failed += 1
            print(f"not ok {self.n} - {name}", file=TAP_OUT)
            if detail:
                for line in str(detail).splitlines():
                    print(f"# {line}", file=TAP_OUT)
        return cond

    def note(self, text):
        print(f"# {text}", file=TAP_OUT)

    def finish(self):
        print(f"1..{self.n}", file=TAP_OUT)
        return 1 if self.failed else 0


def build_dir():
    return os.environ["DK_BUILD_ROOT"]


# DK_UI_LANGUAGE=en runs the client in English and looks for the English texts: for telling a
# failing scenario from a missing translation. The default, Dutch, is what users see.
LANGUAGE = os.environ.get("DK_UI_LANGUAGE", "nl")


def nl(msgid, context=None):
    """The Dutch text the client shows for msgid, from the catalog the build made. Failing here
    means the string has no Dutch translation, which is a bug of its own."""
    if LANGUAGE == "en":
        return msgid
    catalog = gettext.translation("draagkracht", localedir=os.path.join(build_dir(), "po"), languages=["nl"])
    key = f"{context}\x04{msgid}" if context else msgid
    if key not in catalog._catalog:  # some words are the same in Dutch ("Online"), but listed
        raise Failure(f"no Dutch translation for {msgid!r}")
    return catalog._catalog[key]


def nl_mnemonic(msgid):
    """The Dutch label of a control whose msgid marks a mnemonic ("_Save"), as read on screen."""
    return nl(msgid).replace("_", "")


def nl_plural(singular, plural, n):
    if LANGUAGE == "en":
        return singular if n == 1 else plural
    catalog = gettext.translation("draagkracht", localedir=os.path.join(build_dir(), "po"), languages=["nl"])
    if (singular, 0) not in catalog._catalog:
        raise Failure(f"no Dutch translation for {singular!r}")
    return catalog.ngettext(singular, plural, n)


def screenshot_dir():
    d = os.environ.get("DK_SCREENSHOT_DIR") or os.path.join(build_dir(), "tests", "ui", "screenshots")
    os.makedirs(d, exist_ok=True)
    return d


def screenshot(name):
    path = os.path.join(screenshot_dir(), name + ".png")
    subprocess.run(["import", "-window", "root", path], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    print(f"# screenshot: {path}", file=TAP_OUT)
    return path


class SyncServer:
    def __init__(self, workdir):
        self.db = os.path.join(workdir, "central.db")
        self.proc = None
        self.url = None

    def start(self, port=0):
        binary = os.path.join(build_dir(), "sync-server", "draagkracht-sync")
        self.proc = subprocess.Popen([binary, "--database", self.db, "--port", str(port), "--demo"],
                                     stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().strip()
        prefix = "draagkracht-sync listening on "
        if not line.startswith(prefix):
            raise Failure(f"server did not start: {line!r}")
        self.url = line[len(prefix):].rstrip("/")
        return self.url

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=10)
        self.proc = None


class Admin:
    """draagkracht-admin on the server's store, as an administrator runs it."""

    def __init__(self, server):
        self.binary = os.path.join(build_dir(), "sync-server", "draagkracht-admin")
        self.db = server.db

    def run(self, *args, password=None):
        result = subprocess.run([self.binary, "--database", self.db, *args],
                                input=(password + "\n") if password else None,
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise Failure(f"draagkracht-admin {' '.join(args)}: {result.stderr.strip()}")
        return result.stdout

    def add_user(self, name, display_name, password, role="field_worker"):
        self.run("user", "add", name, "--role", role, "--display-name", display_name,
                 "--password-stdin", password=password)


class Client:
    def __init__(self, workdir, server_url, language=None, name="client", own_session_bus=False):
        """Each client has its own settings, data and keyring under workdir/name: two names are two
        devices. The keyring is libsecret's file backend, as on a desktop without gnome-keyring.
        A second client at the same time needs its own session bus (own_session_bus), or GApplication
        hands its start to the first one; it still joins this accessibility bus."""
        home = os.path.join(workdir, name)
        env = dict(os.environ)
        env.update({
            "GSETTINGS_SCHEMA_DIR": os.path.join(build_dir(), "data"),
            "GSETTINGS_BACKEND": "memory",
            "DRAAGKRACHT_LOCALEDIR": os.path.join(build_dir(), "po"),
            "LANGUAGE": language or LANGUAGE,
            "LC_ALL": "C.UTF-8",
            "XDG_DATA_HOME": os.path.join(home, "data"),
            "XDG_CONFIG_HOME": os.path.join(home, "config"),
            "XDG_CACHE_HOME": os.path.join(home, "cache"),
            "SECRET_BACKEND": "file",
            "SECRET_FILE_TEST_PATH": os.path.join(home, "keyring"),
            "SECRET_FILE_TEST_PASSWORD": "ui-test",
            "GSK_RENDERER": "cairo",
        })
        env.pop("GTK_A11Y", None)  # the other suites switch accessibility off; this one needs it
        args = [os.path.join(build_dir(), "client", "draagkracht"), "--server", server_url]
        if own_session_bus:
            env["AT_SPI_BUS_ADDRESS"] = accessibility_bus_address()
            args = ["dbus-run-session", "--"] + args
        self.proc = subprocess.Popen(args, env=env)
        self.app = wait_for(lambda: find_app("draagkracht", process_tree(self.proc.pid)),
                            "the client on the accessibility bus", 30)

    def stop(self):
        for pid in sorted(process_tree(self.proc.pid) - {self.proc.pid}, reverse=True):
            try:
                os.kill(pid, signal.SIGTERM)
            except OSError:
                pass
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def accessibility_bus_address():
    from gi.repository import Gio
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    reply = bus.call_sync("org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus", "GetAddress", None, None,
                          Gio.DBusCallFlags.NONE, -1, None)
    return reply.unpack()[0]


def process_tree(pid):
    """pid and all its descendants, from /proc."""
    pids = {pid}
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            for child in f.read().split():
                pids |= process_tree(int(child))
    except OSError:
        pass
    return pids


def find_app(name, pids=None):
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        if app is not None and app.name == name and (pids is None or app.get_process_id() in pids):
            return app
    return None


def wait_for(probe, what, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            found = probe()
        except Exception:  # the tree changes under us while the app updates
            found = None
        if found:
            return found
        time.sleep(0.2)
    raise Failure(f"timed out after {timeout:.0f} s waiting for {what}")


def find(root, role, name=None):
    return find_first(root, lambda node: node.getRoleName() == role and (name is None or node.name == name))


def _walk(root, predicate, first):
    """Depth first over root and its descendants. A node the app destroys while it updates (GTK
    rebuilds rows on every reload) is passed over rather than failing the whole search."""
    found = []

    def walk(node):
        try:
            if node is None:
                return False
            if predicate(node):
                found.append(node)
                if first:
                    return True
            children = [node.getChildAtIndex(i) for i in range(node.childCount)]
        except GLib.Error:
            return False
        return any(walk(child) for child in children)
    walk(root)
    return found


def find_first(root, predicate):
    found = _walk(root, predicate, True)
    return found[0] if found else None


def find_all(root, predicate):
    """Every node under root (root included) for which predicate holds."""
    return _walk(root, predicate, False)


def ancestors(node):
    """The roles and names from node up to its window, for telling where in the tree it is."""
    chain = []
    while node is not None and node.getRoleName() != "application":
        chain.append((node.getRoleName(), node.name))
        node = node.parent
    return chain


def text_of(node):
    try:
        t = node.queryText()
        return t.getText(0, t.characterCount)
    except NotImplementedError:
        return node.name


def find_label_containing(root, fragment):
    return find_first(root, lambda node: node.getRoleName() == "label" and fragment in (text_of(node) or ""))


def set_text(node, text):
    node.queryEditableText().setTextContents(text)


def click_with_mouse(node):
    """A real mouse click (X test extension) in the middle of node, for what has no accessible
    action, like a row of a list view. GTK 4.8 reports positions within the window; without a
    window manager every window sits at the screen's corner, so they are screen positions too."""
    extents = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    pyatspi.Registry.generateMouseEvent(extents.x + extents.width // 2, extents.y + extents.height // 2, "b1c")
    time.sleep(0.3)


def scroll_into_view(node, window, tries=40):
    """Turns the mouse wheel over the middle of window until node lies wholly inside it, as a person
    scrolls to what is below the fold (GTK 4.8 offers no accessible scrolling)."""
    area = window.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    for _ in range(tries):
        box = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        if box.y >= area.y and box.y + box.height <= area.y + area.height - 60:
            return
        button = "b5c" if box.y + box.height > area.y + area.height - 60 else "b4c"
        pyatspi.Registry.generateMouseEvent(area.x + area.width // 2, area.y + area.height // 2, button)
        time.sleep(0.1)
    raise Failure(f"could not scroll {node.name!r} into view")


def type_keys(text):
    """Typed on the keyboard (X test extension) into whatever has the focus, for what only listens
    to keys, like the location entry of GTK's file chooser."""
    for ch in text:
        pyatspi.Registry.generateKeyboardEvent(ord(ch), None, pyatspi.KEY_SYM)
    time.sleep(0.3)


def click(node):
    node.queryAction().doAction(0)
    # GTK ignores a second activation within ~250 ms of the previous one.
    time.sleep(0.3)


INTERACTIVE_ROLES = {"push button", "toggle button", "check box", "radio button", "text",
                     "password text", "combo box", "spin button", "slider", "menu item", "link",
                     "switch", "toggle button"}


def has_real_name(node):
    """GTK names an unnamed widget after its type ("GtkToggleButton"); a screen reader then says
    that, which is no name at all. A mnemonic's underscore in a name is a GTK 4.8 bug showing."""
    name = node.name or ""
    return bool(name) and not re.fullmatch(r"(Gtk|Adw)[A-Z]\w*", name) and not name.startswith("_")


def unnamed_controls(root):
    """Every control a person can operate must have a name a screen reader can say."""
    missing = []

    def walk(node, path):
        if node is None:
            return
        role = node.getRoleName()
        states = node.getState()
        # GTK 4.8 never reports SHOWING (and keeps the last extents of what a stack hides), so
        # every visible control counts, on screen or on a stack's hidden page.
        if role in INTERACTIVE_ROLES and states.contains(pyatspi.STATE_VISIBLE) and not has_real_name(node):
            missing.append(f"{path}/{role} {node.name!r}")
        for i in range(node.childCount):
            walk(node.getChildAtIndex(i), f"{path}/{role}")

    walk(root, "")
    return missing


class Workdir:
    def __enter__(self):
        self.path = tempfile.mkdtemp(prefix="draagkracht-ui-")
        return self.path

    def __exit__(self, *exc):
        shutil.rmtree(self.path, ignore_errors=True)
