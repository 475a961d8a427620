#!/usr/bin/env bash
# Makes sure /usr/bin/chromium exists for the browser tests (installs Debian's package when it can).
set -euo pipefail
CHROMIUM="${CONTRACT_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then exit 0; fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
  echo "Installing Chromium for the browser tests (apt-get install chromium)..."
  (apt-get install -y -q chromium >/dev/null 2>&1) || (apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null)
  exit 0
fi
echo "Chromium not found at $CHROMIUM. Install it (Debian/Ubuntu: sudo apt-get install -y chromium)" >&2
echo "or point CONTRACT_CHROMIUM at a Chromium binary." >&2
exit 1
