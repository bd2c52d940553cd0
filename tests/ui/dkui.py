"""Drive Draagkracht as a person would: a real sync server, the real client under Xvfb, found and
operated through the accessibility tree (AT-SPI), with screenshots kept as test artifacts."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

# Run with /usr/bin/python3: it has the gi and pyatspi modules (a python3 earlier on PATH may not).


def ensure_display():
    """Re-run this script under Xvfb and a private session bus unless it already has both."""
    if os.environ.get("DISPLAY") and os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return
    if not os.environ.get("DISPLAY"):
        if shutil.which("xvfb-run") is None:
            print("1..0 # SKIP xvfb-run is not installed (build-aux/install-deps --test)", flush=True)
            sys.exit(0)
        args = ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24 -noreset",
                "dbus-run-session", "--", sys.executable] + sys.argv
    else:
        args = ["dbus-run-session", "--", sys.executable] + sys.argv
    os.execvp(args[0], args)


ensure_display()

# TAP goes to the original stdout; everything else that writes to fd 1 (the AT-SPI library announces
# its registry there) is sent to stderr, so meson's TAP parser sees only TAP.
TAP_OUT = os.fdopen(os.dup(1), "w", buffering=1)
os.dup2(2, 1)

import gettext  # noqa: E402
import gi  # noqa: E402

gi.require_version("Atspi", "2.0")
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


def nl(msgid, context=None):
    """The Dutch text the client shows for msgid, from the catalog the build made. Failing here
    means the string has no Dutch translation, which is a bug of its own."""
    catalog = gettext.translation("draagkracht", localedir=os.path.join(build_dir(), "po"), languages=["nl"])
    text = catalog.pgettext(context, msgid) if context else catalog.gettext(msgid)
    if text == msgid:
        raise Failure(f"no Dutch translation for {msgid!r}")
    return text


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


class Client:
    def __init__(self, workdir, server_url, language="nl"):
        env = dict(os.environ)
        env.update({
            "GSETTINGS_SCHEMA_DIR": os.path.join(build_dir(), "data"),
            "GSETTINGS_BACKEND": "memory",
            "DRAAGKRACHT_LOCALEDIR": os.path.join(build_dir(), "po"),
            "LANGUAGE": language,
            "LC_ALL": "C.UTF-8",
            "XDG_DATA_HOME": os.path.join(workdir, "data"),
            "XDG_CONFIG_HOME": os.path.join(workdir, "config"),
            "XDG_CACHE_HOME": os.path.join(workdir, "cache"),
            "GSK_RENDERER": "cairo",
        })
        env.pop("GTK_A11Y", None)  # the other suites switch accessibility off; this one needs it
        binary = os.path.join(build_dir(), "client", "draagkracht")
        self.proc = subprocess.Popen([binary, "--server", server_url], env=env)
        self.app = wait_for(lambda: find_app("draagkracht"), "the client on the accessibility bus", 30)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def find_app(name):
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        if app is not None and app.name == name:
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
    def match(node):
        return node is not None and node.getRoleName() == role and (name is None or node.name == name)
    return pyatspi.utils.findDescendant(root, match, True)


def text_of(node):
    try:
        t = node.queryText()
        return t.getText(0, t.characterCount)
    except NotImplementedError:
        return node.name


def find_label_containing(root, fragment):
    def match(node):
        return node is not None and node.getRoleName() == "label" and fragment in (text_of(node) or "")
    return pyatspi.utils.findDescendant(root, match, True)


def click(node):
    node.queryAction().doAction(0)
    # GTK ignores a second activation within ~250 ms of the previous one.
    time.sleep(0.3)


INTERACTIVE_ROLES = {"push button", "toggle button", "check box", "radio button", "text",
                     "password text", "combo box", "spin button", "slider", "menu item", "link",
                     "switch", "toggle button"}


def unnamed_controls(root):
    """Every control a person can operate must have a name a screen reader can say."""
    missing = []

    def walk(node, path):
        if node is None:
            return
        role = node.getRoleName()
        states = node.getState()
        if role in INTERACTIVE_ROLES and states.contains(pyatspi.STATE_SHOWING) and not node.name:
            missing.append(f"{path}/{role}")
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
