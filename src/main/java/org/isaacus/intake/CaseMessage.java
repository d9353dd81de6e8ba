package org.isaacus.intake;

import java.util.Map;
import java.util.UUID;

/** A message for the case's process, published through the outbox; the id makes redelivery harmless. */
public record CaseMessage(UUID caseId, String messageName, UUID messageId, Map<String, Object> variables) {

    public CaseMessage(UUID caseId, String messageName, UUID messageId) {
        this(caseId, messageName, messageId, Map.of());
    }

    public CaseMessage {
        variables = variables == null ? Map.of() : Map.copyOf(variables);
    }
}
