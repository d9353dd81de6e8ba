package org.isaacus.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.isaacus.support.IntegrationTest;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit chain on real PostgreSQL. Tampers only with rows it wrote itself. Deleting the newest row is not
 * detectable from the table alone (see docs/architecture.md); this test deletes a row in the middle.
 */
class AuditTrailIT extends IntegrationTest {

    @Autowired
    AuditTrail audit;

    @Autowired
    DSLContext db;

    @Autowired
    TransactionTemplate tx;

    @Test
    void editingOrDeletingARowIsDetected() {
        UUID caseId = UUID.randomUUID();
        tx.executeWithoutResult(s -> {
            audit.record("aino", "test.first", caseId, "one");
            audit.record("olli", "test.second", caseId, "two");
            audit.record("olli", "test.third", caseId, "three");
        });
        assertThat(audit.verify().intact()).isTrue();
        assertThat(audit.ofCase(caseId))
                .extracting(AuditTrail.AuditEntry::action)
                .containsExactly("test.first", "test.second", "test.third");

        // the table refuses edits outright ...
        assertThatThrownBy(() -> db.execute("UPDATE audit_event SET detail = 'x' WHERE case_id = '" + caseId + "'"))
                .hasMessageContaining("append-only");

        // ... and a superuser who switches the trigger off is caught by the chain
        long first = audit.ofCase(caseId).get(0).id();
        long second = audit.ofCase(caseId).get(1).id();
        long third = audit.ofCase(caseId).get(2).id();
        tamper("UPDATE audit_event SET detail = 'forged' WHERE id = " + first);
        var afterEdit = audit.verify();
        assertThat(afterEdit.intact()).isFalse();
        assertThat(afterEdit.problems()).contains("row " + first + " was altered after it was written");

        tamper("DELETE FROM audit_event WHERE id = " + second);
        assertThat(audit.verify().problems())
                .contains("row " + second + " is missing (next row is " + third + ")")
                .contains("row " + third + " does not link to its predecessor");
    }

    @Test
    void recordingOutsideATransactionIsRefused() {
        assertThatThrownBy(() -> audit.record("aino", "test", null, "x")).hasMessageContaining("transaction");
    }

    private void tamper(String sql) {
        tx.executeWithoutResult(s -> {
            db.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only");
            db.execute(sql);
            db.execute("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only");
        });
    }
}
