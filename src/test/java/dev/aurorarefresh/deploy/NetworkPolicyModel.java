package dev.aurorarefresh.deploy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;

/**
 * networking.k8s.io/v1 NetworkPolicy, field for field as the Kubernetes API reference has it (the
 * fabric8 networking model is not available here); parsed strictly, a misspelt field fails.
 */
record NetworkPolicyModel(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {
    record Spec(LabelSelector podSelector, List<String> policyTypes, List<Ingress> ingress, List<Egress> egress) {
    }

    record Ingress(List<Peer> from, List<Port> ports) {
    }

    record Egress(List<Peer> to, List<Port> ports) {
    }

    record Peer(LabelSelector podSelector, LabelSelector namespaceSelector, IpBlock ipBlock) {
    }

    record IpBlock(String cidr, List<String> except) {
    }

    record Port(String protocol, IntOrString port, Integer endPort) {
    }
}
