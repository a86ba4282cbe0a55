#!/usr/bin/env python3
"""Seed a moto server with a source Aurora cluster (and its writer) and a hosted zone.

Usage: seed-moto.py ENDPOINT [SOURCE_CLUSTER] [ZONE]
Idempotent: what already exists is left as it is.
"""
import sys

import boto3

endpoint = sys.argv[1]
source = sys.argv[2] if len(sys.argv) > 2 else "prod-db"
zone = sys.argv[3] if len(sys.argv) > 3 else "example.internal"
kw = dict(endpoint_url=endpoint, region_name="us-east-1",
          aws_access_key_id="test", aws_secret_access_key="test")
rds = boto3.client("rds", **kw)
r53 = boto3.client("route53", **kw)

if not any(c["DBClusterIdentifier"] == source for c in rds.describe_db_clusters()["DBClusters"]):
    rds.create_db_cluster(DBClusterIdentifier=source, Engine="aurora-postgresql",
                          MasterUsername="app", MasterUserPassword="not-a-real-secret")
    rds.create_db_instance(DBInstanceIdentifier=source + "-1", DBClusterIdentifier=source,
                           Engine="aurora-postgresql", DBInstanceClass="db.r6g.large")
    print(f"seeded source cluster {source} (aurora-postgresql, writer {source}-1)")

if not any(z["Name"].rstrip(".") == zone for z in r53.list_hosted_zones()["HostedZones"]):
    r53.create_hosted_zone(Name=zone, CallerReference="aurora-refresh-demo",
                           HostedZoneConfig={"PrivateZone": False})
    print(f"seeded hosted zone {zone}")
