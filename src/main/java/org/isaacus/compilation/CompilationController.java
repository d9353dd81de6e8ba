package org.isaacus.compilation;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.isaacus.identity.CurrentUser;
import org.isaacus.identity.Role;
import org.isaacus.intake.ApplicationService;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

@RestController
class CompilationController {

    private final Compilation compilation;
    private final ApplicationService applications;

    CompilationController(Compilation compilation, ApplicationService applications) {
        this.compilation = compilation;
        this.applications = applications;
    }

    /** Orders, answers and the quality report, for the authority. */
    @GetMapping("/api/cases/{caseId}/compilation")
    Map<String, Object> compilation(@PathVariable UUID caseId) {
        var user = CurrentUser.get();
        if (!user.has(Role.PERMIT_OFFICER) && !user.has(Role.MANAGER)) {
            throw notFound();
        }
        var state = compilation.state(caseId).orElseThrow(CompilationController::notFound);
        return Map.of("state", state, "orders", compilation.orders(caseId));
    }

    /** The suppressed tables of an approved data request, for the applicant (and the authority). */
    @GetMapping("/api/applications/{id}/statistics")
    List<String> statistics(@PathVariable UUID id) {
        approvedStatistics(id);
        try (var files = Files.list(compilation.datasetDir(id))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".csv"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @GetMapping("/api/applications/{id}/statistics/{file}")
    ResponseEntity<byte[]> table(@PathVariable UUID id, @PathVariable String file) throws IOException {
        approvedStatistics(id);
        if (!file.matches("[a-z0-9-]+\\.csv")) {
            throw notFound();
        }
        var path = compilation.datasetDir(id).resolve(file);
        if (!Files.isRegularFile(path)) {
            throw notFound();
        }
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("text/csv; charset=utf-8"))
                .body(Files.readAllBytes(path));
    }

    private void approvedStatistics(UUID id) {
        applications.requireVisible(CurrentUser.get(), id); // 404 for anyone else's case
        var state = compilation.state(id).orElseThrow(CompilationController::notFound);
        if (!"statistics".equals(state.kind())
                || !List.of("approved", "delivered").contains(state.status())) {
            throw notFound();
        }
    }

    private static ResponseStatusException notFound() {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no such statistics");
    }
}
