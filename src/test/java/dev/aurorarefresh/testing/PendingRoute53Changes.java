package dev.aurorarefresh.testing;

import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.route53.model.ChangeResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.ChangeStatus;

/**
 * Answers every change batch PENDING, as Route53 does (moto answers INSYNC at once), so that
 * a pass against moto also takes the GetChange path.
 */
public final class PendingRoute53Changes implements ExecutionInterceptor {
    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        if (context.response() instanceof ChangeResourceRecordSetsResponse r) {
            return r.toBuilder().changeInfo(r.changeInfo().toBuilder().status(ChangeStatus.PENDING).build()).build();
        }
        return context.response();
    }
}
