package dev.aurorarefresh.port;

/**
 * AWS refused a call because the resource it names is not in a state that allows it yet (RDS's
 * InvalidDBClusterStateFault for a CreateDBInstance while the restored cluster is still
 * {@code creating}, or a ModifyDBCluster on a clone another run is deleting). Like {@link NotFoundException} this is "not yet": the step observes again.
 */
public class NotReadyException extends PortException {
    public NotReadyException(String message, Throwable cause) {
        super(message, cause);
    }
}
