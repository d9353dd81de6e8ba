package org.isaacus.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.client.RestClient;

/** A small HTTP client for the REST API that never throws on an error status. */
public class Api {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final RestClient http;
    private final String baseUrl;
    private final String language;

    public Api(String baseUrl) {
        this(baseUrl, null);
    }

    private Api(String baseUrl, String language) {
        this.baseUrl = baseUrl;
        this.language = language;
        this.http = RestClient.builder()
                .baseUrl(baseUrl)
                .defaultStatusHandler(status -> true, (request, response) -> {})
                .build();
    }

    /** The same API asked in another language, as a browser with that choice (the language cookie) asks it. */
    public Api in(String language) {
        return new Api(baseUrl, language);
    }

    public Response get(String token, String path) {
        return send(HttpMethod.GET, token, path, null);
    }

    public Response post(String token, String path, Object body) {
        return send(HttpMethod.POST, token, path, body);
    }

    public Response put(String token, String path, Object body) {
        return send(HttpMethod.PUT, token, path, body);
    }

    public Response upload(String token, String path, String filename, byte[] content) {
        var parts = new LinkedMultiValueMap<String, Object>();
        parts.add("file", new ByteArrayResource(content) {
            @Override
            public String getFilename() {
                return filename;
            }
        });
        var entity = http.post()
                .uri(path)
                .headers(h -> auth(h, token))
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(parts)
                .retrieve()
                .toEntity(byte[].class);
        return new Response(entity.getStatusCode().value(), entity.getBody(), entity.getHeaders());
    }

    private Response send(HttpMethod method, String token, String path, Object body) {
        var spec = http.method(method).uri(path).headers(h -> auth(h, token));
        if (body != null) {
            spec = spec.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        var entity = spec.retrieve().toEntity(byte[].class);
        return new Response(entity.getStatusCode().value(), entity.getBody(), entity.getHeaders());
    }

    private void auth(HttpHeaders headers, String token) {
        if (token != null) {
            headers.setBearerAuth(token);
        }
        if (language != null) {
            headers.add(HttpHeaders.COOKIE, "isaacus-lang=" + language);
        }
    }

    public record Response(int status, byte[] body, HttpHeaders headers) {
        public String header(String name) {
            return headers.getFirst(name);
        }

        public JsonNode json() {
            try {
                return body == null || body.length == 0 ? JSON.nullNode() : JSON.readTree(body);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("not JSON: " + new String(body), e);
            }
        }

        public String text() {
            return body == null ? "" : new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return status + " " + text();
        }
    }

    public static Map<String, Object> validApplication() {
        return Map.of(
                "applicationType", "data-permit",
                "title", "Statins and dementia in Åland and Pohjois-Savo",
                "purpose", "scientific-research",
                "description", "Does long-term statin use change the incidence of dementia?",
                "datasets", java.util.List.of("care-register", "reimbursed-prescriptions"),
                "medicalResearch", true,
                "teamMembers", "Aino Applicant, University of Eastern Finland, aino@example.org",
                "contactEmail", "aino@uef.example");
    }
}
