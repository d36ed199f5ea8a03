#!/bin/sh
# Install the Debian packages the test suite drives when they are missing:
# the chromium browser (Playwright cannot download its own here) and the
# Redis server the task-queue tests talk to, the Dovecot IMAP server the
# capture tests start on a loopback port, and openssl, which makes that
# server's throw-away certificates.
set -e
missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
command -v redis-server >/dev/null 2>&1 || missing="$missing redis-server"
[ -x /usr/sbin/dovecot ] || missing="$missing dovecot-imapd"
command -v openssl >/dev/null 2>&1 || missing="$missing openssl"
[ -z "$missing" ] && exit 0
echo "Installing Debian packages:$missing"
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y -q $missing >/dev/null 2>&1 || {
  $SUDO apt-get update -q >/dev/null
  $SUDO apt-get install -y -q $missing >/dev/null
}
