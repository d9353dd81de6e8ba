package org.isaacus.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.isaacus.identity.Role;
import org.isaacus.support.Api;
import org.isaacus.support.IntegrationTest;
import org.isaacus.support.Pdfs;
import org.isaacus.support.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The REST API of the thin path, its security rules and its answers to bad input, on the running app. */
class IntakeApiIT extends IntegrationTest {

    @Autowired
    JWKSource<SecurityContext> keys;

    Api api;
    String aino;
    String bruno;
    String olli;
    String eero;

    @BeforeEach
    void setUp() {
        api = new Api(baseUrl());
        var tokens = new Tokens(keys);
        aino = tokens.of("aino", Role.APPLICANT);
        bruno = tokens.of("bruno", Role.APPLICANT);
        olli = tokens.of("olli", Role.PERMIT_OFFICER);
        eero = tokens.of("eero", Role.ETHICS_COMMITTEE_MEMBER);
    }

    @Test
    void unauthenticatedCallsGet401() {
        assertThat(api.get(null, "/api/applications").status()).isEqualTo(401);
        assertThat(api.post(null, "/api/applications", null).status()).isEqualTo(401);
        assertThat(api.get(null, "/api/tasks").status()).isEqualTo(401);
    }

    @Test
    void aTokenSignedWithAnotherKeyGets401() {
        String forged = aino.substring(0, aino.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";
        assertThat(api.get(forged, "/api/applications").status()).isEqualTo(401);
    }

    @Test
    void wrongRoleGets403() {
        assertThat(api.post(olli, "/api/applications", null).status()).isEqualTo(403);
        assertThat(api.get(eero, "/api/applications").status()).isEqualTo(403);
    }

    @Test
    void anotherApplicantsCaseIsNotFound() {
        String id = draft(aino);
        assertThat(api.get(bruno, "/api/applications/" + id).status()).isEqualTo(404);
        assertThat(api.put(bruno, "/api/applications/" + id + "/form", Api.validApplication())
                        .status())
                .isEqualTo(404);
        assertThat(api.post(bruno, "/api/applications/" + id + "/submit", null).status())
                .isEqualTo(404);
        assertThat(api.upload(bruno, "/api/applications/" + id + "/attachments", "plan.pdf", Pdfs.onePage())
                        .status())
                .isEqualTo(404);
        assertThat(api.get(bruno, "/api/applications/" + id + "/decision.pdf").status())
                .isEqualTo(404);
        assertThat(api.get(bruno, "/api/applications").json().findValuesAsText("id"))
                .doesNotContain(id);
        // the authority's officer sees it
        assertThat(api.get(olli, "/api/applications/" + id).status()).isEqualTo(200);
    }

    @Test
    void invalidFormDataIs400WithFieldMessagesAndChangesNothing() {
        String id = draft(aino);
        var bad = new HashMap<String, Object>(Api.validApplication());
        bad.put("purpose", "curiosity");
        bad.put("datasets", java.util.List.of("care-register", "no-such-register"));
        bad.put("title", "x".repeat(201));
        var response = api.put(aino, "/api/applications/" + id + "/form", bad);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("fieldErrors").fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("purpose", "datasets", "title");
        assertThat(api.get(aino, "/api/applications/" + id)
                        .json()
                        .path("formData")
                        .size())
                .isZero();

        // an empty draft cannot be submitted: required fields and the research plan are named
        var submit = api.post(aino, "/api/applications/" + id + "/submit", null);
        assertThat(submit.status()).isEqualTo(400);
        assertThat(submit.json().path("fieldErrors").has("title")).isTrue();
        assertThat(submit.json().path("fieldErrors").has("researchPlan")).isTrue();
        assertThat(api.get(aino, "/api/applications/" + id)
                        .json()
                        .path("status")
                        .asText())
                .isEqualTo("DRAFT");
    }

    @Test
    void attachmentsThatAreNotSoundPdfsAreRejectedAndNotStored() {
        String id = draft(aino);
        String path = "/api/applications/" + id + "/attachments";
        assertThat(api.upload(aino, path, "plan.pdf", "just text".getBytes()).status())
                .isEqualTo(400);
        assertThat(api.upload(aino, path, "plan.txt", Pdfs.onePage()).status()).isEqualTo(400);
        assertThat(api.upload(aino, path, "plan.pdf", "%PDF-1.7 broken".getBytes())
                        .status())
                .isEqualTo(400);
        byte[] tooLarge = new byte[10 * 1024 * 1024 + 1];
        System.arraycopy("%PDF".getBytes(), 0, tooLarge, 0, 4);
        assertThat(api.upload(aino, path, "plan.pdf", tooLarge).status()).isEqualTo(400);
        assertThat(api.get(aino, "/api/applications/" + id)
                        .json()
                        .path("attachments")
                        .size())
                .isZero();

        assertThat(api.upload(aino, path, "plan.pdf", Pdfs.onePage()).status()).isEqualTo(201);
        assertThat(api.get(aino, "/api/applications/" + id)
                        .json()
                        .path("attachments")
                        .size())
                .isEqualTo(1);
    }

    @Test
    void thinPathFromSubmissionToDecisionDocument() throws Exception {
        String id = readyDraft(aino);
        var submitted = api.post(aino, "/api/applications/" + id + "/submit", null);
        assertThat(submitted.status()).as(submitted.toString()).isEqualTo(200);
        assertThat(submitted.json().path("status").asText()).isEqualTo("SUBMITTED");
        // submitting again changes nothing
        assertThat(api.post(aino, "/api/applications/" + id + "/submit", null).status())
                .isEqualTo(409);

        long completeness = awaitTask(id, "completeness-check");
        assertThat(api.post(olli, "/api/tasks/" + completeness + "/complete", Map.of("completeness", "complete"))
                        .status())
                .as("completing without claiming")
                .isEqualTo(409);
        assertThat(api.get(aino, "/api/tasks/" + completeness).status()).isEqualTo(404);
        assertThat(api.post(olli, "/api/tasks/" + completeness + "/claim", null).status())
                .isEqualTo(200);
        assertThat(api.post(olli, "/api/tasks/" + completeness + "/complete", Map.of("completeness", "maybe"))
                        .status())
                .isEqualTo(400);
        assertThat(api.post(olli, "/api/tasks/" + completeness + "/complete", Map.of("completeness", "complete"))
                        .status())
                .isEqualTo(204);
        assertThat(api.get(aino, "/api/applications/" + id)
                        .json()
                        .path("status")
                        .asText())
                .isEqualTo("UNDER_ASSESSMENT");

        long decision = awaitTask(id, "permit-decision");
        api.post(olli, "/api/tasks/" + decision + "/claim", null);
        var decided = api.post(
                olli,
                "/api/tasks/" + decision + "/complete",
                Map.of("outcome", "grant", "decisionReasons", "The plan meets the requirements of the law."));
        assertThat(decided.status()).as(decided.toString()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> api.get(aino, "/api/applications/" + id)
                                .json()
                                .path("status")
                                .asText(),
                        "GRANTED"::equals);
        var pdf = api.get(aino, "/api/applications/" + id + "/decision.pdf");
        assertThat(pdf.status()).isEqualTo(200);
        try (var doc = Loader.loadPDF(pdf.body())) {
            String text = new PDFTextStripper().getText(doc);
            assertThat(text)
                    .contains("The data permit is granted.")
                    .contains("Hoitoilmoitusrekisteri")
                    .contains("Vårdanmälningsregistret")
                    .contains("Statins and dementia in Åland and Pohjois-Savo");
        }
        var timeline =
                api.get(aino, "/api/applications/" + id).json().path("timeline").findValuesAsText("status");
        assertThat(timeline).containsExactly("draft", "submitted", "under-assessment", "granted");
    }

    @Test
    void submittingTwiceStartsOneProcess() {
        String id = readyDraft(aino);
        var first = api.post(aino, "/api/applications/" + id + "/submit", null);
        var second = api.post(aino, "/api/applications/" + id + "/submit", null);
        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(409);
        awaitTask(id, "completeness-check");
        // give a second instance every chance to show up
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> tasksOf(id) == 1);
    }

    private long tasksOf(String caseId) {
        var tasks = api.get(olli, "/api/tasks").json();
        long n = 0;
        for (var t : tasks) {
            if (caseId.equals(t.path("caseId").asText())) {
                n++;
            }
        }
        return n;
    }

    private long awaitTask(String caseId, String formId) {
        return await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> {
                            for (var t : api.get(olli, "/api/tasks").json()) {
                                if (caseId.equals(t.path("caseId").asText())
                                        && formId.equals(t.path("formId").asText())) {
                                    return t.path("jobKey").asLong();
                                }
                            }
                            return null;
                        },
                        java.util.Objects::nonNull);
    }

    private String draft(String token) {
        var created = api.post(token, "/api/applications", null);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("id").asText();
    }

    private String readyDraft(String token) {
        String id = draft(token);
        var saved = api.put(token, "/api/applications/" + id + "/form", Api.validApplication());
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        assertThat(api.upload(token, "/api/applications/" + id + "/attachments", "plan.pdf", Pdfs.onePage())
                        .status())
                .isEqualTo(201);
        return id;
    }
}
