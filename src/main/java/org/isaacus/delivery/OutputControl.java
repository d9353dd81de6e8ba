package org.isaacus.delivery;

import static org.isaacus.db.Tables.OUTPUT_REQUEST;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.CamundaClient;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.response.ActivatedJob;
import io.grpc.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.isaacus.audit.AuditTrail;
import org.isaacus.db.tables.records.OutputRequestRecord;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Results leaving the secure environment (processes/output-review.bpmn): stored on submission, checked
 * automatically, reviewed by an officer; only an approved output can be downloaded.
 */
@Service
public class OutputControl {

    private final DSLContext db;
    private final CamundaClient engine;
    private final ApplicationEventPublisher events;
    private final AuditTrail audit;
    private final ObjectMapper json;
    private final OutputChecks checks;
    private final Clock clock;

    OutputControl(
            DSLContext db,
            CamundaClient engine,
            ApplicationEventPublisher events,
            AuditTrail audit,
            ObjectMapper json,
            @Value("${isaacus.compilation.small-cell-threshold:5}") int threshold,
            @Value("${isaacus.spe.output-max-rows:1000}") int maxRows,
            Clock clock) {
        this.db = db;
        this.engine = engine;
        this.events = events;
        this.audit = audit;
        this.json = json;
        this.checks = new OutputChecks(threshold, maxRows);
        this.clock = clock;
    }

    @Transactional
    public Output submit(UUID caseId, String by, String filename, byte[] content) {
        UUID id = UUID.randomUUID();
        db.insertInto(OUTPUT_REQUEST)
                .set(OUTPUT_REQUEST.ID, id)
                .set(OUTPUT_REQUEST.CASE_ID, caseId)
                .set(OUTPUT_REQUEST.SUBMITTED_BY, by)
                .set(OUTPUT_REQUEST.FILENAME, filename)
                .set(OUTPUT_REQUEST.SHA256, sha256(content))
                .set(OUTPUT_REQUEST.CONTENT, content)
                .set(OUTPUT_REQUEST.STATUS, "submitted")
                .execute();
        audit.record(by, "spe.output-submitted", caseId, filename + " " + id);
        events.publishEvent(new OutputSubmitted(id, caseId));
        return find(caseId, id).orElseThrow();
    }

    /** Starts the review from the outbox; the message id makes a repeated start a no-op. */
    @ApplicationModuleListener
    void on(OutputSubmitted submitted) {
        try {
            engine.newPublishMessageCommand()
                    .messageName("output-submitted")
                    .correlationKey(submitted.outputId().toString())
                    .messageId("output-" + submitted.outputId())
                    .timeToLive(Duration.ofHours(1))
                    .variables(Map.of(
                            "outputId",
                            submitted.outputId().toString(),
                            "caseId",
                            submitted.caseId().toString()))
                    .send()
                    .join();
        } catch (ClientStatusException e) {
            if (e.getStatusCode() != Status.Code.ALREADY_EXISTS) {
                throw e;
            }
        }
    }

    @JobWorker(type = "check-output")
    @Transactional
    public Map<String, Object> check(ActivatedJob job, @Variable String outputId) {
        var r = record(UUID.fromString(outputId));
        if (r.getProcessInstanceKey() == null) {
            r.setProcessInstanceKey(job.getProcessInstanceKey());
        }
        List<String> findings = checks.findings(r.getFilename(), r.getContent());
        if ("submitted".equals(r.getStatus())) {
            r.setFindings(jsonb(findings));
            r.setStatus(findings.isEmpty() ? "in-review" : "rejected");
            if (!findings.isEmpty()) {
                r.setReviewedBy("automatic checks");
                r.setReviewedAt(OffsetDateTime.now(clock));
                r.setReasons(String.join("; ", findings));
            }
            r.store();
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("checksPassed", findings.isEmpty());
        result.put("findingsText", findings.isEmpty() ? "passed" : String.join("; ", findings));
        result.put("filename", r.getFilename());
        result.put("submittedBy", r.getSubmittedBy());
        result.put("outputPreview", preview(r.getContent()));
        // built from ids only: nothing the researcher wrote reaches the form's Markdown
        result.put(
                "outputFileLink",
                "[Download the whole file](/api/spe/workspaces/" + r.getCaseId() + "/outputs/" + r.getId()
                        + "/review)");
        if ("cancelled".equals(r.getStatus())) {
            result.put("checksPassed", false);
        }
        return result;
    }

    @JobWorker(type = "record-output-decision")
    @Transactional
    public void decide(
            @Variable String outputId,
            @Variable Boolean checksPassed,
            @Variable String outputDecision,
            @Variable String outputReasons,
            @Variable String outputReviewBy,
            @Variable String releaseConfirmation,
            @Variable String outputReleaseConfirmationBy,
            @Variable String releaseNotes) {
        var r = record(UUID.fromString(outputId));
        if (!Boolean.TRUE.equals(checksPassed) || !"in-review".equals(r.getStatus())) {
            return; // rejected by the checks already, cancelled, or recorded by an earlier delivery of this job
        }
        // released only when a second officer confirmed the first one's proposal
        boolean released = "approve".equals(outputDecision) && "confirm".equals(releaseConfirmation);
        r.setStatus(released ? "approved" : "rejected");
        r.setReviewedBy(
                outputReleaseConfirmationBy == null
                        ? outputReviewBy
                        : outputReviewBy + ", confirmed by " + outputReleaseConfirmationBy);
        r.setReviewedAt(OffsetDateTime.now(clock));
        r.setReasons(
                releaseNotes == null || releaseNotes.isBlank() ? outputReasons : outputReasons + " — " + releaseNotes);
        r.store();
        audit.record(outputReviewBy, "spe.output-" + r.getStatus(), r.getCaseId(), r.getFilename() + " " + outputId);
    }

    @Transactional(readOnly = true)
    public List<Output> list(UUID caseId) {
        return db.selectFrom(OUTPUT_REQUEST)
                .where(OUTPUT_REQUEST.CASE_ID.eq(caseId))
                .orderBy(OUTPUT_REQUEST.SUBMITTED_AT)
                .fetch(this::view);
    }

    @Transactional(readOnly = true)
    public java.util.Optional<Output> find(UUID caseId, UUID id) {
        return db.selectFrom(OUTPUT_REQUEST)
                .where(OUTPUT_REQUEST.CASE_ID.eq(caseId).and(OUTPUT_REQUEST.ID.eq(id)))
                .fetchOptional(this::view);
    }

    /** The content of an approved output; anything else is not there for the caller (empty). */
    @Transactional
    public java.util.Optional<byte[]> download(UUID caseId, UUID id, String by) {
        var r = db.selectFrom(OUTPUT_REQUEST)
                .where(OUTPUT_REQUEST.CASE_ID.eq(caseId).and(OUTPUT_REQUEST.ID.eq(id)))
                .fetchOptional();
        if (r.isEmpty() || !"approved".equals(r.get().getStatus())) {
            return java.util.Optional.empty();
        }
        audit.record(by, "spe.output-downloaded", caseId, r.get().getFilename() + " " + id);
        return java.util.Optional.of(r.get().getContent());
    }

    private OutputRequestRecord record(UUID id) {
        return db.selectFrom(OUTPUT_REQUEST)
                .where(OUTPUT_REQUEST.ID.eq(id))
                .fetchOptional()
                .orElseThrow();
    }

    private Output view(OutputRequestRecord r) {
        try {
            return new Output(
                    r.getId(),
                    r.getFilename(),
                    r.getSha256(),
                    r.getSubmittedBy(),
                    r.getSubmittedAt(),
                    r.getStatus(),
                    json.readValue(r.getFindings().data(), List.class),
                    r.getReviewedBy(),
                    r.getReasons());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JSONB jsonb(Object value) {
        try {
            return JSONB.valueOf(json.writeValueAsString(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The file for the reviewer as plain text (shown in a read-only field, never as Markdown or HTML): whole up to
     * {@value #PREVIEW_CHARS} characters, else its beginning and a note to download the rest.
     */
    static String preview(byte[] content) {
        String text = new String(content, java.nio.charset.StandardCharsets.UTF_8);
        if (text.length() <= PREVIEW_CHARS) {
            return text;
        }
        return text.substring(0, PREVIEW_CHARS) + "\n… (" + (text.length() - PREVIEW_CHARS)
                + " more characters: download the whole file to review it)";
    }

    static final int PREVIEW_CHARS = 65_536;

    /** For the reviewing officer: the whole file, whatever its status, each look recorded. */
    @Transactional
    public java.util.Optional<byte[]> inspect(UUID caseId, UUID id, String by) {
        var r = db.selectFrom(OUTPUT_REQUEST)
                .where(OUTPUT_REQUEST.CASE_ID.eq(caseId).and(OUTPUT_REQUEST.ID.eq(id)))
                .fetchOptional();
        r.ifPresent(o -> audit.record(by, "spe.output-inspected", caseId, o.getFilename() + " " + id));
        return r.map(OutputRequestRecord::getContent);
    }

    /**
     * The permit ended (revoked or expired): open reviews are cancelled, so nothing is released after it; their
     * process instances are cancelled after the commit.
     */
    @Transactional
    public void cancelOpenReviews(UUID caseId, String why) {
        var open = db.selectFrom(OUTPUT_REQUEST)
                .where(OUTPUT_REQUEST.CASE_ID.eq(caseId))
                .and(OUTPUT_REQUEST.STATUS.in("submitted", "in-review"))
                .forUpdate()
                .fetch();
        for (var r : open) {
            r.setStatus("cancelled");
            r.setReviewedBy("isaacus");
            r.setReviewedAt(OffsetDateTime.now(clock));
            r.setReasons(why);
            r.store();
            audit.record("engine", "spe.output-cancelled", caseId, r.getFilename() + " " + r.getId() + ": " + why);
            if (r.getProcessInstanceKey() != null) {
                events.publishEvent(new ReviewCancelled(r.getProcessInstanceKey()));
            }
        }
    }

    public record ReviewCancelled(long processInstanceKey) {}

    @ApplicationModuleListener
    void on(ReviewCancelled cancelled) {
        try {
            engine.newCancelInstanceCommand(cancelled.processInstanceKey())
                    .send()
                    .join();
        } catch (ClientStatusException e) {
            if (e.getStatusCode() != Status.Code.NOT_FOUND) {
                throw e;
            }
            // ended already (decided, or cancelled by an earlier delivery of this event)
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public record OutputSubmitted(UUID outputId, UUID caseId) {}

    public record Output(
            UUID id,
            String filename,
            String sha256,
            String submittedBy,
            OffsetDateTime submittedAt,
            String status,
            List<?> findings,
            String reviewedBy,
            String reasons) {}
}
