#!/bin/sh
# Fetches AWS's RDS CA bundle (the CAs of every RDS/Aurora server certificate) and checks it
# against a pinned sha256, for the container images' --db-tls verify-full default.
#   usage: fetch-rds-ca-bundle.sh SHA256 OUT [URL]
# The Dockerfiles run it with --build-arg RDS_CA_BUNDLE_SHA256; docs/configuration.md, "TLS"
# says how to obtain and review the value. A bundle that differs from the pinned one fails the
# build: AWS adds CAs now and then, and a new bundle is reviewed before it is trusted.
set -eu
sha=${1:-}
out=${2:?usage: fetch-rds-ca-bundle.sh SHA256 OUT [URL]}
url=${3:-https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem}

if ! printf '%s' "$sha" | grep -Eq '^[0-9a-f]{64}$'; then
  echo "RDS_CA_BUNDLE_SHA256: '$sha' is not a sha256; build with --build-arg RDS_CA_BUNDLE_SHA256=<sha256 of the reviewed $url>" >&2
  exit 1
fi
if command -v curl >/dev/null 2>&1; then
  curl -fsSL --retry 3 --max-time 120 -o "$out.part" "$url"
else
  wget -q -T 120 -O "$out.part" "$url"
fi
actual=$(sha256sum "$out.part" | cut -d' ' -f1)
if [ "$actual" != "$sha" ]; then
  rm -f "$out.part"
  echo "$url has sha256 $actual, not the pinned $sha: review the new bundle, then pin its sha256" >&2
  exit 1
fi
grep -q -- '-----BEGIN CERTIFICATE-----' "$out.part" || { rm -f "$out.part"; echo "$url holds no PEM certificate" >&2; exit 1; }
mv "$out.part" "$out"
echo "RDS CA bundle: $(grep -c -- '-----BEGIN CERTIFICATE-----' "$out") certificates, sha256 $actual"
