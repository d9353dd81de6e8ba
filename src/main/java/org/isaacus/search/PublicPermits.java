package org.isaacus.search;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.isaacus.decision.PermitRegister;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public list of granted permits (no sign-in), newest first, from the {@code permits} index; from PostgreSQL
 * while search is away. The response names its source ({@code X-Figures-Source}).
 */
@RestController
class PublicPermits {

    /** The index's window; a longer list would page (not needed yet: Findata grants a few hundred a year). */
    private static final int MOST = 10_000;

    private final OpenSearchClient client;
    private final PermitRegister register;

    PublicPermits(OpenSearchClient client, PermitRegister register) {
        this.client = client;
        this.register = register;
    }

    @GetMapping("/api/public/permits")
    ResponseEntity<List<PermitRegister.PublicPermit>> permits() {
        try {
            JsonNode hits = OpenSearchJson.call(
                            client,
                            "POST",
                            "/permits/_search",
                            "{\"size\":" + MOST + ",\"sort\":[{\"publishedAt\":\"desc\"},{\"id\":\"asc\"}]}")
                    .path("hits")
                    .path("hits");
            List<PermitRegister.PublicPermit> permits = new ArrayList<>();
            for (JsonNode hit : hits) {
                JsonNode s = hit.path("_source");
                permits.add(new PermitRegister.PublicPermit(
                        UUID.fromString(s.path("id").asText()),
                        s.path("permitHolder").asText(),
                        s.path("title").asText(),
                        s.path("purpose").asText(),
                        s.path("datasets").asText(),
                        s.path("validUntil").isTextual()
                                ? LocalDate.parse(s.path("validUntil").asText())
                                : null));
            }
            return ResponseEntity.ok().header("X-Figures-Source", "opensearch").body(permits);
        } catch (java.io.IOException | RuntimeException e) {
            return ResponseEntity.ok().header("X-Figures-Source", "postgresql").body(register.published());
        }
    }
}
