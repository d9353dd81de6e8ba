package org.isaacus.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import java.util.function.Consumer;
import org.isaacus.support.IntegrationTest;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit chain on real PostgreSQL. The application's role cannot change the table at all; what a database
 * administrator does (edit, delete in the middle, delete the newest rows, empty the table, re-hash a row without
 * the key) is detected. Each tampering happens in an administrator's transaction that is rolled back after the
 * verification has seen it, so the shared trail stays intact for the other tests.
 */
class AuditTrailIT extends IntegrationTest {

    @Autowired
    AuditTrail audit;

    @Autowired
    AuditWatch watch;

    @Autowired
    DSLContext db;

    @Autowired
    TransactionTemplate tx;

    @Value("${spring.datasource.url}")
    String url;

    @Value("${spring.flyway.user}")
    String adminUser;

    @Value("${spring.flyway.password}")
    String adminPassword;

    @Test
    void theApplicationsRoleCanOnlyAppendAndRead() {
        UUID caseId = UUID.randomUUID();
        tx.executeWithoutResult(s -> audit.record("aino", "test.appended", caseId, "one"));
        assertThat(audit.ofCase(caseId)).hasSize(1);
        for (String sql : new String[] {
            "UPDATE audit_event SET detail = 'x' WHERE case_id = '" + caseId + "'",
            "DELETE FROM audit_event WHERE case_id = '" + caseId + "'",
            "TRUNCATE audit_event",
            "ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only",
            "DROP TABLE audit_event"
        }) {
            assertThatThrownBy(() -> db.execute(sql))
                    .as(sql)
                    .rootCause()
                    .hasMessageMatching("(?s).*(permission denied|must be owner).*");
        }
        assertThat(audit.ofCase(caseId)).hasSize(1);
    }

    @Test
    void tamperingByAnAdministratorIsDetected() throws SQLException {
        UUID caseId = UUID.randomUUID();
        tx.executeWithoutResult(s -> {
            audit.record("aino", "test.first", caseId, "one");
            audit.record("olli", "test.second", caseId, "two");
            audit.record("olli", "test.third", caseId, "three");
        });
        var anchor = audit.anchor().orElseThrow();
        assertThat(audit.verify().problems()).isEmpty();
        var ids = audit.ofCase(caseId).stream().map(AuditTrail.AuditEntry::id).toList();
        long first = ids.get(0);
        long second = ids.get(1);
        long third = ids.get(2);

        assertThat(tampered("UPDATE audit_event SET detail = 'forged' WHERE id = " + first))
                .contains("row " + first + " was altered after it was written");
        assertThat(tampered("DELETE FROM audit_event WHERE id = " + second))
                .contains("row " + second + " is missing (next row is " + third + ")")
                .contains("row " + third + " does not link to its predecessor");
        assertThat(tampered("DELETE FROM audit_event WHERE id >= " + anchor.id()))
                .as("the newest rows deleted: the anchor outside the database still names them")
                .anyMatch(p -> p.startsWith("rows " + anchor.id() + " to " + anchor.id() + " are missing"));
        assertThat(tampered("TRUNCATE audit_event")).anyMatch(p -> p.contains("are missing"));
        // re-hashing a row without the key: as a plain SHA-256 row after keyed rows, and not the anchored row
        assertThat(tampered(admin -> {
                    var row = admin.selectFrom(org.isaacus.db.Tables.AUDIT_EVENT)
                            .where(org.isaacus.db.Tables.AUDIT_EVENT.ID.eq(anchor.id()))
                            .fetchOne();
                    String forged = AuditTrail.sha256(AuditTrail.canonical(
                            row.getId(),
                            row.getPrevHash(),
                            row.getOccurredAt(),
                            row.getActor(),
                            row.getAction(),
                            row.getCaseId(),
                            "forged"));
                    admin.execute(
                            "UPDATE audit_event SET detail = 'forged', keyed = false, hash = ? WHERE id = ?",
                            forged,
                            anchor.id());
                }))
                .contains("row " + anchor.id() + " is not keyed although earlier rows are")
                .anyMatch(p -> p.startsWith("row " + anchor.id() + " is not the row anchored at"));

        // every tampering above was rolled back: the trail is whole again, and the watch says so
        var checked = watch.verify();
        assertThat(checked.problems()).isEmpty();
        assertThat(checked.intact()).isTrue();
        assertThat(checked.rows()).isGreaterThanOrEqualTo(third);
    }

    @Test
    void recordingOutsideATransactionIsRefused() {
        assertThatThrownBy(() -> audit.record("aino", "test", null, "x")).hasMessageContaining("transaction");
    }

    private java.util.List<String> tampered(String sql) throws SQLException {
        return tampered(admin -> admin.execute(sql));
    }

    /** Tampers as the database's superuser, verifies what that transaction sees, then rolls it back. */
    private java.util.List<String> tampered(Consumer<DSLContext> tampering) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, adminUser, adminPassword)) {
            c.setAutoCommit(false);
            try {
                DSLContext admin = DSL.using(c, SQLDialect.POSTGRES);
                admin.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only");
                tampering.accept(admin);
                return audit.verify(admin).problems();
            } finally {
                c.rollback();
            }
        }
    }
}
