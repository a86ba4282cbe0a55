package dev.aurorarefresh.aws;

import dev.aurorarefresh.core.DnsRecord;
import dev.aurorarefresh.port.DnsPort;
import dev.aurorarefresh.port.NotReadyException;
import dev.aurorarefresh.port.PortException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeInfo;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.HostedZone;
import software.amazon.awssdk.services.route53.model.NoSuchHostedZoneException;
import software.amazon.awssdk.services.route53.model.PriorRequestNotCompleteException;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/** {@link DnsPort} over the AWS SDK. */
public final class Route53Adapter implements DnsPort {
    private final Route53Client route53;

    public Route53Adapter(Route53Client route53) {
        this.route53 = route53;
    }

    @Override
    public Optional<HostedZone> zoneById(String zoneId) {
        try {
            return Optional.of(zone(call("GetHostedZone", () -> route53.getHostedZone(r -> r.id(zoneId))).hostedZone()));
        } catch (PortException e) {
            // a role scoped to its own zone is refused any other, so a wrong id reads AccessDenied
            // (only that: an expired or invalid token is also HTTP 403, and stays an AWS error)
            if (e.getCause() instanceof NoSuchHostedZoneException || e.getCause() instanceof AwsServiceException s
                    && s.awsErrorDetails() != null && "AccessDenied".equals(s.awsErrorDetails().errorCode())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public List<HostedZone> zonesByName(String zoneName) {
        var page = call("ListHostedZonesByName", () -> route53.listHostedZonesByName(r -> r.dnsName(zoneName).maxItems("10")));
        return page.hostedZones().stream().map(Route53Adapter::zone).filter(z -> z.name().equals(zoneName)).toList();
    }

    private static HostedZone zone(software.amazon.awssdk.services.route53.model.HostedZone z) {
        String id = z.id().startsWith("/hostedzone/") ? z.id().substring("/hostedzone/".length()) : z.id();
        boolean privateZone = z.config() != null && Boolean.TRUE.equals(z.config().privateZone());
        return new HostedZone(id, DnsRecord.normalize(z.name()), privateZone);
    }

    @Override
    public DnsRecord readRecord(String zoneId, String recordName) {
        Optional<ResourceRecordSet> set = currentSet(zoneId, recordName);
        if (set.isEmpty()) {
            return DnsRecord.absent(recordName);
        }
        Optional<String> value = set.get().resourceRecords().stream().findFirst().map(rr -> rr.value())
                .or(() -> Optional.ofNullable(set.get().aliasTarget()).map(a -> a.dnsName()));
        return new DnsRecord(recordName, Optional.of(set.get().typeAsString()), value);
    }

    @Override
    public Submitted upsertCnames(String zoneId, List<Cname> records, long ttl, String comment) {
        List<Change> changes = records.stream().map(c -> Change.builder().action(ChangeAction.UPSERT)
                .resourceRecordSet(s -> s.name(c.name()).type(RRType.CNAME).ttl(ttl)
                        .resourceRecords(rr -> rr.value(c.target())))
                .build()).toList();
        return submit(zoneId, changes, comment);
    }

    private Submitted submit(String zoneId, List<Change> changes, String comment) {
        try {
            ChangeInfo info = call("ChangeResourceRecordSets", () -> route53.changeResourceRecordSets(r -> r.hostedZoneId(zoneId)
                    .changeBatch(b -> b.comment(comment).changes(changes)))).changeInfo();
            return new Submitted(info.id(), info.status() == ChangeStatus.INSYNC);
        } catch (PortException e) {
            if (e.getCause() instanceof PriorRequestNotCompleteException) {
                // Route53 is still processing an earlier change of the zone: ask again later (AWS's advice)
                throw new NotReadyException(e.getMessage(), e.getCause());
            }
            throw e;
        }
    }

    @Override
    public Optional<Submitted> deleteCnames(String zoneId, List<Cname> records, String comment) {
        List<Change> changes = new java.util.ArrayList<>();
        for (Cname c : records) {
            currentSet(zoneId, c.name()).filter(s -> s.type() == RRType.CNAME && s.resourceRecords().size() == 1
                    && DnsRecord.normalize(s.resourceRecords().get(0).value()).equals(DnsRecord.normalize(c.target())))
                    .ifPresent(s -> changes.add(Change.builder().action(ChangeAction.DELETE).resourceRecordSet(s).build()));
        }
        if (changes.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(submit(zoneId, changes, comment));
    }

    /** The record set of that name as Route53 holds it: a DELETE must name its current TTL and value. */
    private Optional<ResourceRecordSet> currentSet(String zoneId, String recordName) {
        var page = call("ListResourceRecordSets", () -> route53.listResourceRecordSets(r -> r.hostedZoneId(zoneId)
                .startRecordName(recordName).maxItems("1")));
        return page.resourceRecordSets().stream().filter(s -> DnsRecord.normalize(s.name()).equals(recordName)).findFirst();
    }

    @Override
    public boolean isInSync(String changeId) {
        return call("GetChange", () -> route53.getChange(r -> r.id(changeId))).changeInfo().status() == ChangeStatus.INSYNC;
    }

    private static <T> T call(String operation, Supplier<T> call) {
        return AwsCalls.call("Route53", operation, call);
    }
}
