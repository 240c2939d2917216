#!/usr/bin/env bash
# The third-party clients the tests drive: Chromium (the web app, through playwright-core), litmus
# and cadaver (WebDAV), rclone (WebDAV and S3), s3cmd (S3). Installed from Debian's packages, only
# when one is missing, so a machine that has them starts the tests at once.
set -euo pipefail
declare -A package_of=([chromium]=chromium [litmus]=litmus [cadaver]=cadaver [rclone]=rclone [s3cmd]=s3cmd)
missing=()
for command in "${!package_of[@]}"; do
  command -v "$command" >/dev/null 2>&1 || missing+=("${package_of[$command]}")
done
if ((${#missing[@]})); then
  if [[ $(id -u) != 0 ]]; then
    echo "the tests need these Debian packages: ${missing[*]} (install them as root: apt-get install ${missing[*]})" >&2
    exit 1
  fi
  echo "installing test clients: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
