package org.isaacus.audit;

import static org.isaacus.db.Tables.AUDIT_EVENT;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.isaacus.db.tables.records.AuditEventRecord;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Append-only audit trail of every state change. Each row carries the hash of its predecessor, so editing or
 * deleting a row breaks the chain and {@link #verify()} names the first broken row. Rows are written in the
 * caller's transaction: a change and its audit row commit or roll back together.
 */
@Service
public class AuditTrail {

    static final String GENESIS = "0".repeat(64);
    private static final long CHAIN_LOCK = 0x15AAC05L;

    private final DSLContext db;
    private final Clock clock;

    AuditTrail(DSLContext db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void record(String actor, String action, UUID caseId, String detail) {
        // one writer at a time extends the chain; the lock ends with the transaction
        db.select(DSL.function("pg_advisory_xact_lock", Object.class, DSL.val(CHAIN_LOCK)))
                .fetch();
        var last = db.select(AUDIT_EVENT.ID, AUDIT_EVENT.HASH)
                .from(AUDIT_EVENT)
                .orderBy(AUDIT_EVENT.ID.desc())
                .limit(1)
                .fetchOne();
        long id = last == null ? 1 : last.value1() + 1;
        String prev = last == null ? GENESIS : last.value2();
        var at = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
        db.insertInto(AUDIT_EVENT)
                .set(AUDIT_EVENT.ID, id)
                .set(AUDIT_EVENT.OCCURRED_AT, at)
                .set(AUDIT_EVENT.ACTOR, actor)
                .set(AUDIT_EVENT.ACTION, action)
                .set(AUDIT_EVENT.CASE_ID, caseId)
                .set(AUDIT_EVENT.DETAIL, detail)
                .set(AUDIT_EVENT.PREV_HASH, prev)
                .set(AUDIT_EVENT.HASH, hash(id, prev, at, actor, action, caseId, detail))
                .execute();
    }

    /** Entries of one case, oldest first. */
    @Transactional(readOnly = true)
    public List<AuditEntry> ofCase(UUID caseId) {
        return db.selectFrom(AUDIT_EVENT)
                .where(AUDIT_EVENT.CASE_ID.eq(caseId))
                .orderBy(AUDIT_EVENT.ID)
                .fetch(r -> new AuditEntry(r.getId(), r.getOccurredAt(), r.getActor(), r.getAction(), r.getDetail()));
    }

    /** Walks the whole chain; ids are dense, so a deleted row shows as a gap or a broken link. */
    @Transactional(readOnly = true)
    public Verification verify() {
        List<String> problems = new ArrayList<>();
        String expectedPrev = GENESIS;
        long expectedId = 1;
        long count = 0;
        try (var cursor = db.selectFrom(AUDIT_EVENT)
                .orderBy(AUDIT_EVENT.ID)
                .fetchSize(500)
                .fetchLazy()) {
            for (AuditEventRecord r : cursor) {
                count++;
                if (r.getId() != expectedId) {
                    problems.add("row " + expectedId + " is missing (next row is " + r.getId() + ")");
                }
                if (!r.getPrevHash().equals(expectedPrev)) {
                    problems.add("row " + r.getId() + " does not link to its predecessor");
                }
                String recomputed = hash(
                        r.getId(),
                        r.getPrevHash(),
                        r.getOccurredAt(),
                        r.getActor(),
                        r.getAction(),
                        r.getCaseId(),
                        r.getDetail());
                if (!recomputed.equals(r.getHash())) {
                    problems.add("row " + r.getId() + " was altered after it was written");
                }
                expectedPrev = r.getHash();
                expectedId = r.getId() + 1;
            }
        }
        return new Verification(count, List.copyOf(problems));
    }

    static String hash(
            long id, String prev, OffsetDateTime at, String actor, String action, UUID caseId, String detail) {
        String canonical = String.join(
                "\u001f",
                Long.toString(id),
                prev,
                at.toInstant().toString(),
                actor,
                action,
                caseId == null ? "" : caseId.toString(),
                detail);
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public record AuditEntry(long id, OffsetDateTime at, String actor, String action, String detail) {}

    public record Verification(long rows, List<String> problems) {
        public boolean intact() {
            return problems.isEmpty();
        }
    }
}
