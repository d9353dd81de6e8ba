package org.isaacus.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.isaacus.identity.Role;
import org.isaacus.support.Api;
import org.isaacus.support.Cases;
import org.isaacus.support.IntegrationTest;
import org.isaacus.support.Tokens;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A granted permit in the running app, through the REST API: holders confirm their extraction orders, the
 * officer approves the compiled dataset, the workspace is provisioned for the permit's users only, results
 * leave through disclosure control, and expiry revokes access and deletes the data with evidence.
 */
class SecureDeliveryIT extends IntegrationTest {

    @Autowired
    JWKSource<SecurityContext> keys;

    @Autowired
    DSLContext db;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    Api api;
    Cases cases;
    String aino;
    String bruno;
    String olli;
    String oona;
    String helmi;
    String kalle;

    @BeforeEach
    void setUp() {
        api = new Api(baseUrl());
        var tokens = new Tokens(keys);
        aino = tokens.of("aino", Role.APPLICANT);
        bruno = tokens.of("bruno", Role.APPLICANT);
        olli = tokens.of("olli", Role.PERMIT_OFFICER);
        oona = tokens.of("oona", Role.PERMIT_OFFICER);
        helmi = tokens.member("helmi", "register-holder:thl", Role.REGISTER_HOLDER);
        kalle = tokens.member("kalle", "register-holder:kela", Role.REGISTER_HOLDER);
        cases = new Cases(api, aino);
    }

    private static final Map<String, Object> PERMIT = Map.of(
            "medicalResearch",
            false,
            "datasets",
            List.of("care-register", "reimbursed-prescriptions"),
            "variables",
            List.of("care-register.icd10", "care-register.specialty", "reimbursed-prescriptions.atc"),
            "cohortDiagnoses",
            "I21",
            "cohortBornFrom",
            1930,
            "cohortBornTo",
            2000,
            "teamMembers",
            "Aino Applicant, UEF, aino@uef.example\nTea Team, UEF, tea@uef.example\nMax Struck, UEF, max@uef.example");

    @Test
    void aVariableOfADatasetNotAskedForIsRefused() {
        String id = cases.draft(aino);
        var form = new HashMap<String, Object>(Api.validApplication());
        form.putAll(PERMIT);
        form.put("variables", List.of("care-register.icd10", "causes-of-death.underlying_cause"));
        var saved = api.put(aino, "/api/applications/" + id + "/form", form);
        assertThat(saved.status()).isEqualTo(400);
        assertThat(saved.json().at("/fieldErrors/variables").asText()).contains("causes-of-death.underlying_cause");
    }

    @Test
    void aGrantedPermitIsCompiledDeliveredUsedAndDeletedAtExpiry() {
        String id = cases.readyDraft(aino, PERMIT);
        assertThat(api.post(aino, "/api/applications/" + id + "/submit", null).status())
                .isEqualTo(200);
        long check = cases.awaitTask(olli, id, "completeness-check");
        // the form's texts show words, not codes: the purpose as the application form names it
        assertThat(api.get(olli, "/api/tasks/" + check)
                        .json()
                        .at("/words/purpose")
                        .asText())
                .isEqualTo("Scientific research");
        cases.work(olli, check, Map.of("completeness", "complete"));
        Map<String, Object> noObjection =
                Map.of("consultationStatement", "approve", "consultationText", "No objection.", "costEstimate", 500);
        cases.work(helmi, cases.awaitTask(helmi, id, "consultation-answer"), noObjection);
        long kallesTask = cases.awaitTask(kalle, id, "consultation-answer");
        // a holder's task shows nothing another party answered (helmi's answer is in the case by now)
        assertThat(api.get(kalle, "/api/tasks/" + kallesTask + "/earlier")
                        .json()
                        .size())
                .isZero();
        cases.work(kalle, kallesTask, noObjection);
        cases.work(aino, cases.awaitTask(aino, id, "fee-acceptance"), Map.of("feeDecision", "accept"));
        // valid until the end of today: the expiry timer is one day of engine time away
        String today = LocalDate.now(ZoneId.of("Europe/Helsinki")).toString();
        // the officer decides the permit as data: everything asked for is offered and kept unless struck out
        long draft = cases.awaitTask(olli, id, "decision-draft");
        // beside the draft: the completeness check and both holders' answers, in words, with who answered
        var earlier = api.get(olli, "/api/tasks/" + draft + "/earlier").json();
        assertThat(earlier.findValuesAsText("answeredBy")).containsExactlyInAnyOrder("olli", "helmi", "kalle");
        assertThat(earlier.findValuesAsText("step"))
                .containsExactlyInAnyOrder("Check completeness", "Answer the consultation", "Answer the consultation");
        assertThat(earlier.findValues("fields").toString())
                .contains("Complete: continue to assessment", "No objection", "Cost estimate for the extraction (EUR)")
                .doesNotContain("\"approve\"");
        var offered = api.get(olli, "/api/tasks/" + draft).json().path("variables");
        assertThat(offered.path("requestedVariableOptions").findValuesAsText("value"))
                .containsExactly("care-register.icd10", "care-register.specialty", "reimbursed-prescriptions.atc");
        assertThat(offered.path("requestedPersonOptions").findValuesAsText("value"))
                .containsExactly("aino", "aino@uef.example", "tea@uef.example", "max@uef.example");
        assertThat(offered.path("permittedVariables").size()).isEqualTo(3);
        Map<String, Object> grant = new HashMap<>(Map.of(
                "outcome",
                "grant",
                "decisionReasons",
                "Meets the requirements; the specialty is not needed for the aim.",
                "validUntil",
                today,
                "permittedDatasets",
                List.of("care-register", "reimbursed-prescriptions"),
                "permittedVariables",
                List.of("care-register.icd10", "reimbursed-prescriptions.atc"),
                "permittedPersons",
                List.of("aino", "tea@uef.example")));
        api.post(olli, "/api/tasks/" + draft + "/claim", null);
        var notAsked = new HashMap<>(grant);
        notAsked.put("permittedVariables", List.of("care-register.icd10", "causes-of-death.underlying_cause"));
        var refused = api.post(olli, "/api/tasks/" + draft + "/complete", notAsked);
        assertThat(refused.status()).as("a variable nobody asked for").isEqualTo(400);
        assertThat(refused.json().at("/fieldErrors/permittedVariables").asText())
                .contains("underlying_cause");
        var orphan = new HashMap<>(grant);
        orphan.put("permittedDatasets", List.of("care-register"));
        refused = api.post(olli, "/api/tasks/" + draft + "/complete", orphan);
        assertThat(refused.status()).as("a variable of a dataset struck out").isEqualTo(400);
        assertThat(refused.json().at("/fieldErrors/permittedVariables").asText())
                .contains("atc");
        var nobody = new HashMap<>(grant);
        nobody.put("permittedPersons", List.of());
        assertThat(api.post(olli, "/api/tasks/" + draft + "/complete", nobody).status())
                .isEqualTo(400);
        var past = new HashMap<>(grant);
        past.put("validUntil", LocalDate.parse(today).minusDays(1).toString());
        assertThat(api.post(olli, "/api/tasks/" + draft + "/complete", past).status())
                .isEqualTo(400);
        // bounded: at most ten years (EHDS Art 68(12))
        var endless = new HashMap<>(grant);
        endless.put("validUntil", LocalDate.parse(today).plusYears(11).toString());
        var tooLong = api.post(olli, "/api/tasks/" + draft + "/complete", endless);
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().at("/fieldErrors/validUntil").asText()).contains("at most 10 years");
        cases.work(olli, draft, grant);
        cases.work(oona, cases.awaitTask(oona, id, "decision-approval"), Map.of("approval", "approve"));
        cases.awaitStatus(id, "GRANTED");

        // each holder sees exactly its order, built from the permit
        long thlOrder = cases.awaitTask(helmi, id, "extraction-confirmation");
        var ordered = api.get(helmi, "/api/tasks/" + thlOrder).json();
        assertThat(ordered.at("/variables/permittedData/datasets"))
                .as("the struck-out variable is not ordered")
                .hasSize(1);
        assertThat(ordered.at("/variables/permittedData/datasets/0/variables").toString())
                .isEqualTo("[\"icd10\"]");
        // the order as the holder reads it: the catalogue's names, in the holder's language
        String order = api.in("fi")
                .get(helmi, "/api/tasks/" + thlOrder)
                .json()
                .at("/words/permittedData")
                .asText();
        assertThat(order)
                .contains("Kohortti:")
                .contains("I21")
                .doesNotContain("icd10")
                .doesNotContain("care-register");
        cases.work(helmi, thlOrder, Map.of("extractionStatus", "delivered"));
        long kelaOrder = cases.awaitTask(kalle, id, "extraction-confirmation");
        assertThat(api.get(kalle, "/api/tasks/" + kelaOrder)
                        .json()
                        .at("/variables/permittedData/datasets/0/variables")
                        .toString())
                .isEqualTo("[\"atc\"]");
        cases.work(kalle, kelaOrder, Map.of("extractionStatus", "delivered"));

        // the officer approves the dataset with its quality report in view
        long approval = cases.awaitTask(olli, id, "dataset-approval");
        assertThat(api.get(olli, "/api/tasks/" + approval)
                        .json()
                        .at("/words/qualityReport")
                        .asText())
                .contains("linkage rate")
                .doesNotContain("care-register");
        assertThat(api.get(olli, "/api/cases/" + id + "/compilation")
                        .json()
                        .at("/state/status")
                        .asText())
                .isEqualTo("compiled");
        assertThat(api.get(aino, "/api/cases/" + id + "/compilation").status()).isEqualTo(404);
        cases.work(olli, approval, Map.of("datasetApproval", "approve"));

        // the permit's user finds the workspace; nobody else does
        String workspace = "/api/spe/workspaces/" + id;
        await().atMost(Duration.ofSeconds(30))
                .until(() -> api.get(aino, "/api/spe/workspaces")
                        .json()
                        .findValuesAsText("caseId")
                        .contains(id));
        var files = api.get(aino, workspace).json().path("files");
        assertThat(files.findValuesAsText("name"))
                .contains(
                        "data/cohort.csv",
                        "data/care-register.csv",
                        "data/reimbursed-prescriptions.csv",
                        "data/data-dictionary.csv",
                        "data/manifest.json",
                        "data/SHA256SUMS");
        assertThat(api.get(bruno, workspace).status()).isEqualTo(404);
        // a team member named by e-mail enters with a token carrying that address, and only then
        var tokens = new Tokens(keys);
        assertThat(api.get(tokens.withEmail("tea", "Tea@UEF.example", Role.APPLICANT), workspace)
                        .status())
                .isEqualTo(200);
        assertThat(api.get(tokens.withEmail("tea", "tea@elsewhere.example", Role.APPLICANT), workspace)
                        .status())
                .isEqualTo(404);
        assertThat(api.get(tokens.withUnverifiedEmail("tea", "tea@uef.example", Role.APPLICANT), workspace)
                        .status())
                .as("an address the identity provider has not verified identifies nobody")
                .isEqualTo(404);
        assertThat(api.get(tokens.withEmail("max", "max@uef.example", Role.APPLICANT), workspace)
                        .status())
                .as("named in the application, struck out of the permit")
                .isEqualTo(404);
        assertThat(api.get(helmi, workspace).status()).isEqualTo(404);
        assertThat(api.get(bruno, "/api/spe/workspaces").json().findValuesAsText("caseId"))
                .doesNotContain(id);
        assertThat(api.upload(bruno, workspace + "/outputs", "t.csv", "a,b\n".getBytes())
                        .status())
                .isEqualTo(404);

        // results: a small cell is refused by the checks, a safe table goes to an officer and is released
        var small = api.upload(aino, workspace + "/outputs", "small.csv", "sex,persons\nF,3\nM,40\n".getBytes());
        assertThat(small.status()).isEqualTo(201);
        String smallId = small.json().path("id").asText();
        String safeTable = "birth_decade,persons\n1950,120\n1960,98\n";
        var safe = api.upload(aino, workspace + "/outputs", "safe.csv", safeTable.getBytes(StandardCharsets.UTF_8));
        String safeId = safe.json().path("id").asText();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> outputStatus(id, smallId).equals("rejected"));
        long review = cases.awaitTask(olli, id, "output-review");
        var reviewed = api.get(olli, "/api/tasks/" + review).json().path("variables");
        assertThat(reviewed.path("filename").asText()).isEqualTo("safe.csv");
        assertThat(reviewed.path("outputPreview").asText())
                .as("the whole file, as text")
                .isEqualTo(safeTable);
        String inspect = workspace + "/outputs/" + safeId + "/review";
        assertThat(reviewed.path("outputFileLink").asText()).contains(inspect);
        var whole = api.get(olli, inspect);
        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.text()).isEqualTo(safeTable);
        assertThat(api.get(aino, inspect).status())
                .as("for the reviewing officers only")
                .isEqualTo(404);
        assertThat(api.get(aino, workspace + "/outputs/" + safeId + "/content").status())
                .as("not yet reviewed")
                .isEqualTo(404);
        cases.work(olli, review, Map.of("outputDecision", "approve", "outputReasons", "Aggregates of 98 or more."));
        // four eyes: a second officer confirms the release; the reviewer cannot
        long confirmation = cases.awaitTask(oona, id, "output-release-confirmation");
        assertThat(outputStatus(id, safeId))
                .as("not released on one officer's word")
                .isEqualTo("in-review");
        assertThat(api.post(olli, "/api/tasks/" + confirmation + "/claim", null).status())
                .isEqualTo(403);
        cases.work(oona, confirmation, Map.of("releaseConfirmation", "confirm"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> outputStatus(id, safeId).equals("approved"));
        var download = api.get(aino, workspace + "/outputs/" + safeId + "/content");
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.text()).isEqualTo(safeTable);
        assertThat(api.get(aino, workspace + "/outputs/" + smallId + "/content").status())
                .isEqualTo(404);
        assertThat(api.get(bruno, workspace + "/outputs/" + safeId + "/content").status())
                .isEqualTo(404);
        var findings = api.get(aino, workspace).json().path("outputs").findValues("findings");
        assertThat(findings.toString()).contains("a count of 3");

        // expiry: access ends, the data is deleted and the deletion is recorded with checksums
        String careSum = null;
        for (var f : files) {
            if (f.path("name").asText().equals("data/care-register.csv")) {
                careSum = f.path("sha256").asText();
            }
        }
        // an amendment that asks to change the persons changes only them: Tea loses access at once
        String tea = tokens.withEmail("tea", "tea@uef.example", Role.APPLICANT);
        String withoutTea = amend(
                id,
                Map.of("amendmentChanges", List.of("persons"), "teamMembers", "Aino Applicant, UEF, aino@uef.example"),
                Map.of("validUntil", LocalDate.parse(today).plusYears(3).toString()));
        assertThat(db.fetchValue("SELECT persons::text FROM permit WHERE case_id = ?::uuid", id))
                .isEqualTo("{aino,aino@uef.example}");
        assertThat(api.get(tea, workspace).status()).isEqualTo(404);
        assertThat(api.get(aino, workspace).status()).isEqualTo(200);
        assertThat(db.fetchValue("SELECT max(valid_until)::text FROM spe_access WHERE case_id = ?::uuid", id))
                .as("validity not asked for, not changed (the draft's date is ignored)")
                .isEqualTo(today);
        // one that asks for the validity moves only the end, for the persons in the permit
        LocalDate tomorrow = LocalDate.parse(today).plusDays(1);
        amend(
                id,
                Map.of("amendmentChanges", List.of("validity"), "teamMembers", "Someone Else, UEF, else@uef.example"),
                Map.of("validUntil", tomorrow.toString()));
        assertThat(db.fetchValue("SELECT valid_until::text FROM permit WHERE case_id = ?::uuid", id))
                .isEqualTo(tomorrow.toString());
        assertThat(db.fetchValue(
                        "SELECT string_agg(identity || ' ' || valid_until, ',' ORDER BY identity) FROM spe_access"
                                + " WHERE case_id = ?::uuid AND revoked_at IS NULL",
                        id))
                .isEqualTo("aino " + tomorrow + ",aino@uef.example " + tomorrow);
        assertThat(withoutTea).isNotEqualTo(id);

        // a result still in review when the permit ends is never released
        var pending = api.upload(
                aino,
                workspace + "/outputs",
                "pending.csv",
                "decade,persons\n1970,300\n".getBytes(StandardCharsets.UTF_8));
        String pendingId = pending.json().path("id").asText();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> outputStatus(id, pendingId).equals("in-review"));
        long pendingReview = cases.awaitTask(olli, id, "output-review");

        engine.advanceClock(Duration.ofDays(3));
        cases.awaitStatus(id, "EXPIRED");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "cancelled"
                        .equals(db.fetchValue("SELECT status FROM output_request WHERE id = ?::uuid", pendingId)));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "CANCELLED"
                        .equals(api.get(olli, "/api/tasks/" + pendingReview)
                                .json()
                                .path("state")
                                .asText()));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> api.get(olli, "/api/cases/" + id + "/deletion-record")
                        .json()
                        .path("completed")
                        .asBoolean());
        assertThat(api.get(aino, workspace).status()).isEqualTo(404);
        var record = api.get(olli, "/api/cases/" + id + "/deletion-record").json();
        assertThat(record.path("files").asText())
                .contains("data/care-register.csv")
                .contains(careSum);
        assertThat(record.path("completed").asBoolean()).isTrue();
        long confirm = cases.awaitTask(olli, id, "deletion-evidence");
        assertThat(api.get(olli, "/api/tasks/" + confirm)
                        .json()
                        .at("/words/deletionRecord")
                        .asText())
                .startsWith("Deleted ")
                .contains("from: the secure environment workspace and the authority's working copy")
                .contains(careSum);
        cases.work(olli, confirm, Map.of("deletionConfirmed", true, "deletionEvidence", "Deletion record checked."));
        // the code key stays (encrypted) for as long as the law allows; the data does not
        assertThat(db.fetchValue("SELECT status FROM compilation WHERE case_id = ?::uuid", id))
                .isEqualTo("deleted");
        assertThat(db.fetchValue("SELECT key_ciphertext IS NOT NULL FROM compilation WHERE case_id = ?::uuid", id))
                .isEqualTo(true);
    }

    /** An amendment of the permit through the whole path: completeness, fee, draft and four eyes. */
    private String amend(String permit, Map<String, Object> application, Map<String, Object> draft) {
        var form = new HashMap<String, Object>(PERMIT);
        form.putAll(Map.of("applicationType", "amendment", "existingPermit", permit));
        form.putAll(application);
        String amending = cases.readyDraft(aino, form);
        var submitted = api.post(aino, "/api/applications/" + amending + "/submit", null);
        assertThat(submitted.status()).as(submitted.toString()).isEqualTo(200);
        cases.work(olli, cases.awaitTask(olli, amending, "completeness-check"), Map.of("completeness", "complete"));
        cases.work(aino, cases.awaitTask(aino, amending, "fee-acceptance"), Map.of("feeDecision", "accept"));
        long draftTask = cases.awaitTask(olli, amending, "decision-draft");
        var answer = new HashMap<String, Object>(
                Map.of("outcome", "grant", "decisionReasons", "The amendment is justified."));
        List<String> offered = new java.util.ArrayList<>();
        api.get(olli, "/api/tasks/" + draftTask)
                .json()
                .at("/variables/permittedPersons")
                .forEach(p -> offered.add(p.asText()));
        answer.put("permittedPersons", offered);
        answer.putAll(draft);
        cases.work(olli, draftTask, answer);
        cases.work(oona, cases.awaitTask(oona, amending, "decision-approval"), Map.of("approval", "approve"));
        cases.awaitStatus(amending, "GRANTED");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Boolean.TRUE.equals(db.fetchValue(
                        "SELECT exists(SELECT 1 FROM audit_event WHERE case_id = ?::uuid AND detail LIKE ?)",
                        permit,
                        "%by case " + amending + "%")));
        return amending;
    }

    private String outputStatus(String caseId, String outputId) {
        for (var o : api.get(aino, "/api/spe/workspaces/" + caseId).json().path("outputs")) {
            if (o.path("id").asText().equals(outputId)) {
                return o.path("status").asText();
            }
        }
        return "";
    }
}
