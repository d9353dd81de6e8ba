package org.isaacus.intake;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the applicant and the authority see of a case. */
public record PermitApplication(
        UUID id,
        String applicant,
        String type,
        ApplicationStatus status,
        String title,
        Map<String, Object> formData,
        OffsetDateTime createdAt,
        OffsetDateTime submittedAt,
        List<AttachmentInfo> attachments,
        List<StatusChange> timeline,
        PermitTerms.Appeal appeal) {

    public record AttachmentInfo(UUID id, String kind, String filename, int sizeBytes, String sha256) {}

    public record StatusChange(String status, OffsetDateTime at, String reason) {}
}
