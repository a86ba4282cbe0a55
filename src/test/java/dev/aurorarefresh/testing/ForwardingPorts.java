package dev.aurorarefresh.testing;

import dev.aurorarefresh.core.Action;
import dev.aurorarefresh.core.CloneSpec;
import dev.aurorarefresh.core.ClusterView;
import dev.aurorarefresh.core.DnsRecord;
import dev.aurorarefresh.core.InstanceView;
import dev.aurorarefresh.core.SourceCluster;
import dev.aurorarefresh.port.DnsPort;
import dev.aurorarefresh.port.RdsPort;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Ports that forward every call to a world (usually {@link FakeAws}): a test overrides the one
 * call whose behaviour it injects (a lagging listing, a throttled read) or observes (the targets
 * of mutating calls).
 */
public class ForwardingPorts implements RdsPort, DnsPort {
    private final RdsPort rds;
    private final DnsPort dns;

    public ForwardingPorts(FakeAws world) {
        this(world, world);
    }

    public ForwardingPorts(RdsPort rds, DnsPort dns) {
        this.rds = rds;
        this.dns = dns;
    }

    @Override public Optional<SourceCluster> describeSource(String id) { return rds.describeSource(id); }
    @Override public Optional<ClusterView> describeCluster(String id) { return rds.describeCluster(id); }
    @Override public Clusters listClusters(String id, Optional<String> group) { return rds.listClusters(id, group); }
    @Override public List<InstanceView> describeInstances(Collection<String> ids) { return rds.describeInstances(ids); }
    @Override public Optional<Double> serverlessMinCapacity(String engine, String version) { return rds.serverlessMinCapacity(engine, version); }
    @Override public Optional<Double> serverlessMaxCapacity(String engine, String version) { return rds.serverlessMaxCapacity(engine, version); }
    @Override public boolean restoreClone(CloneSpec spec) { return rds.restoreClone(spec); }
    @Override public boolean createInstance(Action.CreateInstance a) { return rds.createInstance(a); }
    @Override public void addTags(String arn, Map<String, String> tags) { rds.addTags(arn, tags); }
    @Override public void disableDeletionProtection(String id) { rds.disableDeletionProtection(id); }
    @Override public String manageMasterPassword(String id, java.util.Optional<String> key) { return rds.manageMasterPassword(id, key); }
    @Override public void setMasterPassword(String id, dev.aurorarefresh.port.Secret password) { rds.setMasterPassword(id, password); }
    @Override public void enableDeletionProtection(String id) { rds.enableDeletionProtection(id); }
    @Override public dev.aurorarefresh.core.AccountQuotas accountQuotas() { return rds.accountQuotas(); }
    @Override public boolean deleteInstance(String id) { return rds.deleteInstance(id); }
    @Override public List<dev.aurorarefresh.core.FinalSnapshot> finalSnapshots() { return rds.finalSnapshots(); }
    @Override public boolean deleteClusterSnapshot(String id) { return rds.deleteClusterSnapshot(id); }
    @Override public DeleteResult deleteCluster(String id, Optional<String> snapshot) { return rds.deleteCluster(id, snapshot); }
    @Override public Optional<HostedZone> zoneById(String id) { return dns.zoneById(id); }
    @Override public List<HostedZone> zonesByName(String name) { return dns.zonesByName(name); }
    @Override public DnsRecord readRecord(String zone, String name) { return dns.readRecord(zone, name); }
    @Override public Submitted upsertCnames(String zone, List<Cname> records, long ttl, String comment) {
        return dns.upsertCnames(zone, records, ttl, comment);
    }
    @Override public Optional<Submitted> deleteCnames(String zone, List<Cname> records, String comment) {
        return dns.deleteCnames(zone, records, comment);
    }
    @Override public boolean isInSync(String changeId) { return dns.isInSync(changeId); }
}
