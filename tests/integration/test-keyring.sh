#!/bin/bash
# The client's credential store against a real gnome-keyring-daemon in a private D-Bus session, the
# way it runs on a desktop (the unit test uses libsecret's file backend instead).
#   test-keyring.sh PATH-TO-dk-credentials-tool
# Fails, not skips, when gnome-keyring is missing: build-aux/install-deps --test installs it.
set -euo pipefail

fail () { echo "FAIL: $*" >&2; exit 1; }

if [ "${1:-}" != "--inside-session" ]; then
  tool=${1:?usage: test-keyring.sh PATH-TO-dk-credentials-tool}
  for cmd in dbus-run-session dbus-send gnome-keyring-daemon secret-tool; do
    command -v "$cmd" >/dev/null ||
      fail "$cmd not found; install the test packages with build-aux/install-deps --test"
  done

  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  # Everything the daemon writes stays in the temporary directory, never in the user's own keyring.
  mkdir -m 700 "$tmp/runtime"
  export XDG_RUNTIME_DIR=$tmp/runtime XDG_DATA_HOME=$tmp/data XDG_CONFIG_HOME=$tmp/config \
         XDG_CACHE_HOME=$tmp/cache HOME=$tmp/home
  mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$HOME"
  unset SECRET_BACKEND SECRET_FILE_TEST_PATH SECRET_FILE_TEST_PASSWORD DISPLAY WAYLAND_DISPLAY
  dbus-run-session -- "$0" --inside-session "$tool" "$tmp"
  exit $?
fi

tool=$2
tmp=$3

# --unlock creates the login keyring with this password and unlocks it; without it a store would
# wait for a GUI prompt.
printf 'pw\n' | gnome-keyring-daemon --unlock --components=secrets >/dev/null
# The daemon forks and takes its bus name a moment later. Wait for it: a client that came first would
# have D-Bus start a second, locked daemon.
keyring_pid=
for _ in $(seq 100); do
  keyring_pid=$(dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus /org/freedesktop/DBus \
                  org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets 2>/dev/null |
                awk '{print $2}') && [ -n "$keyring_pid" ] && break
  sleep 0.1
done
[ -n "$keyring_pid" ] || fail "gnome-keyring-daemon did not take org.freedesktop.secrets"
trap 'kill "$keyring_pid" 2>/dev/null || true' EXIT

s1=https://one.example.test
s2=https://two.example.test
token=tok-$RANDOM$RANDOM-9f3c1d
export DK_UNLOCK_PASSWORD=unlock-secret

expect_lookup () {   # SERVER USER EXPECTED-OUTPUT
  local got
  got=$("$tool" lookup "$1" "$2") || fail "lookup $1 $2 exited $?"
  [ "$got" = "$3" ] || fail "lookup $1 $2: expected '$3', got '$got'"
}

expect_nothing () {  # SERVER USER
  local rc=0
  "$tool" lookup "$1" "$2" >/dev/null || rc=$?
  [ "$rc" -eq 3 ] || fail "lookup $1 $2: expected nothing stored (exit 3), got exit $rc"
}

expect_nothing "$s1" anna

"$tool" store "$s1" anna "$token" refresh-1 "$DK_UNLOCK_PASSWORD" || fail "store $s1 anna"
expect_lookup "$s1" anna "$token"$'\n'refresh-1$'\n'unlock-ok

# The item is really in gnome-keyring, under our schema and label.
items=$(secret-tool search --all xdg:schema nl.draagkracht.Draagkracht.Session server "$s1" user anna 2>&1)
grep -q "^label = Draagkracht: anna @ $s1\$" <<<"$items" || fail "keyring item not found or mislabelled: $items"
[ "$(grep -c '^label = ' <<<"$items")" -eq 1 ] || fail "expected one item for ($s1, anna): $items"
# The raw secret is the small JSON object. (Its content type, application/json, is not checked:
# gnome-keyring keeps only the bytes and answers text/plain for every item.)
item=$("$tool" item "$s1" anna) || fail "item $s1 anna"
[ "$(sed -n 1p <<<"$item")" = "Draagkracht: anna @ $s1" ] || fail "label: $item"
/usr/bin/python3 - "$token" "$(sed -n 3p <<<"$item")" <<'PY' || fail "the secret is not the expected JSON"
import json, sys
secret = json.loads(sys.argv[2])
assert secret["token"] == sys.argv[1] and secret["refresh_token"] == "refresh-1", secret
assert secret["unlock_hash"].startswith("$argon2id$"), secret
PY

# The token is in the keyring, never in a readable file (gnome-keyring encrypts the login keyring).
! grep -r -q -F "$token" "$tmp" || fail "the token appears in plain text under $tmp"

# Two users and two servers are kept apart; storing again replaces.
"$tool" store "$s1" bert token-bert || fail "store $s1 bert"
"$tool" store "$s2" anna token-anna-2 || fail "store $s2 anna"
"$tool" store "$s1" anna token-anna-new || fail "overwrite $s1 anna"
expect_lookup "$s1" anna token-anna-new$'\n'$'\n'no-unlock
expect_lookup "$s1" bert token-bert$'\n'$'\n'no-unlock
expect_lookup "$s2" anna token-anna-2$'\n'$'\n'no-unlock
items=$(secret-tool search --all xdg:schema nl.draagkracht.Draagkracht.Session server "$s1" user anna 2>&1)
[ "$(grep -c '^label = ' <<<"$items")" -eq 1 ] || fail "overwrite added an item instead of replacing: $items"

# A secret this program did not write gives its own error, not a crash or an empty session.
printf 'not json' | secret-tool store --label=planted xdg:schema nl.draagkracht.Draagkracht.Session \
  server https://damaged.example.test user anna
rc=0
err=$("$tool" lookup https://damaged.example.test anna 2>&1 >/dev/null) || rc=$?
[ "$rc" -eq 1 ] || fail "damaged secret: expected exit 1, got $rc"
grep -q "dk-credentials-error-quark 0" <<<"$err" || fail "damaged secret: unexpected error: $err"

# Sign out removes the token and only that one; signing out twice is fine.
"$tool" clear "$s1" anna || fail "clear $s1 anna"
expect_nothing "$s1" anna
"$tool" clear "$s1" anna || fail "second clear $s1 anna"
expect_lookup "$s1" bert token-bert$'\n'$'\n'no-unlock
expect_lookup "$s2" anna token-anna-2$'\n'$'\n'no-unlock

# No keyring service reachable: the libsecret error is passed on, not taken for "nothing stored".
rc=0
err=$(DBUS_SESSION_BUS_ADDRESS=unix:path=$tmp/no-such-bus "$tool" lookup "$s1" bert 2>&1 >/dev/null) || rc=$?
[ "$rc" -eq 1 ] || fail "without a session bus: expected exit 1, got $rc ($err)"

echo "PASS: credential store round trip against gnome-keyring-daemon"
