package org.isaacus.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Requests;

/**
 * Requests written as JSON (aggregations, index settings, tasks: shapes the typed client makes long-winded),
 * answered as a tree; an answer of 300 or more is an {@link IOException} naming the call and the answer.
 */
final class OpenSearchJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenSearchJson() {}

    static JsonNode call(OpenSearchClient client, String method, String endpoint, String json) throws IOException {
        var request = Requests.builder().method(method).endpoint(endpoint);
        if (json != null) {
            request.json(json);
        }
        try (var response = client.generic().execute(request.build())) {
            String body = response.getBody().map(b -> b.bodyAsString()).orElse("");
            if (response.getStatus() >= 300) {
                throw new IOException(method + " " + endpoint + " answered " + response.getStatus() + ": " + body);
            }
            return body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
        }
    }
}
