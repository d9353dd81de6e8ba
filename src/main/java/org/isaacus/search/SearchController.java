package org.isaacus.search;

import java.util.LinkedHashMap;
import java.util.Map;
import org.isaacus.identity.CurrentUser;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** {@code GET /api/search/cases}: full text, facets, sort and keyset paging over the cases a person may see. */
@RestController
class SearchController {

    private final CaseSearch search;
    private final StatementSearch statements;
    private final SearchIndexer indexer;

    SearchController(CaseSearch search, StatementSearch statements, SearchIndexer indexer) {
        this.search = search;
        this.statements = statements;
        this.indexer = indexer;
    }

    /** Earlier ethics statements: officers all, committee members their committee's. */
    @GetMapping("/api/search/statements")
    java.util.List<Map<String, Object>> statements(
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String committee,
            @RequestParam(required = false) String reference,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "20") int size) {
        var visible = StatementSearch.visibleTo(CurrentUser.get());
        if (visible == null) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "for officers and ethics committees");
        }
        if (size < 1 || size > 100) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "size must be between 1 and 100");
        }
        for (String date : new String[] {from, to}) {
            if (date != null) {
                try {
                    java.time.LocalDate.parse(date);
                } catch (java.time.format.DateTimeParseException e) {
                    throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "from and to are dates, YYYY-MM-DD");
                }
            }
        }
        if (q != null && q.length() > 200) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "q: at most 200 characters");
        }
        return statements.search(
                visible, new StatementSearch.Criteria(q, blank(committee), blank(reference), from, to, size));
    }

    /** Admins: write every index anew from PostgreSQL and move the aliases when each is complete. */
    @org.springframework.web.bind.annotation.PostMapping("/api/search/rebuild")
    Map<String, String> rebuild() {
        if (!CurrentUser.get().has(org.isaacus.identity.Role.ADMIN)) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "for admins only");
        }
        try {
            return indexer.rebuild();
        } catch (java.io.IOException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(SearchController.class).warn("Rebuild failed", e);
            throw new CaseSearch.SearchUnavailable(e);
        }
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @GetMapping("/api/search/cases")
    CaseSearch.Result cases(
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String dataset,
            @RequestParam(required = false) String holder,
            @RequestParam(required = false) String committee,
            @RequestParam(required = false) String overdue,
            @RequestParam(defaultValue = "submitted") String sort,
            @RequestParam(required = false) String after,
            @RequestParam(defaultValue = "20") int size) {
        if (!CaseSearch.SORTS.containsKey(sort)) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST, "sort must be one of " + CaseSearch.SORTS.keySet());
        }
        if (size < 1 || size > 100) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "size must be between 1 and 100");
        }
        if (q != null && q.length() > 200) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "q: at most 200 characters");
        }
        if (overdue != null && !overdue.equals("true") && !overdue.equals("false")) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "overdue must be true or false");
        }
        Map<String, String> filters = new LinkedHashMap<>();
        put(filters, "status", status);
        put(filters, "type", type);
        put(filters, "datasets", dataset);
        put(filters, "holders", holder);
        put(filters, "committee", committee);
        put(filters, "overdue", overdue);
        if (after != null) {
            try {
                CaseSearch.decode(after);
            } catch (IllegalArgumentException e) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
            }
        }
        return search.search(CurrentUser.get(), new CaseSearch.Criteria(q, filters, sort, after, size));
    }

    @ExceptionHandler(CaseSearch.SearchUnavailable.class)
    ResponseEntity<ProblemDetail> unavailable() {
        var problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE,
                "Search is not available right now. Every case still moves; the index catches up when search returns.");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(problem);
    }

    private static void put(Map<String, String> filters, String field, String value) {
        if (value != null && !value.isBlank()) {
            if (value.length() > 100) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, field + ": at most 100 characters");
            }
            filters.put(field, value);
        }
    }
}
