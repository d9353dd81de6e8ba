package org.isaacus.decision;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A granted permit as the officers decided it: which variables of which datasets, about whom, for whom, until
 * when. Extraction orders, compilation, workspace access, amendments and renewals read only this.
 *
 * @param kind {@code dataset} (individual-level data in the secure environment) or {@code statistics}
 * @param persons accounts (the identity provider's subject) or e-mail addresses the provider has verified
 */
public record Permit(
        UUID caseId,
        String permitHolder,
        String kind,
        List<PermittedDataset> datasets,
        Cohort cohort,
        List<String> persons,
        String conditions,
        LocalDate validUntil) {

    public record PermittedDataset(String dataset, List<String> variables) {}

    public record Cohort(List<String> diagnoses, Integer bornFrom, Integer bornTo) {}
}
