package org.isaacus.audit;

import java.time.Instant;
import java.util.List;

/**
 * Where the newest link of the audit chain is written down outside the database, so that deleting the newest
 * rows or emptying the table shows. In production an append-only store the database's administrators cannot
 * rewrite (a WORM bucket, a timestamping service); {@link FileAuditAnchors} is the working local one.
 */
public interface AuditAnchors {

    void append(Anchor anchor);

    /** Every anchor written, oldest first. */
    List<Anchor> all();

    record Anchor(Instant at, long id, String hash) {}
}
