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
import org.isaacus.support.Cases;
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

    @Autowired
    org.jooq.DSLContext db;

    Api api;
    Cases cases;
    String aino;
    String bruno;
    String olli;
    String oona;
    String eero;
    String essi;
    String helmi;
    String kalle;

    @BeforeEach
    void setUp() {
        api = new Api(baseUrl());
        var tokens = new Tokens(keys);
        aino = tokens.of("aino", Role.APPLICANT);
        cases = new Cases(api, aino);
        bruno = tokens.of("bruno", Role.APPLICANT);
        olli = tokens.of("olli", Role.PERMIT_OFFICER);
        oona = tokens.of("oona", Role.PERMIT_OFFICER);
        eero = tokens.member("eero", "ethics-committee:tukija", Role.ETHICS_COMMITTEE_MEMBER);
        essi = tokens.member("essi", "ethics-committee:hus", Role.ETHICS_COMMITTEE_MEMBER);
        helmi = tokens.member("helmi", "register-holder:thl", Role.REGISTER_HOLDER);
        kalle = tokens.member("kalle", "register-holder:kela", Role.REGISTER_HOLDER);
    }

    private void awaitLegalClock(String id) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> db.fetchExists(db.selectFrom("legal_clock").where("case_id = ?::uuid", id)));
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
        String id = cases.draft(aino);
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
        String id = cases.draft(aino);
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
        String id = cases.draft(aino);
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
        var hostile = api.upload(aino, path, "plan.pdf", Pdfs.withJavaScript());
        assertThat(hostile.status()).isEqualTo(400);
        assertThat(hostile.json().at("/fieldErrors/file").asText()).contains("runs actions when it is opened");
        assertThat(api.get(aino, "/api/applications/" + id)
                        .json()
                        .path("attachments")
                        .size())
                .isZero();

        assertThat(api.upload(aino, path, "plan.pdf", Pdfs.onePage()).status()).isEqualTo(201);
        var attachments = api.get(aino, "/api/applications/" + id).json().path("attachments");
        assertThat(attachments.size()).isEqualTo(1);
        // read in the browser: page by page as images rendered by the server
        String pages = path + "/" + attachments.get(0).path("id").asText() + "/pages";
        var read = api.get(aino, pages).json();
        assertThat(read.path("pages").asInt()).isEqualTo(1);
        // and the text of each page, for a screen reader
        assertThat(read.path("texts").get(0).asText()).isEqualTo(Pdfs.ONE_PAGE_TEXT);
        var image = api.get(aino, pages + "/1");
        assertThat(image.status()).isEqualTo(200);
        assertThat(image.header("Content-Type")).isEqualTo("image/png");
        assertThat(java.util.Arrays.copyOf(image.body(), 4)).containsExactly(0x89, 'P', 'N', 'G');
        assertThat(api.get(aino, pages + "/2").status()).isEqualTo(404);
        assertThat(api.get(bruno, pages + "/1").status())
                .as("another applicant")
                .isEqualTo(404);
    }

    @Test
    void nobodyWorksOnTheirOwnCaseTasksAreUnclaimedReassignedAndLostWithTheRole() {
        // an officer who applies for a permit of their own
        var tokens = new Tokens(keys);
        String otto = tokens.of("otto", Role.APPLICANT, Role.PERMIT_OFFICER);
        String id = cases.readyDraft(otto);
        assertThat(api.post(otto, "/api/applications/" + id + "/submit", null).status())
                .isEqualTo(200);
        long check = cases.awaitTask(olli, id, "completeness-check");
        var own = api.post(otto, "/api/tasks/" + check + "/claim", null);
        assertThat(own.status()).as("the applicant's own case").isEqualTo(403);
        var toApplicant = api.post(olli, "/api/tasks/" + check + "/assign", Map.of("assignee", "otto"));
        assertThat(toApplicant.status()).isEqualTo(400);
        assertThat(toApplicant.json().at("/fieldErrors/assignee").asText()).contains("own case");

        // claimed, given back, given to a colleague
        assertThat(api.post(olli, "/api/tasks/" + check + "/claim", null).status())
                .isEqualTo(200);
        assertThat(api.post(oona, "/api/tasks/" + check + "/claim", null).status())
                .isEqualTo(409);
        assertThat(api.post(aino, "/api/tasks/" + check + "/unclaim", null).status())
                .isEqualTo(404);
        var unclaimed = api.post(olli, "/api/tasks/" + check + "/unclaim", null);
        assertThat(unclaimed.status()).isEqualTo(200);
        assertThat(unclaimed.json().path("assignee").isNull()).isTrue();
        assertThat(api.post(helmi, "/api/tasks/" + check + "/assign", Map.of("assignee", "oona"))
                        .status())
                .as("officers assign (before the task is even looked up)")
                .isEqualTo(403);
        var assigned = api.post(olli, "/api/tasks/" + check + "/assign", Map.of("assignee", "oona"));
        assertThat(assigned.status()).isEqualTo(200);
        assertThat(assigned.json().path("assignee").asText()).isEqualTo("oona");
        assertThat(api.post(olli, "/api/tasks/" + check + "/assign", Map.of("assignee", ""))
                        .status())
                .isEqualTo(400);

        // oona leaves the officers: the task is hers no more, and goes back to the group
        String formerOfficer = tokens.of("oona", Role.APPLICANT);
        assertThat(api.get(formerOfficer, "/api/tasks/" + check).status()).isEqualTo(404);
        assertThat(api.get(formerOfficer, "/api/tasks").json().path("tasks").findValuesAsText("jobKey"))
                .doesNotContain(Long.toString(check));
        var back = api.get(olli, "/api/tasks/" + check).json();
        assertThat(back.path("assignee").isNull()).as(back.toString()).isTrue();
        cases.work(olli, check, Map.of("completeness", "complete"));
    }

    @Test
    void uploadsAreLimitedPerApplicationAndPerPersonAndDay() {
        String uploader = new Tokens(keys).of("ulla-" + java.util.UUID.randomUUID(), Role.APPLICANT);
        byte[] plan = Pdfs.onePage();
        int uploaded = 0;
        for (int application = 0; application < 5; application++) {
            String path = "/api/applications/" + cases.draft(uploader) + "/attachments";
            for (int file = 0; file < 10; file++) {
                assertThat(api.upload(uploader, path, "plan.pdf", plan).status())
                        .isEqualTo(201);
                uploaded++;
            }
            if (application == 0) {
                var eleventh = api.upload(uploader, path, "plan.pdf", plan);
                assertThat(eleventh.status()).as("ten files per application").isEqualTo(400);
                assertThat(eleventh.json().at("/fieldErrors/file").asText()).contains("at most 10 files");
            }
        }
        assertThat(uploaded).isEqualTo(50);
        String fresh = "/api/applications/" + cases.draft(uploader) + "/attachments";
        assertThat(api.upload(uploader, fresh, "plan.pdf", plan).status())
                .as("fifty files per person in 24 hours")
                .isEqualTo(429);
        assertThat(api.get(uploader, fresh.replace("/attachments", ""))
                        .json()
                        .path("attachments")
                        .size())
                .isZero();
    }

    @Test
    void grantWithConditionsThroughConsultationFeeAndFourEyes() throws Exception {
        String id = cases.readyDraft(
                aino, Map.of("medicalResearch", false, "datasets", java.util.List.of("care-register")));
        var submitted = api.post(aino, "/api/applications/" + id + "/submit", null);
        assertThat(submitted.status()).as(submitted.toString()).isEqualTo(200);
        assertThat(submitted.json().path("status").asText()).isEqualTo("SUBMITTED");
        // submitting again changes nothing
        assertThat(api.post(aino, "/api/applications/" + id + "/submit", null).status())
                .isEqualTo(409);

        long completeness = cases.awaitTask(olli, id, "completeness-check");
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
        cases.awaitStatus(id, "UNDER_ASSESSMENT");
        // the clock runs from the day the complete application was received, not from the officer's check
        awaitLegalClock(id);
        assertThat(db.fetchValue(
                        "SELECT l.started_at = (SELECT max(changed_at) FROM application_status_change"
                                + " WHERE application_id = l.case_id AND status = 'submitted')"
                                + " FROM legal_clock l WHERE l.case_id = ?::uuid",
                        id))
                .isEqualTo(true);
        // one extension, with a reason the applicant is told
        String extension = "/api/applications/" + id + "/clock/extension";
        assertThat(api.post(olli, extension, Map.of("reason", "Exceptionally wide: sixteen registers."))
                        .status())
                .isEqualTo(200);
        assertThat(api.post(oona, extension, Map.of("reason", "And once more, please."))
                        .status())
                .as("once only")
                .isEqualTo(409);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> api.get(aino, "/api/notifications")
                        .json()
                        .findValuesAsText("template")
                        .contains("decision-deadline-extended"));
        assertThat(api.get(aino, "/api/applications/" + id + "/clock")
                        .json()
                        .path("dueAt")
                        .asText())
                .isNotBlank();

        // only the register holder asked sees the consultation
        long consultation = cases.awaitTask(helmi, id, "consultation-answer");
        assertThat(api.get(kalle, "/api/tasks/" + consultation).status()).isEqualTo(404);
        // a task carries what its form needs: the holder sees the research, not the applicant's contact details
        // or the ethics committee's statement
        var holderSees = api.get(helmi, "/api/tasks/" + consultation).json().path("variables");
        assertThat(holderSees.has("title")).isTrue();
        assertThat(holderSees.has("description")).isTrue();
        assertThat(holderSees.has("contactEmail")).isFalse();
        assertThat(holderSees.has("applicant")).isFalse();
        assertThat(holderSees.has("ethicsOutcome")).isFalse();
        assertThat(holderSees.has("ethicsStatementText")).isFalse();
        cases.work(
                helmi,
                consultation,
                Map.of(
                        "consultationStatement", "approve-with-conditions",
                        "consultationText", "Only pseudonymised identifiers.",
                        "costEstimate", 900));

        // the applicant accepts the fee in their own task list
        long fee = cases.awaitTask(aino, id, "fee-acceptance");
        assertThat(api.get(bruno, "/api/tasks/" + fee).status()).isEqualTo(404);
        // the applicant sees the fee, not the holders' internal answers
        var applicantSees = api.get(aino, "/api/tasks/" + fee).json().path("variables");
        assertThat(applicantSees.has("fee")).isTrue();
        assertThat(applicantSees.toString())
                .doesNotContain("Only pseudonymised identifiers.")
                .doesNotContain("approve-with-conditions");
        assertThat(api.post(aino, "/api/tasks/" + fee + "/complete", Map.of("feeDecision", "accept"))
                        .status())
                .isEqualTo(204);

        long draft = cases.awaitTask(olli, id, "decision-draft");
        cases.work(
                olli,
                draft,
                Map.of(
                        "outcome", "grant-with-conditions",
                        "decisionReasons", "The plan meets the requirements of the law.",
                        "conditions", "Results leave the environment only after disclosure control.",
                        "validUntil", "2028-12-31"));
        long approval = cases.awaitTask(oona, id, "decision-approval");
        // four eyes: the drafter can neither claim nor approve
        assertThat(api.post(olli, "/api/tasks/" + approval + "/claim", null).status())
                .isEqualTo(403);
        api.post(oona, "/api/tasks/" + approval + "/claim", null);
        cases.work(oona, approval, Map.of("approval", "approve"));

        cases.awaitStatus(id, "GRANTED_WITH_CONDITIONS");
        var pdf = api.get(aino, "/api/applications/" + id + "/decision.pdf");
        assertThat(pdf.status()).isEqualTo(200);
        try (var doc = Loader.loadPDF(pdf.body())) {
            String text = new PDFTextStripper().getText(doc);
            assertThat(text)
                    .contains("The data permit is granted with conditions.")
                    .contains("Valid until: 2028-12-31")
                    .contains("Approved by: oona")
                    .contains("Hoitoilmoitusrekisteri")
                    .contains("Vårdanmälningsregistret")
                    .contains("Statins and dementia in Åland and Pohjois-Savo");
        }
        var timeline =
                api.get(aino, "/api/applications/" + id).json().path("timeline").findValuesAsText("status");
        assertThat(timeline).startsWith("draft", "submitted", "under-assessment", "granted-with-conditions");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> api.get(null, "/api/public/permits")
                        .json()
                        .findValuesAsText("caseId")
                        .contains(id));
        var notifications = api.get(aino, "/api/notifications").json().findValuesAsText("template");
        assertThat(notifications).contains("decision-issued");
        // and by mail: to the applicant's contact address and the holder's functional address
        await().atMost(Duration.ofSeconds(20))
                .until(() -> mailTo("aino@uef.example").contains("Decision on your application"));
        assertThat(mailTo("data-permits@thl.example")).contains("Consultation on a data permit application");

        // compilation: the holder confirms the extraction, the officer approves the dataset
        cases.work(
                helmi, cases.awaitTask(helmi, id, "extraction-confirmation"), Map.of("extractionStatus", "delivered"));
        cases.work(olli, cases.awaitTask(olli, id, "dataset-approval"), Map.of("datasetApproval", "approve"));
        assertThat(api.post(aino, "/api/applications/" + id + "/withdraw", null).status())
                .as("no withdrawal after the decision")
                .isEqualTo(409);

        // an amendment names one of the applicant's own granted permits ...
        Map<String, Object> amendment = Map.of(
                "applicationType",
                "amendment",
                "existingPermit",
                id,
                "amendmentChanges",
                java.util.List.of("validity"));
        String foreign = cases.readyDraft(bruno, amendment);
        var refused = api.post(bruno, "/api/applications/" + foreign + "/submit", null);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("fieldErrors").has("existingPermit")).isTrue();
        // ... goes through completeness, the amendment fee and four eyes, and moves the permit's end date
        String amending = cases.readyDraft(aino, amendment);
        assertThat(api.post(aino, "/api/applications/" + amending + "/submit", null)
                        .status())
                .isEqualTo(200);
        cases.work(olli, cases.awaitTask(olli, amending, "completeness-check"), Map.of("completeness", "complete"));
        long amendmentFee = cases.awaitTask(aino, amending, "fee-acceptance");
        assertThat(api.get(aino, "/api/tasks/" + amendmentFee)
                        .json()
                        .at("/variables/fee/baseFee")
                        .asInt())
                .isEqualTo(350);
        assertThat(api.post(aino, "/api/tasks/" + amendmentFee + "/complete", Map.of("feeDecision", "accept"))
                        .status())
                .isEqualTo(204);
        cases.work(
                olli,
                cases.awaitTask(olli, amending, "decision-draft"),
                Map.of(
                        "outcome", "grant",
                        "decisionReasons", "Two more team members, six more months.",
                        "validUntil", "2029-06-30"));
        long amendmentApproval = cases.awaitTask(oona, amending, "decision-approval");
        cases.work(oona, amendmentApproval, Map.of("approval", "approve"));
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> {
                            for (var p : api.get(null, "/api/public/permits").json()) {
                                if (id.equals(p.path("caseId").asText())) {
                                    return p.path("validUntil").asText();
                                }
                            }
                            return "";
                        },
                        "2029-06-30"::equals);

        // what the permit cannot take is refused with a reason, and changes nothing
        String appeal = "/api/applications/" + id + "/appeal";
        String renewal = "/api/applications/" + id + "/renewal";
        db.execute(
                "UPDATE decision_document SET created_at = created_at - interval '40 days' WHERE application_id = ?::uuid",
                id);
        var late = api.post(aino, appeal, null);
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.json().path("detail").asText()).startsWith("The appeal period ended on");
        // said in the reader's language, with the date as they write it
        var lateInFinnish = api.in("fi").post(aino, appeal, null);
        assertThat(lateInFinnish.status()).isEqualTo(409);
        assertThat(lateInFinnish.json().path("detail").asText())
                .matches("Muutoksenhakuaika päättyi \\d{1,2}\\.\\d{1,2}\\.\\d{4}\\.");
        db.execute(
                "UPDATE decision_document SET created_at = created_at + interval '40 days' WHERE application_id = ?::uuid",
                id);
        // a grant (with conditions) can be appealed, once; the court's outcome is recorded by an officer
        assertThat(api.post(aino, appeal, null).status()).isEqualTo(202);
        assertThat(api.post(aino, appeal, null).status()).as("one appeal").isEqualTo(409);
        cases.work(
                olli,
                cases.awaitTask(olli, id, "court-outcome"),
                Map.of("courtOutcome", "upheld", "courtDecidedOn", "2027-04-01"));
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> db.fetchValue(
                                "SELECT court_outcome FROM decision_document WHERE application_id = ?::uuid", id),
                        "upheld"::equals);
        // the decision shows it is under appeal and what the court decided
        var appealState = api.get(aino, "/api/applications/" + id).json().path("appeal");
        assertThat(appealState.path("lodgedAt").asText()).isNotBlank();
        assertThat(appealState.path("courtOutcome").asText()).isEqualTo("upheld");
        // renewal: at least a month before the end, once, by either way
        db.execute("UPDATE permit SET valid_until = current_date + 20 WHERE case_id = ?::uuid", id);
        var tooLate = api.post(aino, renewal, null);
        assertThat(tooLate.status()).isEqualTo(409);
        assertThat(tooLate.body()).asString().contains("at least a month before");
        db.execute("UPDATE permit SET valid_until = DATE '2029-06-30' WHERE case_id = ?::uuid", id);
        assertThat(api.post(aino, renewal, null).status()).isEqualTo(202);
        assertThat(api.post(aino, renewal, null).status()).as("one renewal").isEqualTo(409);
        String renewing = cases.readyDraft(aino, Map.of("applicationType", "renewal", "existingPermit", id));
        var secondWay = api.post(aino, "/api/applications/" + renewing + "/submit", null);
        assertThat(secondWay.status())
                .as("a renewal application counts towards the one renewal")
                .isEqualTo(400);
        assertThat(secondWay.json().path("fieldErrors").path("existingPermit").asText())
                .contains("renewal has been asked already");
        long pendingRenewal = cases.awaitTask(olli, id, "renewal-decision");

        // the authority revokes the permit: officers only, with a reason; access is suspended at once, the permit
        // holder is heard, the decision issued; only then is the data deleted
        String revoke = "/api/applications/" + id + "/revoke";
        assertThat(api.post(aino, revoke, Map.of("reason", "I would like to")).status())
                .isEqualTo(403);
        assertThat(api.post(olli, revoke, Map.of("reason", "")).status()).isEqualTo(400);
        assertThat(api.post(olli, revoke, Map.of("reason", "Results were published without output review."))
                        .status())
                .isEqualTo(202);
        // four eyes: proposed by one officer, confirmed by another; until then the permit stays in force
        assertThat(api.post(olli, revoke, Map.of("reason", "Once more, with feeling."))
                        .status())
                .as("one proposal at a time")
                .isEqualTo(409);
        assertThat(api.post(olli, revoke + "/confirm", null).status())
                .as("the proposer cannot confirm")
                .isEqualTo(403);
        assertThat(api.post(aino, revoke + "/confirm", null).status()).isEqualTo(403);
        assertThat(api.get(aino, "/api/applications/" + id)
                        .json()
                        .path("status")
                        .asText())
                .isNotEqualTo("REVOKED");
        assertThat(api.post(oona, revoke + "/confirm", null).status()).isEqualTo(202);
        cases.awaitStatus(id, "SUSPENDED");
        assertThat(api.post(aino, renewal, null).status())
                .as("nothing more for a suspended permit")
                .isEqualTo(409);
        // the renewal being decided ended with the permit's life
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> api.get(olli, "/api/tasks/" + pendingRenewal)
                                .json()
                                .path("state")
                                .asText(),
                        s -> !"OPEN".equals(s));
        long hearing = cases.awaitTask(aino, id, "revocation-hearing");
        assertThat(api.get(aino, "/api/tasks/" + hearing)
                        .json()
                        .at("/variables/revocationReason")
                        .asText())
                .isEqualTo("Results were published without output review.");
        assertThat(api.post(aino, "/api/tasks/" + hearing + "/complete", Map.of("hearingStatement", "We did not know."))
                        .status())
                .isEqualTo(204);
        assertThat(api.get(aino, "/api/applications/" + id + "/revocation.pdf").status())
                .as("no revocation decision before it is written")
                .isEqualTo(404);
        cases.work(
                oona,
                cases.awaitTask(oona, id, "revocation-decision"),
                Map.of("revocationReasons", "Results left the environment without disclosure control."));
        cases.awaitStatus(id, "REVOKED");
        var revocation = api.get(aino, "/api/applications/" + id + "/revocation.pdf");
        assertThat(revocation.status()).isEqualTo(200);
        try (var doc = Loader.loadPDF(revocation.body())) {
            assertThat(new PDFTextStripper().getText(doc))
                    .contains("The data permit is revoked")
                    .contains("We did not know.")
                    .contains("appealed to the administrative court");
        }
        assertThat(api.post(olli, revoke, Map.of("reason", "Twice is once too many."))
                        .status())
                .isEqualTo(409);
        cases.awaitTask(olli, id, "deletion-evidence");
        assertThat(api.get(olli, "/api/cases/" + id + "/deletion-record").status())
                .isEqualTo(200);
    }

    @Test
    void ethicsCommitteeIsolationAndWithdrawalEndingOpenTasks() {
        String id = cases.readyDraft(aino, Map.of("consentObtained", true, "ethicsCommittee", "hus"));
        assertThat(api.post(aino, "/api/applications/" + id + "/submit", null).status())
                .isEqualTo(200);
        cases.work(olli, cases.awaitTask(olli, id, "completeness-check"), Map.of("completeness", "complete"));
        // an extension is decided before the deadline, not after it
        awaitLegalClock(id);
        db.execute("UPDATE legal_clock SET due_at = now() - interval '1 day' WHERE case_id = ?::uuid", id);
        var afterDeadline = api.post(
                olli, "/api/applications/" + id + "/clock/extension", Map.of("reason", "Too late to ask for this."));
        assertThat(afterDeadline.status()).isEqualTo(409);
        assertThat(afterDeadline.body()).asString().contains("deadline passed");

        long statement = cases.awaitTask(essi, id, "ethics-statement");
        assertThat(api.get(eero, "/api/tasks/" + statement).status())
                .as("another committee")
                .isEqualTo(404);
        assertThat(api.post(eero, "/api/tasks/" + statement + "/claim", null).status())
                .isEqualTo(404);
        assertThat(api.post(essi, "/api/tasks/" + statement + "/claim", null).status())
                .isEqualTo(200);

        assertThat(api.post(bruno, "/api/applications/" + id + "/withdraw", null)
                        .status())
                .isEqualTo(404);
        assertThat(api.post(aino, "/api/applications/" + id + "/withdraw", null).status())
                .isEqualTo(202);
        cases.awaitStatus(id, "WITHDRAWN");
        // the committee is told, and the clock is closed
        await().atMost(Duration.ofSeconds(30))
                .until(() -> api.get(essi, "/api/notifications")
                        .json()
                        .findValuesAsText("template")
                        .contains("withdrawn-committee"));
        assertThat(db.fetchValue("SELECT stop_reason FROM legal_clock WHERE case_id = ?::uuid", id))
                .isEqualTo("withdrawn");
        // the work done is charged by the hour (price list: cancelled applications)
        cases.work(olli, cases.awaitTask(olli, id, "hours-worked"), Map.of("hoursWorked", 2));
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> db.fetchValue(
                                "SELECT category || ' ' || hours || ' h at ' || hourly_rate FROM invoice WHERE case_id = ?::uuid",
                                id),
                        "cancelled 2.0 h at 115.00"::equals);
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> api.get(essi, "/api/tasks/" + statement)
                                .json()
                                .path("state")
                                .asText(),
                        "CANCELLED"::equals);
        var late = api.post(
                essi,
                "/api/tasks/" + statement + "/complete",
                Map.of(
                        "ethicsOutcome", "favourable",
                        "ethicsStatementText", "Favourable statement.",
                        "ethicsReferenceNumber", "HUS/1/2026",
                        "ethicsStatementDate", "2026-11-26"));
        assertThat(late.status()).as("a late answer to a closed task").isEqualTo(409);
    }

    @Test
    void submittingTwiceStartsOneProcess() {
        String id = cases.readyDraft(aino);
        var first = api.post(aino, "/api/applications/" + id + "/submit", null);
        var second = api.post(aino, "/api/applications/" + id + "/submit", null);
        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(409);
        cases.awaitTask(olli, id, "completeness-check");
        // give a second instance every chance to show up
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> tasksOf(id) == 1);
    }

    private long tasksOf(String caseId) {
        var tasks = api.get(olli, "/api/tasks?q=" + caseId).json().path("tasks");
        long n = 0;
        for (var t : tasks) {
            if (caseId.equals(t.path("caseId").asText())) {
                n++;
            }
        }
        return n;
    }

    private static java.util.List<String> mailTo(String address) throws Exception {
        var subjects = new java.util.ArrayList<String>();
        for (var message : org.isaacus.support.TestComponents.mail().getReceivedMessages()) {
            for (var to : message.getAllRecipients()) {
                if (to.toString().equals(address)) {
                    subjects.add(message.getSubject());
                }
            }
        }
        return subjects;
    }
}
