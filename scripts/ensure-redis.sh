#!/usr/bin/env bash
# Makes sure redis-server exists for the @contract/redis tests (installs Debian's package when it can).
set -euo pipefail
REDIS_SERVER="${CONTRACT_REDIS_SERVER:-redis-server}"
if command -v "$REDIS_SERVER" >/dev/null 2>&1; then exit 0; fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
  echo "Installing Redis for the @contract/redis tests (apt-get install redis-server)..."
  (apt-get install -y -q redis-server >/dev/null 2>&1) || (apt-get update -q >/dev/null && apt-get install -y -q redis-server >/dev/null)
  # The tests start their own servers on free ports; the distribution's service is not needed.
  (command -v systemctl >/dev/null 2>&1 && systemctl disable --now redis-server >/dev/null 2>&1) || true
  exit 0
fi
echo "redis-server not found. Install it (Debian/Ubuntu: sudo apt-get install -y redis-server)" >&2
echo "or point CONTRACT_REDIS_SERVER at a redis-server binary." >&2
exit 1
