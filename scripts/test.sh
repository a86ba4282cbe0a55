#!/usr/bin/env bash
# The README's test command: installs what the tests need when it is missing (Debian packages),
# starts the local databases, then runs the whole build with its tests (mvn -B verify, with any
# extra Maven arguments given). CI runs it too (.ci/run). The tests name the same install commands
# when a tool is missing (src/test/java/dev/aurorarefresh/testing/Tool.java; ToolTest keeps both in step).
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
updated=false
apt_install() { # apt_install [--no-install-recommends] PACKAGE...
  echo "installing $* (apt-get)"
  $updated || { as_root apt-get update -qq; updated=true; }
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# moto (the AWS emulator) ships with the machine's Python; the tests start their own server.
python3 -c 'import moto.server' 2>/dev/null \
  || { echo "moto with its server is required: python3 -m pip install 'moto[server]==5.2.1'" >&2; exit 1; }

# The strict twin checks every request against the machine's botocore API models: a botocore older
# than a parameter the project sends would fail tests with false "unknown parameter" findings.
python3 - <<'PY' || exit 1
import glob, gzip, json, os, sys
import botocore
# (service, shape, member) the project sends or reads that botocore learnt last (Serverless v2 auto-pause, Nov 2024)
needed = [("rds", "ServerlessV2ScalingConfiguration", "SecondsUntilAutoPause"),
          ("rds", "ServerlessV2FeaturesSupport", "MaxCapacity"),
          ("rds", "DBCluster", "ClusterScalabilityType")]
data = os.path.join(os.path.dirname(botocore.__file__), "data")
missing = []
for service, shape, member in needed:
    models = sorted(glob.glob(os.path.join(data, service, "*", "service-2.json*")))
    shapes = {}
    if models:
        with (gzip.open if models[-1].endswith(".gz") else open)(models[-1], "rt") as f:
            shapes = json.load(f)["shapes"]
    if member not in shapes.get(shape, {}).get("members", {}):
        missing.append(f"{service} {shape}.{member}")
if missing:
    print(f"botocore {botocore.__version__} ({data}) is too old for what aurora-refresh sends: no {', '.join(missing)}"
          " in its API models; upgrade it (python3 -m pip install -U botocore; a release from 2025 or later)", file=sys.stderr)
    sys.exit(1)
PY

# The TLS tests start their own PostgreSQL and MariaDB servers (initdb/pg_ctl, mariadb-install-db/
# mariadbd; as root, PostgreSQL's tools run as the postgres user through runuser) with
# certificates made by openssl.
if ! command -v openssl >/dev/null 2>&1 || ! command -v mariadb-install-db >/dev/null 2>&1 \
    || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  apt_install --no-install-recommends openssl postgresql mariadb-server
fi

# PostgreSQL and MariaDB are started by the machine; start them if they are down.
pg_isready -h 127.0.0.1 -p 5432 >/dev/null 2>&1 \
  || as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
mariadb-admin -h 127.0.0.1 -u root ping >/dev/null 2>&1 \
  || as_root start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || true

# ecs/deploy.sh is tested with the AWS CLI against moto.
command -v aws >/dev/null 2>&1 || apt_install awscli

# The k8s manifests are rendered with `kubectl kustomize` (base, components, overlays).
command -v kubectl >/dev/null 2>&1 || apt_install kubectl

# Metrics tests start a real Pushgateway and check the alert rules with promtool (Debian packages).
if ! command -v prometheus-pushgateway >/dev/null 2>&1 || ! command -v promtool >/dev/null 2>&1; then
  apt_install --no-install-recommends prometheus-pushgateway prometheus
fi

# The Terraform tests run terraform (1.9 or newer; the machines have 1.11) with the hashicorp/aws
# provider from the machine's filesystem mirror only (init -plugin-dir; no registry access).
command -v terraform >/dev/null 2>&1 \
  || { echo "terraform is required (Terraform 1.11, preinstalled as /usr/local/bin/terraform on these machines)" >&2; exit 1; }
mirror="$(find / -maxdepth 3 -type d -name registry.terraform.io -not -path '/proc/*' -print -quit 2>/dev/null || true)"
[ -n "$mirror" ] && [ -d "$mirror/hashicorp/aws" ] \
  || { echo "no Terraform provider mirror with hashicorp/aws (a folder registry.terraform.io within 3 levels of /)" >&2; exit 1; }

mvn -B verify "$@"
