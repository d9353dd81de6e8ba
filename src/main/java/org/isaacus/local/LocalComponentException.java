package org.isaacus.local;

/** A local component (PostgreSQL, ...) could not start; the message names which and why. */
public class LocalComponentException extends RuntimeException {

    public LocalComponentException(String component, String reason, Throwable cause) {
        super(component + " did not start: " + reason, cause);
    }
}
