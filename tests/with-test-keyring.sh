#!/usr/bin/env bash
# Runs a command with a throwaway Secret Service (GNOME Keyring in a private D-Bus session), so keytar
# talks to a real keychain in tests and never touches the developer's own keyring.
set -euo pipefail
if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  echo "with-test-keyring: needs dbus-run-session and gnome-keyring-daemon (apt-get install dbus gnome-keyring)" >&2
  exit 1
fi
keyring_home="$(mktemp -d)"
trap 'rm -rf "$keyring_home"' EXIT
export XDG_DATA_HOME="$keyring_home" # the daemon keeps its keyring file here, not in the real home
dbus-run-session -- bash -c 'echo -n sendsmith-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null && "$@"' with-test-keyring "$@"
