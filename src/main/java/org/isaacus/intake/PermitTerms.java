package org.isaacus.intake;

import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

/**
 * What intake needs to know of a decided case to accept or refuse a person's request; the decision module answers
 * (it owns decisions and permits, and depends on intake, not the other way round).
 */
public interface PermitTerms {

    /** The last day of the permit's validity, if the case has a permit. */
    Optional<LocalDate> validUntil(UUID caseId);

    /** The last day on which the decision can be appealed, if the case has a decision. */
    Optional<LocalDate> appealEndsOn(UUID caseId);

    /** An appeal against the case's decision and, once recorded, the court's outcome; null when none was lodged. */
    Appeal appeal(UUID caseId);

    record Appeal(java.time.OffsetDateTime lodgedAt, String courtOutcome, LocalDate courtDecidedOn) {}
}
