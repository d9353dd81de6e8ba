package org.isaacus.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.isaacus.identity.CurrentUser;
import org.isaacus.identity.Role;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Figures for managers (and admins): JSON for the charts, CSV for each table, the BPMN for the heatmap. */
@RestController
class DashboardController {

    private static final Set<String> TYPES = Set.of("data-permit", "data-request", "amendment", "renewal");
    private static final Set<String> PROCESSES =
            Set.of("permit-application", "ethics-review", "holder-consultation", "data-compilation", "secure-delivery");

    private final DashboardFigures figures;

    DashboardController(DashboardFigures figures) {
        this.figures = figures;
    }

    @GetMapping("/api/dashboard")
    List<DashboardFigures.Table> all(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String type) {
        requireManager();
        return figures.all(period(from, to, type));
    }

    @GetMapping(value = "/api/dashboard/{name}.csv", produces = "text/csv")
    ResponseEntity<String> csv(
            @PathVariable String name,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String type) {
        requireManager();
        var table = figures.all(period(from, to, type)).stream()
                .filter(t -> t.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such figure"));
        var text = new StringBuilder(String.join(",", table.columns())).append('\n');
        for (var row : table.rows()) {
            text.append(row.stream().map(DashboardController::csvCell).collect(Collectors.joining(",")))
                    .append('\n');
        }
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("text/csv; charset=utf-8"))
                .header("Content-Disposition", "attachment; filename=\"" + name + ".csv\"")
                .body(text.toString());
    }

    /** Public: yearly statistics beside the list of granted permits. */
    @GetMapping("/api/public/statistics")
    DashboardFigures.Table yearly() {
        return figures.yearly();
    }

    /** The deployed model's XML, for bpmn-js on the heatmap page. */
    @GetMapping(value = "/api/dashboard/models/{process}.bpmn", produces = "application/xml")
    String model(@PathVariable String process) throws IOException {
        requireManager();
        if (!PROCESSES.contains(process)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no such process");
        }
        try (InputStream in = getClass().getResourceAsStream("/models/" + process + ".bpmn")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static DashboardFigures.Period period(String from, String to, String type) {
        if (type != null && !type.isBlank() && !TYPES.contains(type)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "type must be one of " + TYPES);
        }
        try {
            OffsetDateTime end = to == null || to.isBlank()
                    ? OffsetDateTime.now(ZoneOffset.UTC).plusDays(1)
                    : java.time.LocalDate.parse(to).plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC);
            OffsetDateTime start = from == null || from.isBlank()
                    ? end.minusYears(1)
                    : java.time.LocalDate.parse(from).atStartOfDay().atOffset(ZoneOffset.UTC);
            if (!start.isBefore(end)) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "from must be before to");
            }
            return new DashboardFigures.Period(start, end, type == null || type.isBlank() ? null : type);
        } catch (DateTimeParseException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "dates are YYYY-MM-DD");
        }
    }

    private static String csvCell(Object value) {
        String s = value == null ? "" : value.toString();
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    private static void requireManager() {
        var user = CurrentUser.get();
        if (!user.has(Role.MANAGER) && !user.has(Role.ADMIN)) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "dashboards are for managers");
        }
    }
}
