package dev.aurorarefresh.pass;

import dev.aurorarefresh.core.Action;
import dev.aurorarefresh.core.CloneSpec;
import dev.aurorarefresh.core.ClusterView;
import dev.aurorarefresh.core.InstanceView;
import dev.aurorarefresh.core.SourceCluster;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An RdsPort that forwards everything: tests override one method to inject a behaviour. */
class DelegatingRds implements RdsPort {
    private final RdsPort d;

    DelegatingRds(RdsPort delegate) {
        this.d = delegate;
    }

    public Optional<SourceCluster> describeSource(String id) { return d.describeSource(id); }
    public Optional<ClusterView> describeCluster(String id) { return d.describeCluster(id); }
    public List<ClusterView> listCandidates(SourceCluster s) { return d.listCandidates(s); }
    public List<InstanceView> describeInstances(Collection<String> ids) { return d.describeInstances(ids); }
    public boolean restoreClone(CloneSpec spec) { return d.restoreClone(spec); }
    public boolean createInstance(Action.CreateInstance a) { return d.createInstance(a); }
    public void addTags(String arn, Map<String, String> tags) { d.addTags(arn, tags); }
    public void disableDeletionProtection(String id) { d.disableDeletionProtection(id); }
    public boolean deleteInstance(String id) { return d.deleteInstance(id); }
    public DeleteResult deleteCluster(String id, Optional<String> snapshot) { return d.deleteCluster(id, snapshot); }
}
