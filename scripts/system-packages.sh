#!/usr/bin/env bash
# Install the Debian packages Corridor needs, only those that are missing. Runs as root (as CI does).
set -euo pipefail
need=()
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
case "${1:-}" in
  gettext) pkgs=(gettext) ;;
  test) pkgs=(gettext chromium poppler-utils fonts-noto-core zbar-tools) ;;
  *) echo "usage: $0 gettext|test" >&2; exit 2 ;;
esac
for p in "${pkgs[@]}"; do have "$p" || need+=("$p"); done
if [ "${1}" = test ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then need+=(postgresql); fi
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "Missing Debian packages: ${need[*]}. Install them as root: apt-get install ${need[*]}" >&2; exit 1
fi
echo "Installing Debian packages: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
