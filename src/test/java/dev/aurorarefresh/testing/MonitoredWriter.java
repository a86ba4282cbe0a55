package dev.aurorarefresh.testing;

import dev.aurorarefresh.testing.FaultProxy.Answer;
import dev.aurorarefresh.testing.FaultProxy.Exchange;
import dev.aurorarefresh.testing.FaultProxy.Moto;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A source writer with enhanced monitoring, which moto cannot seed: the strict twin's answers to
 * DescribeDBInstances show {@code instanceId} with the monitoring interval and role. Install with
 * {@code moto.proxy.layer(new MonitoredWriter(moto.twin, ...))}.
 */
public final class MonitoredWriter implements FaultProxy.Layer {
    private final FaultProxy.Layer twin;
    private final Pattern instance;
    private final String monitoring;

    public MonitoredWriter(FaultProxy.Layer twin, String instanceId, int intervalSeconds, String roleArn) {
        this.twin = twin;
        this.instance = Pattern.compile("(<DBInstance>(?:(?!</DBInstance>).)*?<DBInstanceIdentifier>" + Pattern.quote(instanceId)
                + "</DBInstanceIdentifier>)((?:(?!</DBInstance>).)*)(</DBInstance>)", Pattern.DOTALL);
        this.monitoring = "<MonitoringInterval>" + intervalSeconds + "</MonitoringInterval><MonitoringRoleArn>" + roleArn
                + "</MonitoringRoleArn>";
    }

    @Override
    public Answer handle(Exchange exchange, Moto moto) throws IOException {
        Answer answer = twin.handle(exchange, moto);
        if (!exchange.request().operation().equals("DescribeDBInstances") || answer.status() != 200) {
            return answer;
        }
        Matcher m = instance.matcher(answer.text());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String rest = m.group(2).replaceAll("<MonitoringInterval>[^<]*</MonitoringInterval>|<MonitoringRoleArn>[^<]*</MonitoringRoleArn>", "");
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + monitoring + rest + m.group(3)));
        }
        m.appendTail(out);
        return new Answer(answer.status(), answer.headers(), out.toString().getBytes(StandardCharsets.UTF_8));
    }
}
