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
 * Append-only audit trail of every state change. Each row carries a keyed hash (HMAC-SHA-256, key outside the
 * database) over its content and its predecessor's hash, so editing or deleting a row breaks the chain and
 * {@link #verify()} names the broken rows; the newest link is anchored outside the database at intervals, so
 * deleting the newest rows or emptying the table shows too. Rows are written in the caller's transaction: a
 * change and its audit row commit or roll back together. The application's database role may only insert and
 * read (db/migration/afterMigrate.sql).
 */
@Service
public class AuditTrail {

    static final String GENESIS = "0".repeat(64);
    private static final long CHAIN_LOCK = 0x15AAC05L;

    private final DSLContext db;
    private final Clock clock;
    private final AuditKey key;
    private final AuditAnchors anchors;

    AuditTrail(DSLContext db, Clock clock, AuditKey key, AuditAnchors anchors) {
        this.db = db;
        this.clock = clock;
        this.key = key;
        this.anchors = anchors;
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
                .set(AUDIT_EVENT.HASH, key.mac(canonical(id, prev, at, actor, action, caseId, detail)))
                .set(AUDIT_EVENT.KEYED, true)
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

    /** Walks the whole chain against the key and the anchors. */
    @Transactional(readOnly = true)
    public Verification verify() {
        return verify(db);
    }

    /**
     * Ids are dense, so a deleted row shows as a gap or a broken link; a row whose keyed hash does not match was
     * altered; after the first keyed row every row must be keyed; every anchor must name a row that is there with
     * the same hash (the newest rows deleted, the table emptied).
     */
    Verification verify(DSLContext using) {
        List<String> problems = new ArrayList<>();
        java.util.Map<Long, AuditAnchors.Anchor> anchored = new java.util.HashMap<>();
        for (var anchor : anchors.all()) {
            anchored.put(anchor.id(), anchor);
        }
        String expectedPrev = GENESIS;
        long expectedId = 1;
        long count = 0;
        boolean keyedSeen = false;
        try (var cursor = using.selectFrom(AUDIT_EVENT)
                .orderBy(AUDIT_EVENT.ID)
                .fetchSize(1000)
                .fetchLazy()) {
            for (AuditEventRecord r : cursor) {
                count++;
                if (r.getId() != expectedId) {
                    problems.add("row " + expectedId + " is missing (next row is " + r.getId() + ")");
                }
                if (!r.getPrevHash().equals(expectedPrev)) {
                    problems.add("row " + r.getId() + " does not link to its predecessor");
                }
                byte[] content = canonical(
                        r.getId(),
                        r.getPrevHash(),
                        r.getOccurredAt(),
                        r.getActor(),
                        r.getAction(),
                        r.getCaseId(),
                        r.getDetail());
                boolean keyed = Boolean.TRUE.equals(r.getKeyed());
                if (keyedSeen && !keyed) {
                    problems.add("row " + r.getId() + " is not keyed although earlier rows are");
                }
                keyedSeen |= keyed;
                String recomputed = keyed ? key.mac(content) : sha256(content);
                if (!recomputed.equals(r.getHash())) {
                    problems.add("row " + r.getId() + " was altered after it was written");
                }
                var anchor = anchored.get(r.getId());
                if (anchor != null && !anchor.hash().equals(r.getHash())) {
                    problems.add("row " + r.getId() + " is not the row anchored at " + anchor.at());
                }
                expectedPrev = r.getHash();
                expectedId = r.getId() + 1;
            }
        }
        long last = expectedId - 1;
        anchored.values().stream()
                .filter(a -> a.id() > last)
                .max(java.util.Comparator.comparingLong(AuditAnchors.Anchor::id))
                .ifPresent(a -> problems.add("rows " + (last + 1) + " to " + a.id() + " are missing (row " + a.id()
                        + " was anchored at " + a.at() + ")"));
        return new Verification(count, List.copyOf(problems));
    }

    /** Writes the newest link down outside the database, unless it is there already; returns it. */
    @Transactional(readOnly = true)
    public java.util.Optional<AuditAnchors.Anchor> anchor() {
        var newest = db.select(AUDIT_EVENT.ID, AUDIT_EVENT.HASH)
                .from(AUDIT_EVENT)
                .orderBy(AUDIT_EVENT.ID.desc())
                .limit(1)
                .fetchOptional();
        if (newest.isEmpty()) {
            return java.util.Optional.empty();
        }
        var all = anchors.all();
        var latest = all.isEmpty() ? null : all.get(all.size() - 1);
        if (latest != null && latest.id() == newest.get().value1()) {
            return java.util.Optional.of(latest);
        }
        var anchor = new AuditAnchors.Anchor(
                clock.instant(), newest.get().value1(), newest.get().value2());
        anchors.append(anchor);
        return java.util.Optional.of(anchor);
    }

    static byte[] canonical(
            long id, String prev, OffsetDateTime at, String actor, String action, UUID caseId, String detail) {
        return String.join(
                        "\u001f",
                        Long.toString(id),
                        prev,
                        at.toInstant().toString(),
                        actor,
                        action,
                        caseId == null ? "" : caseId.toString(),
                        detail)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Rows written before the chain was keyed. */
    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
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
