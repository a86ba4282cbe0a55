package dev.aurorarefresh.aws;

import software.amazon.awssdk.regions.Region;

/**
 * Route53 is global per partition: its API is signed for one region of the partition the job runs
 * in, not for the job's own region, and a fixed global region would send a China or GovCloud job
 * to the commercial endpoint with credentials that do not exist there.
 */
public final class Route53Region {

    private Route53Region() {
    }

    /** The region to sign Route53 calls for, from the partition of the configured region. */
    public static Region forConfigured(Region configured) {
        String id = configured.id();
        if (id.startsWith("cn-")) {
            return Region.CN_NORTHWEST_1;
        }
        if (id.startsWith("us-gov-")) {
            return Region.US_GOV_WEST_1;
        }
        if (id.startsWith("us-isob-")) {
            return Region.US_ISOB_EAST_1;
        }
        if (id.startsWith("us-iso-")) {
            return Region.US_ISO_EAST_1;
        }
        return Region.US_EAST_1;
    }
}
