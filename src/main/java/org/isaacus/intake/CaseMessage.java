package org.isaacus.intake;

import java.util.UUID;

/** A message for the case's process, published through the outbox; the id makes redelivery harmless. */
public record CaseMessage(UUID caseId, String messageName, UUID messageId) {}
