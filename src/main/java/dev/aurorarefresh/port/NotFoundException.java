package dev.aurorarefresh.port;

/**
 * AWS answered that a resource named in a mutating call does not exist. Right after the resource
 * was created this is RDS's eventual consistency, not an error: the step observes again and
 * re-plans (if it is really gone, the new plan no longer names it).
 */
public class NotFoundException extends PortException {
    public NotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
