package dev.aurorarefresh.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test during which the code sent a request the AWS API model does not allow, even if the
 * code went on and the test's own assertions held. Registered for every test (JUnit's extension
 * autodetection, src/test/resources/junit-platform.properties); a test that provokes a violation
 * on purpose takes it from the twin ({@link StrictTwin#takeViolations()}).
 */
public final class StrictTwinCheck implements AfterEachCallback {
    @Override
    public void afterEach(ExtensionContext context) {
        StrictTwin twin = StrictTwin.current();
        if (twin != null) {
            var found = twin.takeViolations();
            if (!found.isEmpty()) {
                throw new AssertionError("requests the AWS API model refuses (strict twin): " + found);
            }
        }
    }
}
