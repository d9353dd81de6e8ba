package org.isaacus.delivery;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The secure processing environment where permitted researchers work on delivered data. Outside our system in
 * production (an adapter per SPE); {@link LocalSecureEnvironment} is the working local implementation.
 */
public interface SecureEnvironment {

    /** Puts a compiled dataset into the permit's workspace; a repeat with the same files changes nothing. */
    List<WorkspaceFile> provision(UUID caseId, Path dataset);

    /**
     * Lets exactly these identities in until the end of the permit's validity; anyone else on the workspace's
     * list is shut out at once.
     */
    void grant(UUID caseId, Collection<String> identities, LocalDate validUntil);

    /** Whether the permit's users have been let in and not shut out since (revocation, expiry). */
    boolean accessGranted(UUID caseId);

    /** A renewed or amended permit: whoever may enter now may enter until the new end. */
    void extend(UUID caseId, LocalDate validUntil);

    /** Nobody gets in any more, from now on. */
    void revoke(UUID caseId);

    /** Whether any of a person's identities (account, e-mail) is on the workspace's valid access list. */
    boolean mayEnter(UUID caseId, Collection<String> identities, LocalDate today);

    List<UUID> workspacesOf(Collection<String> identities, LocalDate today);

    List<WorkspaceFile> files(UUID caseId);

    /** Deletes the workspace; returns what was deleted with the checksums taken just before. */
    List<WorkspaceFile> delete(UUID caseId);

    record WorkspaceFile(String name, long bytes, String sha256) {}
}
