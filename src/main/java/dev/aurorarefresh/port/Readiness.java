package dev.aurorarefresh.port;

import java.util.Map;

/** The answer of a readiness check on a clone whose cluster and instances are available. */
public sealed interface Readiness {

    /** Usable: tag it ready, with any extra tags the check wants recorded and a note for the summary (or ""). */
    record Ready(Map<String, String> extraTags, String done) implements Readiness {
        public Ready(Map<String, String> extraTags) {
            this(extraTags, "");
        }
    }

    /** Not yet: poll again within the wait budget. */
    record Unready(String reason) implements Readiness {
    }

    /** It can never become ready: tag it failed. */
    record Failed(String reason) implements Readiness {
    }
}
