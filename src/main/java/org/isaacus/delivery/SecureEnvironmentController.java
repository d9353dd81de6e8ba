package org.isaacus.delivery;

import static org.isaacus.db.Tables.DELETION_RECORD;

import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.isaacus.forms.Refusal;
import org.isaacus.identity.CurrentUser;
import org.isaacus.identity.Role;
import org.isaacus.intake.ApplicationService;
import org.jooq.DSLContext;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;

/**
 * The door of the secure environment: a permit's named users see its workspace and submit results; officers
 * see workspaces to review outputs. Anyone else gets 404, as if the workspace did not exist. Data files are
 * listed, never downloaded: only approved outputs leave.
 */
@RestController
class SecureEnvironmentController {

    private final SecureEnvironment spe;
    private final OutputControl outputs;
    private final ApplicationService applications;
    private final DSLContext db;
    private final Clock clock;

    SecureEnvironmentController(
            SecureEnvironment spe, OutputControl outputs, ApplicationService applications, DSLContext db, Clock clock) {
        this.spe = spe;
        this.outputs = outputs;
        this.applications = applications;
        this.db = db;
        this.clock = clock;
    }

    @GetMapping("/api/spe/workspaces")
    List<Map<String, Object>> mine() {
        return spe.workspacesOf(CurrentUser.identities(), LocalDate.now(clock)).stream()
                .map(id -> Map.<String, Object>of(
                        "caseId", id, "title", applications.caseFile(id).title()))
                .toList();
    }

    @GetMapping("/api/spe/workspaces/{caseId}")
    Map<String, Object> workspace(@PathVariable UUID caseId) {
        requireEntry(CurrentUser.get(), caseId, true);
        return Map.of(
                "caseId", caseId,
                "title", applications.caseFile(caseId).title(),
                "files", spe.files(caseId),
                "outputs", outputs.list(caseId));
    }

    @PostMapping("/api/spe/workspaces/{caseId}/outputs")
    ResponseEntity<OutputControl.Output> submit(@PathVariable UUID caseId, @RequestParam("file") MultipartFile file)
            throws IOException {
        var user = CurrentUser.get();
        requireEntry(user, caseId, false);
        if (file.isEmpty() || file.getSize() > 5_000_000) {
            throw new Refusal(HttpStatus.BAD_REQUEST, "refusal.output.file");
        }
        // a plain name: it is shown to reviewers and sent back in Content-Disposition
        String name =
                file.getOriginalFilename() == null || file.getOriginalFilename().isBlank()
                        ? "output.csv"
                        : file.getOriginalFilename().replaceAll("[^\\p{L}\\p{N}._ -]", "_");
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(outputs.submit(caseId, user.subject(), name, file.getBytes()));
    }

    @GetMapping("/api/spe/workspaces/{caseId}/outputs/{outputId}/content")
    ResponseEntity<byte[]> download(@PathVariable UUID caseId, @PathVariable UUID outputId) {
        var user = CurrentUser.get();
        requireEntry(user, caseId, true);
        var output = outputs.find(caseId, outputId).orElseThrow(SecureEnvironmentController::notFound);
        byte[] content =
                outputs.download(caseId, outputId, user.subject()).orElseThrow(SecureEnvironmentController::notFound);
        return csvAttachment(output.filename(), content);
    }

    /** The whole submitted file for the officer reviewing it, whatever its status; each look is audited. */
    @GetMapping("/api/spe/workspaces/{caseId}/outputs/{outputId}/review")
    ResponseEntity<byte[]> inspect(@PathVariable UUID caseId, @PathVariable UUID outputId) {
        var user = CurrentUser.get();
        if (!user.has(Role.PERMIT_OFFICER)) {
            throw notFound();
        }
        var output = outputs.find(caseId, outputId).orElseThrow(SecureEnvironmentController::notFound);
        byte[] content =
                outputs.inspect(caseId, outputId, user.subject()).orElseThrow(SecureEnvironmentController::notFound);
        return csvAttachment(output.filename(), content);
    }

    /** A result table as a download (never rendered inline by the browser). */
    private static ResponseEntity<byte[]> csvAttachment(String filename, byte[] content) {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("text/csv"))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(filename)
                                .build()
                                .toString())
                .body(content);
    }

    /** Evidence of deletion after expiry, for the authority. */
    @GetMapping("/api/cases/{caseId}/deletion-record")
    Map<String, Object> deletionRecord(@PathVariable UUID caseId) {
        var user = CurrentUser.get();
        if (!user.has(Role.PERMIT_OFFICER) && !user.has(Role.MANAGER)) {
            throw notFound();
        }
        var r = db.selectFrom(DELETION_RECORD)
                .where(DELETION_RECORD.CASE_ID.eq(caseId))
                .fetchOptional()
                .orElseThrow(SecureEnvironmentController::notFound);
        return Map.of(
                "caseId", caseId,
                "deletedAt", r.getDeletedAt(),
                "completed", r.getCompletedAt() != null,
                "deletedBy", r.getDeletedBy(),
                "location", r.getLocation(),
                "files", r.getFiles().data());
    }

    private void requireEntry(CurrentUser user, UUID caseId, boolean officersToo) {
        boolean named = spe.mayEnter(caseId, CurrentUser.identities(), LocalDate.now(clock));
        if (!named && !(officersToo && user.has(Role.PERMIT_OFFICER))) {
            throw notFound();
        }
    }

    private static ResponseStatusException notFound() {
        return new Refusal(HttpStatus.NOT_FOUND, "refusal.workspace.not-found");
    }
}
