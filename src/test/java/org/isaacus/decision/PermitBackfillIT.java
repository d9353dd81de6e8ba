package org.isaacus.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.isaacus.support.IntegrationTest;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A permit granted before the permit was recorded as data gets, from migration V14, what it was given then: the
 * requested datasets and variables, the cohort, the applicant and the e-mail addresses of the team list. The test
 * makes such a grant (application and decision rows, no permit row) and runs the migration's back-fill again.
 */
class PermitBackfillIT extends IntegrationTest {

    @Autowired
    DSLContext db;

    @Autowired
    Permits permits;

    @Test
    void aGrantFromBeforeTheTypedPermitGetsWhatItWasGiven() throws Exception {
        UUID caseId = UUID.randomUUID();
        db.execute(
                "INSERT INTO application (id, applicant, type, status, title, form_data) VALUES (?::uuid, 'aino',"
                        + " 'data-permit', 'granted', 'Old grant', ?::jsonb)",
                caseId.toString(),
                """
                {"datasets": ["care-register", "reimbursed-prescriptions"],
                 "variables": ["care-register.icd10", "care-register.specialty", "reimbursed-prescriptions.atc"],
                 "cohortDiagnoses": "I21, I22", "cohortBornFrom": 1930, "cohortBornTo": 2000,
                 "teamMembers": "Aino, UEF, Aino@UEF.example\\nTea, UEF, tea@uef.example"}""");
        db.execute(
                "INSERT INTO decision_document (application_id, job_key, outcome, reasons, decided_by, approved_by, pdf,"
                        + " valid_until) VALUES (?::uuid, ?, 'grant', 'Fine.', 'olli', 'oona', '\\x00'::bytea,"
                        + " DATE '2028-06-30')",
                caseId.toString(),
                System.nanoTime());
        String migration;
        try (var in = getClass().getResourceAsStream("/db/migration/V14__decision_permit.sql")) {
            migration = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String backfill = migration.substring(migration.indexOf("INSERT INTO permit"));
        db.execute(backfill);
        db.execute(backfill); // once only

        Permit permit = permits.require(caseId);
        assertThat(permit.kind()).isEqualTo("dataset");
        assertThat(permit.datasets())
                .containsExactly(
                        new Permit.PermittedDataset("care-register", java.util.List.of("icd10", "specialty")),
                        new Permit.PermittedDataset("reimbursed-prescriptions", java.util.List.of("atc")));
        assertThat(permit.cohort()).isEqualTo(new Permit.Cohort(java.util.List.of("I21", "I22"), 1930, 2000));
        assertThat(permit.persons()).containsExactlyInAnyOrder("aino", "aino@uef.example", "tea@uef.example");
        assertThat(permit.validUntil()).isEqualTo(java.time.LocalDate.of(2028, 6, 30));
    }
}
