package org.isaacus.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.isaacus.support.Api;
import org.isaacus.support.Cases;
import org.isaacus.support.IntegrationTest;
import org.isaacus.support.Pdfs;
import org.isaacus.support.Tokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every endpoint of the API, taken from the application's own request mappings (a new endpoint without an
 * expectation here fails the test), called by every kind of caller: anonymous, the case's applicant, another
 * applicant, an officer, an ethics committee member, a register holder, a manager and an admin.
 *
 * <p>Outcomes: {@code OK} a 2xx answer; {@code PASSES} the caller is let through (anything but 401/403/404 — a
 * 400 or 409 because the fixture's state does not allow the action is fine, it proves the door was open);
 * {@code SEEN} let through where the object may not exist for anyone (404 allowed, never 401/403); {@code DENIED}
 * 403 or 404 (object-level checks answer 404 as if the object did not exist); {@code ANON} 401. Write calls are
 * made so that a caller who is let through is stopped by the state or by validation: nothing the test relies on
 * changes.
 */
class AuthorizationMatrixIT extends IntegrationTest {

    enum Caller {
        ANONYMOUS,
        APPLICANT,
        OTHER_APPLICANT,
        OFFICER,
        COMMITTEE,
        HOLDER,
        MANAGER,
        ADMIN
    }

    enum Outcome {
        OK,
        PASSES,
        SEEN,
        DENIED,
        ANON
    }

    @Autowired
    JWKSource<SecurityContext> keys;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private final Map<String, Map<Caller, Outcome>> expected = new LinkedHashMap<>();

    /** Everyone signed in gets {@code signedIn}; the callers named after it get what follows them. */
    private void expect(String endpoint, Outcome signedIn, Object... callersAndOutcomes) {
        Map<Caller, Outcome> row = new EnumMap<>(Caller.class);
        for (Caller c : Caller.values()) {
            row.put(c, c == Caller.ANONYMOUS ? Outcome.ANON : signedIn);
        }
        for (int i = 0; i < callersAndOutcomes.length; i += 2) {
            row.put((Caller) callersAndOutcomes[i], (Outcome) callersAndOutcomes[i + 1]);
        }
        expected.put(endpoint, row);
    }

    private static final Caller ANONYMOUS = Caller.ANONYMOUS;
    private static final Caller APPLICANT = Caller.APPLICANT;
    private static final Caller OTHER = Caller.OTHER_APPLICANT;
    private static final Caller OFFICER = Caller.OFFICER;
    private static final Caller COMMITTEE = Caller.COMMITTEE;
    private static final Caller HOLDER = Caller.HOLDER;
    private static final Caller MANAGER = Caller.MANAGER;
    private static final Caller ADMIN = Caller.ADMIN;
    private static final Outcome OK = Outcome.OK;
    private static final Outcome PASSES = Outcome.PASSES;
    private static final Outcome SEEN = Outcome.SEEN;
    private static final Outcome DENIED = Outcome.DENIED;

    private void expectations() {
        // public
        expect("GET /api/public/permits", OK, ANONYMOUS, OK);
        expect("GET /api/public/statistics", OK, ANONYMOUS, OK);
        // shared reference data for the signed-in
        expect("GET /api/catalogue/datasets", OK);
        expect("GET /api/catalogue/variables", OK);
        expect("GET /api/forms/{formId}", OK);
        expect("GET /api/notifications", OK);
        expect("GET /api/tasks", OK);
        expect("GET /api/applications", OK, COMMITTEE, DENIED, HOLDER, DENIED, ADMIN, DENIED);
        expect("GET /api/spe/workspaces", OK);
        // applications: the applicant's own; staff read; only applicants write
        expect("POST /api/applications", DENIED, APPLICANT, OK, OTHER, OK);
        // committees and holders see a case only through the tasks and statements sent to them; admins not at all
        expect("GET /api/applications/{id}", DENIED, APPLICANT, OK, OFFICER, OK, MANAGER, OK);
        expect("PUT /api/applications/{id}/form", DENIED, APPLICANT, PASSES);
        expect("POST /api/applications/{id}/attachments", DENIED, APPLICANT, PASSES);
        expect(
                "GET /api/applications/{id}/attachments/{attachmentId}",
                DENIED,
                APPLICANT,
                OK,
                OFFICER,
                OK,
                MANAGER,
                OK);
        expect(
                "GET /api/applications/{id}/attachments/{attachmentId}/pages",
                DENIED,
                APPLICANT,
                OK,
                OFFICER,
                OK,
                MANAGER,
                OK);
        expect(
                "GET /api/applications/{id}/attachments/{attachmentId}/pages/{page}",
                DENIED,
                APPLICANT,
                OK,
                OFFICER,
                OK,
                MANAGER,
                OK);
        expect("POST /api/applications/{id}/submit", DENIED, APPLICANT, PASSES);
        expect("POST /api/applications/{id}/withdraw", DENIED, APPLICANT, PASSES);
        expect("POST /api/applications/{id}/appeal", DENIED, APPLICANT, PASSES);
        expect("POST /api/applications/{id}/renewal", DENIED, APPLICANT, PASSES);
        expect("POST /api/applications/{id}/revoke", DENIED, OFFICER, PASSES);
        expect("POST /api/applications/{id}/revoke/confirm", DENIED, OFFICER, PASSES);
        expect("GET /api/applications/{id}/decision.pdf", DENIED, APPLICANT, SEEN, OFFICER, SEEN, MANAGER, SEEN);
        expect("GET /api/applications/{id}/revocation.pdf", DENIED, APPLICANT, SEEN, OFFICER, SEEN, MANAGER, SEEN);
        expect("GET /api/applications/{id}/clock", DENIED, APPLICANT, SEEN, OFFICER, SEEN, MANAGER, SEEN);
        expect("POST /api/applications/{id}/clock/extension", DENIED, OFFICER, PASSES);
        expect("GET /api/applications/{id}/statistics", DENIED, APPLICANT, SEEN, OFFICER, SEEN);
        expect("GET /api/applications/{id}/statistics/{file}", DENIED, APPLICANT, SEEN, OFFICER, SEEN);
        expect("GET /api/cases/{caseId}/compilation", DENIED, OFFICER, SEEN);
        expect("GET /api/cases/{caseId}/deletion-record", DENIED, OFFICER, SEEN, MANAGER, SEEN);
        // tasks: an officer's task of another applicant's case
        expect("GET /api/tasks/{jobKey}", DENIED, OFFICER, OK);
        expect("GET /api/tasks/{jobKey}/position", DENIED, OFFICER, OK);
        expect("GET /api/tasks/{jobKey}/earlier", DENIED, OFFICER, OK);
        expect("GET /api/tasks/{jobKey}/model", DENIED, OFFICER, OK);
        expect("POST /api/tasks/{jobKey}/claim", DENIED, OFFICER, PASSES);
        expect("POST /api/tasks/{jobKey}/unclaim", DENIED, OFFICER, PASSES);
        expect("POST /api/tasks/{jobKey}/assign", DENIED, OFFICER, PASSES);
        expect("POST /api/tasks/{jobKey}/complete", DENIED, OFFICER, PASSES);
        // the secure environment: the permit's persons; none for a case without a workspace
        expect("GET /api/spe/workspaces/{caseId}", DENIED, OFFICER, SEEN);
        expect("POST /api/spe/workspaces/{caseId}/outputs", DENIED);
        expect("GET /api/spe/workspaces/{caseId}/outputs/{outputId}/content", DENIED, OFFICER, SEEN);
        expect("GET /api/spe/workspaces/{caseId}/outputs/{outputId}/review", DENIED, OFFICER, SEEN);
        // search, dashboards
        // search answers everyone with only what they may see (the object-level filtering is SearchIT's)
        expect("GET /api/search/cases", OK);
        expect("GET /api/search/statements", DENIED, OFFICER, OK, COMMITTEE, OK, MANAGER, OK);
        // dashboards: managers, and admins who run the system (aggregates only)
        expect("GET /api/dashboard", DENIED, MANAGER, OK, ADMIN, OK);
        expect("GET /api/dashboard/{name}.csv", DENIED, MANAGER, OK, ADMIN, OK);
        expect("GET /api/dashboard/models/{process}.bpmn", DENIED, MANAGER, OK, ADMIN, OK);
        // administration
        expect("POST /api/search/rebuild", DENIED, ADMIN, OK);
        expect("GET /api/admin/audit", DENIED, ADMIN, OK);
        expect("POST /api/admin/audit/verification", DENIED, ADMIN, OK);
        expect("GET /api/engine/incidents", DENIED, ADMIN, OK);
        expect("POST /api/engine/incidents/{key}/retry", DENIED, ADMIN, SEEN);
        expect("POST /api/engine/clock", DENIED, ADMIN, PASSES);
    }

    @Test
    void everyEndpointAnswersEveryCallerAsExpected() {
        expectations();
        Set<String> endpoints = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            for (String path : info.getPatternValues()) {
                if (path.startsWith("/api/")) {
                    for (var verb : info.getMethodsCondition().getMethods()) {
                        endpoints.add(verb + " " + path);
                    }
                }
            }
        });
        assertThat(endpoints).as("endpoints found").hasSizeGreaterThan(40);
        assertThat(expected.keySet())
                .as("every endpoint of the API has its expectations here")
                .containsAll(endpoints);
        assertThat(endpoints).as("no expectation for an endpoint that is gone").containsAll(expected.keySet());

        var api = new Api(baseUrl());
        var tokens = new Tokens(keys);
        Map<Caller, String> callers = new EnumMap<>(Caller.class);
        callers.put(Caller.APPLICANT, tokens.of("amy-" + UUID.randomUUID(), Role.APPLICANT));
        callers.put(Caller.OTHER_APPLICANT, tokens.of("ben-" + UUID.randomUUID(), Role.APPLICANT));
        callers.put(Caller.OFFICER, tokens.of("olli", Role.PERMIT_OFFICER));
        callers.put(Caller.COMMITTEE, tokens.member("eero", "ethics-committee:tukija", Role.ETHICS_COMMITTEE_MEMBER));
        callers.put(Caller.HOLDER, tokens.member("helmi", "register-holder:thl", Role.REGISTER_HOLDER));
        callers.put(Caller.MANAGER, tokens.of("mona", Role.MANAGER));
        callers.put(Caller.ADMIN, tokens.of("adam", Role.ADMIN));

        // the applicant's draft (with its plan), and a submitted case of a third applicant for the task
        var cases = new Cases(api, callers.get(Caller.APPLICANT));
        String caseId = cases.draft(callers.get(Caller.APPLICANT));
        String attachmentId = api.upload(
                        callers.get(Caller.APPLICANT),
                        "/api/applications/" + caseId + "/attachments",
                        "plan.pdf",
                        Pdfs.onePage())
                .json()
                .path("id")
                .asText();
        String third = tokens.of("cid-" + UUID.randomUUID(), Role.APPLICANT);
        // a title of its own: browser tests find their tasks by their case's title
        String submitted =
                new Cases(api, third).readyDraft(third, Map.of("title", "Authorization matrix " + UUID.randomUUID()));
        assertThat(api.post(third, "/api/applications/" + submitted + "/submit", null)
                        .status())
                .isEqualTo(200);
        long jobKey = cases.awaitTask(callers.get(Caller.OFFICER), submitted, "completeness-check");

        List<String> wrong = new ArrayList<>();
        for (var entry : expected.entrySet()) {
            String[] verbAndPath = entry.getKey().split(" ", 2);
            String path = verbAndPath[1]
                    .replace("{id}", caseId)
                    .replace("{caseId}", caseId)
                    .replace("{attachmentId}", attachmentId)
                    .replace("{page}", "1")
                    .replace("{jobKey}", Long.toString(jobKey))
                    .replace("{outputId}", UUID.randomUUID().toString())
                    .replace("{file}", "table.csv")
                    .replace("{formId}", "permit-application")
                    .replace("{name}", "stage-durations")
                    .replace("{process}", "permit-application")
                    .replace("{key}", "1");
            for (var expectation : entry.getValue().entrySet()) {
                String token = callers.get(expectation.getKey());
                int status = call(api, verbAndPath[0], path, token);
                if (!matches(expectation.getValue(), status)) {
                    wrong.add(entry.getKey() + " by " + expectation.getKey() + ": expected " + expectation.getValue()
                            + ", got " + status);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    private static int call(Api api, String verb, String path, String token) {
        // bodies that a caller who is let through still cannot act on: empty, or one field short
        return switch (verb) {
            case "GET" -> api.get(token, path).status();
            case "PUT" -> api.put(token, path, Map.of("title", "")).status();
            case "POST" ->
                path.endsWith("/attachments") || path.endsWith("/outputs")
                        ? api.upload(token, path, "nothing.txt", new byte[] {1}).status()
                        : api.post(token, path, Map.of()).status();
            default -> throw new IllegalArgumentException(verb);
        };
    }

    private static boolean matches(Outcome outcome, int status) {
        return switch (outcome) {
            case OK -> status >= 200 && status < 300;
            case PASSES -> status != 401 && status != 403 && status != 404 && status < 500;
            case SEEN -> status != 401 && status != 403 && status < 500;
            case DENIED -> status == 403 || status == 404;
            case ANON -> status == 401;
        };
    }
}
