package org.isaacus.intake;

import java.util.List;
import java.util.UUID;

/** Published in the submitting transaction; the engine module starts the permit process from it (outbox). */
public record ApplicationSubmitted(
        UUID caseId,
        String applicant,
        String applicationType,
        String title,
        String purpose,
        boolean thesis,
        String establishment,
        String applicantSector,
        String description,
        List<String> datasets,
        List<String> registerHolders,
        boolean healthData,
        boolean consentObtained,
        boolean medicalResearch,
        String ethicsCommittee,
        String ethicsReference,
        String contactEmail,
        String existingPermit) {}
