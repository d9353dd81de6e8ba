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

    /** The search indexes first (milliseconds at a million cases), SQL when search is away. */
    private final List<Figures> sources;

    DashboardController(List<Figures> sources) {
        this.sources = sources;
    }

    @GetMapping("/api/dashboard")
    ResponseEntity<List<Figures.Table>> all(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String type) {
        requireManager();
        var period = period(from, to, type);
        return answer(figures -> figures.all(period));
    }

    /** The first source that answers; the response names it ({@code X-Figures-Source}). */
    private <T> ResponseEntity<T> answer(java.util.function.Function<Figures, T> figure) {
        for (var iterator = sources.iterator(); ; ) {
            Figures figures = iterator.next();
            try {
                T result = figure.apply(figures);
                return ResponseEntity.ok()
                        .header("X-Figures-Source", figures.source())
                        .body(result);
            } catch (Figures.Unavailable e) {
                if (!iterator.hasNext()) {
                    throw e;
                }
            }
        }
    }

    @GetMapping(value = "/api/dashboard/{name}.csv", produces = "text/csv")
    ResponseEntity<String> csv(
            @PathVariable String name,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String type) {
        requireManager();
        var period = period(from, to, type);
        var table = answer(figures -> figures.all(period)).getBody().stream()
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
    ResponseEntity<Figures.Table> yearly() {
        return answer(Figures::yearly);
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

    private static Figures.Period period(String from, String to, String type) {
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
            return new Figures.Period(start, end, type == null || type.isBlank() ? null : type);
        } catch (DateTimeParseException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "dates are YYYY-MM-DD");
        }
    }

    /**
     * A cell a spreadsheet opens as text: a number stays a number, any other text that a spreadsheet would take for
     * a formula (starting with {@code = + - @}, a tab or a carriage return; a case title is the applicant's) gets a
     * leading apostrophe (OWASP's advice on CSV injection); then CSV quoting.
     */
    static String csvCell(Object value) {
        String s = value == null ? "" : value.toString();
        if (!(value instanceof Number) && !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
                ? '"' + s.replace("\"", "\"\"") + '"'
                : s;
    }

    private static void requireManager() {
        var user = CurrentUser.get();
        if (!user.has(Role.MANAGER) && !user.has(Role.ADMIN)) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "dashboards are for managers");
        }
    }
}
