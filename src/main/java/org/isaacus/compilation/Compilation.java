package org.isaacus.compilation;

import static org.isaacus.db.Tables.COMPILATION;
import static org.isaacus.db.Tables.EXTRACTION_ORDER;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.isaacus.audit.AuditTrail;
import org.isaacus.catalogue.Catalogue;
import org.isaacus.db.tables.records.CompilationRecord;
import org.isaacus.decision.Permit;
import org.isaacus.decision.Permits;
import org.isaacus.registers.RegisterSource.CohortCriteria;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A permit's compiled data: extraction orders to the holders built from the permit alone, their answers, the
 * compiled dataset (or statistics) with its quality report, and the officer's approval.
 */
@Service
public class Compilation {

    static final TypeReference<List<Map<String, Object>>> LIST = new TypeReference<>() {};
    static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final DSLContext db;
    private final Permits permits;
    private final Catalogue catalogue;
    private final PseudonymKeys keys;
    private final AuditTrail audit;
    private final ObjectMapper json;
    private final Path root;
    private final Clock clock;

    Compilation(
            DSLContext db,
            Permits permits,
            Catalogue catalogue,
            PseudonymKeys keys,
            AuditTrail audit,
            ObjectMapper json,
            @Value("${isaacus.data-dir:./data}") String dataDir,
            Clock clock) {
        this.db = db;
        this.permits = permits;
        this.catalogue = catalogue;
        this.keys = keys;
        this.audit = audit;
        this.json = json;
        this.root = Path.of(dataDir).toAbsolutePath().normalize().resolve("compilation");
        this.clock = clock;
    }

    /**
     * Orders from one holder exactly what the permit names: its datasets at that holder, the approved variables
     * of each, the cohort criteria. A re-delivered job changes nothing.
     */
    @Transactional
    public void order(long jobKey, UUID caseId, String holder) {
        Permit permit = permits.require(caseId);
        db.insertInto(COMPILATION)
                .set(COMPILATION.CASE_ID, caseId)
                .set(COMPILATION.KIND, permit.kind())
                .set(COMPILATION.KEY_CIPHERTEXT, keys.newEncryptedKey(caseId))
                .set(COMPILATION.STATUS, "ordered")
                .onConflictDoNothing()
                .execute();
        List<String> permitted =
                permit.datasets().stream().map(Permit.PermittedDataset::dataset).toList();
        List<Map<String, Object>> datasets = new ArrayList<>();
        for (Catalogue.Dataset d : catalogue.datasets(permitted)) {
            if (d.holderId().equals(holder)) {
                datasets.add(Map.of(
                        "dataset",
                        d.id(),
                        "variables",
                        permit.datasets().stream()
                                .filter(p -> p.dataset().equals(d.id()))
                                .findFirst()
                                .orElseThrow()
                                .variables()));
            }
        }
        var cohort = permit.cohort();
        Map<String, Object> criteria = new LinkedHashMap<>();
        criteria.put("diagnoses", cohort.diagnoses());
        criteria.put("bornFrom", cohort.bornFrom());
        criteria.put("bornTo", cohort.bornTo());
        int inserted = db.insertInto(EXTRACTION_ORDER)
                .set(EXTRACTION_ORDER.CASE_ID, caseId)
                .set(EXTRACTION_ORDER.HOLDER_ID, holder)
                .set(EXTRACTION_ORDER.JOB_KEY, jobKey)
                .set(EXTRACTION_ORDER.DATASETS, jsonb(datasets))
                .set(EXTRACTION_ORDER.COHORT, jsonb(criteria))
                .set(EXTRACTION_ORDER.STATUS, "ordered")
                .onConflictDoNothing()
                .execute();
        if (inserted > 0) {
            audit.record("engine", "extraction.ordered", caseId, holder + " " + datasets);
        }
    }

    /**
     * Keys sealed before the case binding are sealed again, bound to their case, once at start (idempotent: a
     * bound key is left alone; the pseudonyms stay the same, only the sealing changes).
     */
    @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
    @Transactional
    public int resealUnboundKeys() {
        int resealed = 0;
        for (var r : db.selectFrom(COMPILATION)
                .where(org.jooq.impl.DSL.condition("octet_length({0}) = 60", COMPILATION.KEY_CIPHERTEXT))
                .forUpdate()
                .fetch()) {
            r.setKeyCiphertext(keys.reseal(r.getKeyCiphertext(), r.getCaseId()));
            r.store();
            audit.record("isaacus", "permit-key.resealed", r.getCaseId(), "bound to its case");
            resealed++;
        }
        return resealed;
    }

    /** The holder's answer to an order, recorded with the task that carried it. */
    @Transactional
    public void answer(UUID caseId, String holder, String status, String notes, String by) {
        db.update(EXTRACTION_ORDER)
                .set(EXTRACTION_ORDER.STATUS, "delivered".equals(status) ? "delivered" : "not-possible")
                .set(EXTRACTION_ORDER.NOTES, notes)
                .set(EXTRACTION_ORDER.ANSWERED_BY, by)
                .set(EXTRACTION_ORDER.ANSWERED_AT, OffsetDateTime.now(clock))
                .where(EXTRACTION_ORDER.CASE_ID.eq(caseId).and(EXTRACTION_ORDER.HOLDER_ID.eq(holder)))
                .execute();
    }

    @Transactional
    public void approve(UUID caseId, String by) {
        int updated = db.update(COMPILATION)
                .set(COMPILATION.STATUS, "approved")
                .set(COMPILATION.APPROVED_BY, by)
                .set(COMPILATION.APPROVED_AT, OffsetDateTime.now(clock))
                .where(COMPILATION.CASE_ID.eq(caseId).and(COMPILATION.STATUS.eq("compiled")))
                .execute();
        if (updated > 0) {
            audit.record(by, "dataset.approved", caseId, "");
        }
    }

    @Transactional(readOnly = true)
    public List<Order> orders(UUID caseId) {
        return db.selectFrom(EXTRACTION_ORDER)
                .where(EXTRACTION_ORDER.CASE_ID.eq(caseId))
                .orderBy(EXTRACTION_ORDER.HOLDER_ID)
                .fetch(r -> new Order(
                        r.getHolderId(),
                        read(r.getDatasets(), LIST),
                        read(r.getCohort(), MAP),
                        r.getStatus(),
                        r.getAnsweredBy(),
                        r.getNotes()));
    }

    @Transactional(readOnly = true)
    public Optional<State> state(UUID caseId) {
        return db.selectFrom(COMPILATION)
                .where(COMPILATION.CASE_ID.eq(caseId))
                .fetchOptional(r -> new State(
                        r.getKind(),
                        r.getStatus(),
                        r.getAttempts(),
                        r.getReport() == null ? null : read(r.getReport(), MAP),
                        r.getApprovedBy()));
    }

    /** The approved, compiled files of a permit: what the delivery may copy into the secure environment. */
    public Path approvedDataset(UUID caseId) {
        var state = state(caseId).orElseThrow(() -> new IllegalStateException("nothing compiled for " + caseId));
        if (!List.of("approved", "delivered").contains(state.status())) {
            throw new IllegalStateException("the dataset of " + caseId + " is " + state.status() + ", not approved");
        }
        return datasetDir(caseId);
    }

    @Transactional
    public void markDelivered(UUID caseId) {
        db.update(COMPILATION)
                .set(COMPILATION.STATUS, "delivered")
                .where(COMPILATION.CASE_ID.eq(caseId).and(COMPILATION.STATUS.eq("approved")))
                .execute();
    }

    /** Deletes the authority's working copy; the encrypted key (the code key) stays, as the law allows. */
    @Transactional
    public void deleteWorkingCopy(UUID caseId) {
        deleteRecursively(root.resolve(caseId.toString()));
        db.update(COMPILATION)
                .set(COMPILATION.STATUS, "deleted")
                .where(COMPILATION.CASE_ID.eq(caseId))
                .execute();
    }

    Path datasetDir(UUID caseId) {
        return root.resolve(caseId.toString()).resolve("dataset");
    }

    Path stagingDir(UUID caseId) {
        return root.resolve(caseId.toString()).resolve("staging");
    }

    CompilationRecord record(UUID caseId) {
        return db.selectFrom(COMPILATION)
                .where(COMPILATION.CASE_ID.eq(caseId))
                .fetchOptional()
                .orElseThrow();
    }

    byte[] permitKey(CompilationRecord r) {
        return keys.decrypt(r.getKeyCiphertext(), r.getCaseId());
    }

    int countAttempt(UUID caseId) {
        return db.update(COMPILATION)
                .set(COMPILATION.ATTEMPTS, COMPILATION.ATTEMPTS.plus(1))
                .where(COMPILATION.CASE_ID.eq(caseId))
                .returning(COMPILATION.ATTEMPTS)
                .fetchOne(COMPILATION.ATTEMPTS);
    }

    @Transactional
    void recordCompiled(UUID caseId, Map<String, Object> report) {
        db.update(COMPILATION)
                .set(COMPILATION.STATUS, "compiled")
                .set(COMPILATION.REPORT, jsonb(report))
                .set(COMPILATION.COMPILED_AT, OffsetDateTime.now(clock))
                .where(COMPILATION.CASE_ID.eq(caseId).and(COMPILATION.STATUS.eq("ordered")))
                .execute();
        audit.record("engine", "dataset.compiled", caseId, String.valueOf(report.get("files")));
    }

    static CohortCriteria criteria(Map<String, Object> cohort) {
        return new CohortCriteria(
                strings(cohort.get("diagnoses")),
                cohort.get("bornFrom") instanceof Number n ? n.intValue() : null,
                cohort.get("bornTo") instanceof Number n ? n.intValue() : null);
    }

    static List<String> strings(Object value) {
        return value instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
    }

    JSONB jsonb(Object value) {
        try {
            return JSONB.valueOf(json.writeValueAsString(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    <T> T read(JSONB value, TypeReference<T> type) {
        try {
            return json.readValue(value.data(), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    public record Order(
            String holder,
            List<Map<String, Object>> datasets,
            Map<String, Object> cohort,
            String status,
            String answeredBy,
            String notes) {}

    public record State(String kind, String status, int attempts, Map<String, Object> report, String approvedBy) {}
}
