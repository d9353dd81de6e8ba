package org.isaacus.intake;

import static org.isaacus.db.Tables.CASE_REQUEST;
import static org.isaacus.db.Tables.REVOCATION_REQUEST;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.isaacus.audit.AuditTrail;
import org.isaacus.catalogue.Catalogue;
import org.isaacus.db.tables.records.ApplicationRecord;
import org.isaacus.forms.FormDefinitions;
import org.isaacus.forms.InvalidInputException;
import org.isaacus.forms.Refusal;
import org.isaacus.identity.CurrentUser;
import org.isaacus.identity.Role;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

/**
 * Applications from draft to submission. Object-level rule: an applicant reaches only their own cases; any
 * other case answers 404 so that ids do not leak. Staff of the authority see every case.
 */
@Service
@Transactional
public class ApplicationService {

    static final String FORM_ID = "permit-application";
    static final String RESEARCH_PLAN = "research-plan";
    // admins run the system, they do not read cases (least privilege over health research plans)
    private static final Set<Role> STAFF = Set.of(Role.PERMIT_OFFICER, Role.MANAGER);
    private static final Set<String> AMENDING_TYPES = Set.of("amendment", "renewal");

    private final ApplicationRepository applications;
    private final FormDefinitions forms;
    private final Catalogue catalogue;
    private final ResearchPlanCheck researchPlanCheck;
    private final UploadQuota quota;
    private final org.jooq.DSLContext db;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final PermitTerms terms;

    /** Field messages in the reader's language (the request's locale). */
    private final org.springframework.context.support.MessageSourceAccessor messages;

    ApplicationService(
            ApplicationRepository applications,
            FormDefinitions forms,
            Catalogue catalogue,
            ResearchPlanCheck researchPlanCheck,
            UploadQuota quota,
            org.jooq.DSLContext db,
            AuditTrail audit,
            ApplicationEventPublisher events,
            Clock clock,
            PermitTerms terms,
            org.springframework.context.MessageSource messages) {
        this.terms = terms;
        this.messages = new org.springframework.context.support.MessageSourceAccessor(messages);
        this.applications = applications;
        this.forms = forms;
        this.catalogue = catalogue;
        this.researchPlanCheck = researchPlanCheck;
        this.quota = quota;
        this.db = db;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    public PermitApplication create(CurrentUser user) {
        requireApplicant(user);
        UUID id = UUID.randomUUID();
        var now = now();
        applications.insert(id, user.subject(), "data-permit", now);
        applications.setStatus(id, ApplicationStatus.DRAFT, user.subject(), null, now);
        audit.record(user.subject(), "application.created", id, "draft");
        return view(applications.find(id).orElseThrow());
    }

    @Transactional(readOnly = true)
    public List<PermitApplication> list(CurrentUser user) {
        if (user.has(Role.APPLICANT)) {
            return applications.list(user.subject()).stream().map(this::view).toList();
        }
        if (isStaff(user)) {
            return applications.list(null).stream().map(this::view).toList();
        }
        throw new Refusal(HttpStatus.FORBIDDEN, "refusal.application.list");
    }

    @Transactional(readOnly = true)
    public PermitApplication get(CurrentUser user, UUID id) {
        return view(visible(user, id));
    }

    public PermitApplication saveDraft(CurrentUser user, UUID id, Map<String, Object> data) {
        var app = applications.lock(id).filter(a -> owns(user, a)).orElseThrow(ApplicationService::notFound);
        requireDraft(app);
        var validated = validate(data, false);
        if (!validated.ok()) {
            throw new InvalidInputException(validated.errors());
        }
        applications.saveForm(id, typeOf(validated.data()), titleOf(validated.data()), validated.data(), now());
        audit.record(
                user.subject(),
                "application.draft-saved",
                id,
                String.join(",", validated.data().keySet()));
        return view(applications.find(id).orElseThrow());
    }

    public PermitApplication.AttachmentInfo attach(CurrentUser user, UUID id, String filename, byte[] content) {
        var app = applications.lock(id).filter(a -> owns(user, a)).orElseThrow(ApplicationService::notFound);
        requireDraft(app);
        researchPlanCheck.check(filename, content);
        quota.check(id, user.subject(), content.length, now());
        UUID attachmentId = UUID.randomUUID();
        String sha256 = sha256(content);
        String safeName = filename.replaceAll("[^\\p{L}\\p{N}._ -]", "_");
        applications.insertAttachment(
                attachmentId, id, RESEARCH_PLAN, safeName, content, sha256, user.subject(), now());
        audit.record(user.subject(), "application.attachment-added", id, safeName + " sha256=" + sha256);
        return new PermitApplication.AttachmentInfo(attachmentId, RESEARCH_PLAN, safeName, content.length, sha256);
    }

    @Transactional(readOnly = true)
    public byte[] attachmentContent(CurrentUser user, UUID id, UUID attachmentId) {
        visible(user, id);
        return applications
                .attachment(id, attachmentId)
                .map(ApplicationRepository.Attachment::content)
                .orElseThrow(ApplicationService::notFound);
    }

    /** Submits once: the row lock and the status check make a second submission a 409, not a second process. */
    public PermitApplication submit(CurrentUser user, UUID id) {
        var app = applications.lock(id).filter(a -> owns(user, a)).orElseThrow(ApplicationService::notFound);
        requireDraft(app);
        var data = applications.formData(app);
        var validated = validate(data, true);
        Map<String, String> errors = new HashMap<>(validated.errors());
        boolean hasPlan =
                applications.attachments(id).stream().anyMatch(a -> a.kind().equals(RESEARCH_PLAN));
        if ("data-permit".equals(typeOf(data)) && !hasPlan) {
            errors.put("researchPlan", messages.getMessage("application.error.research-plan"));
        }
        if (AMENDING_TYPES.contains(typeOf(data)) && !amendable(user, text(data, "existingPermit"))) {
            errors.put("existingPermit", messages.getMessage("application.error.existing-permit"));
        }
        if ("renewal".equals(typeOf(data)) && !errors.containsKey("existingPermit")) {
            // the renewal application is the other way to the permit's one renewal, with the same limits
            UUID permit = UUID.fromString(text(data, "existingPermit"));
            renewalRefusal(permit).ifPresent(reason -> errors.put("existingPermit", reason));
            if (!errors.containsKey("existingPermit") && !askOnce(permit, "renewal", user, id)) {
                errors.put("existingPermit", messages.getMessage("application.error.renewal-asked"));
            }
        }
        if ("amendment".equals(typeOf(data))
                && !(data.get("amendmentChanges") instanceof List<?> changes && !changes.isEmpty())) {
            errors.put("amendmentChanges", messages.getMessage("application.error.amendment-changes"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        applications.setStatus(id, ApplicationStatus.SUBMITTED, user.subject(), null, now());
        audit.record(user.subject(), "application.submitted", id, app.getTitle());

        @SuppressWarnings("unchecked")
        List<String> datasetIds = (List<String>) data.getOrDefault("datasets", List.of());
        var datasets = catalogue.datasets(datasetIds);
        events.publishEvent(new ApplicationSubmitted(
                id,
                app.getApplicant(),
                typeOf(data),
                app.getTitle(),
                String.valueOf(data.get("purpose")),
                Boolean.TRUE.equals(data.get("thesis")),
                text(data, "establishment"),
                text(data, "applicantSector"),
                text(data, "description"),
                datasetIds,
                datasets.stream()
                        .map(Catalogue.Dataset::holderId)
                        .distinct()
                        .sorted()
                        .toList(),
                datasets.stream().anyMatch(Catalogue.Dataset::healthData),
                Boolean.TRUE.equals(data.get("consentObtained")),
                Boolean.TRUE.equals(data.get("medicalResearch")),
                text(data, "ethicsCommittee"),
                text(data, "ethicsReference"),
                text(data, "contactEmail"),
                text(data, "existingPermit")));
        return view(applications.find(id).orElseThrow());
    }

    /** For the other stages of the permit path: moves the visible status and records who did it. */
    public void changeStatus(UUID id, ApplicationStatus status, String actor) {
        changeStatus(id, status, actor, null);
    }

    public void changeStatus(UUID id, ApplicationStatus status, String actor, String reason) {
        var app = applications.lock(id).orElseThrow(ApplicationService::notFound);
        if (app.getStatus().equals(status.code())) {
            return; // a re-delivered job must not add a second timeline entry
        }
        applications.setStatus(id, status, actor, reason, now());
        audit.record(
                actor,
                "application.status-changed",
                id,
                app.getStatus() + " -> " + status.code() + (reason == null ? "" : " (" + reason + ")"));
    }

    /**
     * A person's request that the running process reacts to (withdrawal, appeal, renewal). Checked against the
     * visible status here; delivered to the engine through the outbox.
     */
    public void request(CurrentUser user, UUID id, CaseRequest request) {
        var app = applications.lock(id).filter(a -> owns(user, a)).orElseThrow(ApplicationService::notFound);
        var status = ApplicationStatus.ofCode(app.getStatus());
        boolean allowed = switch (request) {
            case WITHDRAW -> status.undecided();
            // grants (with or without conditions) can be appealed as well as refusals
            case APPEAL -> status == ApplicationStatus.REFUSED || status.granted();
            case RENEW -> status.granted();
        };
        if (!allowed) {
            throw new Refusal(
                    HttpStatus.CONFLICT,
                    "refusal.application.request",
                    Refusal.words("refusal.application.request." + request.messageName()),
                    Refusal.words("status." + status.code()));
        }
        if (request == CaseRequest.APPEAL) {
            var end = terms.appealEndsOn(id);
            if (end.isEmpty() || today().isAfter(end.get())) {
                throw end.isEmpty()
                        ? new Refusal(HttpStatus.CONFLICT, "refusal.application.no-decision")
                        : new Refusal(HttpStatus.CONFLICT, "refusal.application.appeal-ended", Refusal.date(end.get()));
            }
            if (!askOnce(id, "appeal", user, null)) {
                throw new Refusal(HttpStatus.CONFLICT, "refusal.application.appealed");
            }
        }
        if (request == CaseRequest.RENEW) {
            renewalRefusal(id).ifPresent(reason -> {
                throw new ResponseStatusException(HttpStatus.CONFLICT, reason);
            });
            if (!askOnce(id, "renewal", user, null)) {
                throw new Refusal(HttpStatus.CONFLICT, "application.error.renewal-asked");
            }
        }
        audit.record(user.subject(), "application." + request.messageName(), id, status.code());
        events.publishEvent(new CaseMessage(id, request.messageName(), UUID.randomUUID()));
    }

    /**
     * The authority revokes a permit in force (misuse, a condition broken): the permit's process ends access and
     * deletes the data as at expiry. Officers only; the reason is kept in the audit trail.
     */
    public void revoke(CurrentUser user, UUID id, String reason) {
        if (!user.has(Role.PERMIT_OFFICER)) {
            throw new Refusal(HttpStatus.FORBIDDEN, "refusal.revocation.officers");
        }
        if (reason == null || reason.strip().length() < 5) {
            throw new InvalidInputException(
                    Map.of("reason", messages.getMessage("application.error.revocation-reason")));
        }
        var app = applications.lock(id).orElseThrow(ApplicationService::notFound);
        var status = ApplicationStatus.ofCode(app.getStatus());
        if (!status.granted()) {
            throw new Refusal(
                    HttpStatus.CONFLICT, "refusal.revocation.not-in-force", Refusal.words("status." + status.code()));
        }
        int proposed = db.insertInto(REVOCATION_REQUEST)
                .set(REVOCATION_REQUEST.CASE_ID, id)
                .set(REVOCATION_REQUEST.PROPOSED_BY, user.subject())
                .set(REVOCATION_REQUEST.REASON, reason.strip())
                .set(REVOCATION_REQUEST.PROPOSED_AT, now())
                .onConflictDoNothing()
                .execute();
        if (proposed == 0) {
            throw new Refusal(HttpStatus.CONFLICT, "refusal.revocation.awaiting");
        }
        audit.record(user.subject(), "permit.revocation-proposed", id, reason.strip());
    }

    /** The second officer's confirmation: only now is the permit revoked (four eyes). */
    public void confirmRevocation(CurrentUser user, UUID id) {
        if (!user.has(Role.PERMIT_OFFICER)) {
            throw new Refusal(HttpStatus.FORBIDDEN, "refusal.revocation.officers");
        }
        var app = applications.lock(id).orElseThrow(ApplicationService::notFound);
        var request = db.selectFrom(REVOCATION_REQUEST)
                .where(REVOCATION_REQUEST.CASE_ID.eq(id))
                .forUpdate()
                .fetchOptional()
                .orElseThrow(() -> new Refusal(HttpStatus.CONFLICT, "refusal.revocation.none"));
        if (request.getConfirmedBy() != null
                || !ApplicationStatus.ofCode(app.getStatus()).granted()) {
            throw new Refusal(HttpStatus.CONFLICT, "refusal.revocation.confirmed");
        }
        if (request.getProposedBy().equals(user.subject())) {
            throw new Refusal(HttpStatus.FORBIDDEN, "refusal.revocation.four-eyes");
        }
        request.setConfirmedBy(user.subject());
        request.setConfirmedAt(now());
        request.store();
        audit.record(
                user.subject(),
                "permit.revoked",
                id,
                request.getReason() + " (proposed by " + request.getProposedBy() + ")");
        events.publishEvent(new CaseMessage(
                id, "permit-revoked", UUID.randomUUID(), Map.of("revocationReason", request.getReason())));
    }

    /** The case as the later stages of the permit path see it; workers act for the authority, not for a user. */
    @Transactional(readOnly = true)
    public PermitApplication caseFile(UUID id) {
        return view(applications.find(id).orElseThrow(ApplicationService::notFound));
    }

    /** Read access for other modules that serve a case's documents with the same visibility rule. */
    @Transactional(readOnly = true)
    public PermitApplication requireVisible(CurrentUser user, UUID id) {
        return get(user, id);
    }

    private ApplicationRecord visible(CurrentUser user, UUID id) {
        return applications
                .find(id)
                .filter(a -> owns(user, a) || isStaff(user))
                .orElseThrow(ApplicationService::notFound);
    }

    private FormDefinitions.Validated validate(Map<String, Object> data, boolean complete) {
        Set<String> datasetIds =
                catalogue.datasets().stream().map(Catalogue.Dataset::id).collect(Collectors.toSet());
        Set<String> variableNames = catalogue.variables().stream()
                .map(Catalogue.Variable::qualifiedName)
                .collect(Collectors.toSet());
        var validated = forms.validate(
                FORM_ID, data, complete, Map.of("datasetOptions", datasetIds, "variableOptions", variableNames));
        Map<String, String> errors = new HashMap<>(validated.errors());
        // a variable can only come from a dataset the application asks for (data minimisation)
        List<?> requested = data.get("datasets") instanceof List<?> l ? l : List.of();
        if (data.get("variables") instanceof List<?> variables && !errors.containsKey("variables")) {
            variables.stream()
                    .map(String::valueOf)
                    .filter(v -> !requested.contains(v.substring(0, Math.max(0, v.indexOf('.')))))
                    .findFirst()
                    .ifPresent(v -> errors.put(
                            "variables", messages.getMessage("application.error.variable", new Object[] {v})));
        }
        if (data.get("cohortBornFrom") instanceof Number from
                && data.get("cohortBornTo") instanceof Number to
                && from.intValue() > to.intValue()) {
            errors.put("cohortBornTo", messages.getMessage("application.error.cohort-years"));
        }
        return new FormDefinitions.Validated(validated.data(), errors);
    }

    private PermitApplication view(ApplicationRecord r) {
        return new PermitApplication(
                r.getId(),
                r.getApplicant(),
                r.getType(),
                ApplicationStatus.ofCode(r.getStatus()),
                r.getTitle(),
                applications.formData(r),
                r.getCreatedAt(),
                r.getSubmittedAt(),
                applications.attachments(r.getId()),
                applications.timeline(r.getId()),
                terms.appeal(r.getId()));
    }

    /** An amendment or renewal names one of the applicant's own granted permits. */
    private boolean amendable(CurrentUser user, String existingPermit) {
        if (existingPermit == null) {
            return false;
        }
        try {
            return applications
                    .find(UUID.fromString(existingPermit))
                    .filter(p -> owns(user, p))
                    .map(p -> ApplicationStatus.ofCode(p.getStatus()).granted())
                    .orElse(false);
        } catch (IllegalArgumentException notAnId) {
            return false;
        }
    }

    private static boolean owns(CurrentUser user, ApplicationRecord app) {
        return user.has(Role.APPLICANT) && app.getApplicant().equals(user.subject());
    }

    private static boolean isStaff(CurrentUser user) {
        return user.roles().stream().anyMatch(STAFF::contains);
    }

    private static void requireApplicant(CurrentUser user) {
        if (!user.has(Role.APPLICANT)) {
            throw new Refusal(HttpStatus.FORBIDDEN, "refusal.application.applicants");
        }
    }

    private static void requireDraft(ApplicationRecord app) {
        if (!ApplicationStatus.DRAFT.code().equals(app.getStatus())) {
            throw new Refusal(HttpStatus.CONFLICT, "refusal.application.submitted");
        }
    }

    private static String typeOf(Map<String, Object> data) {
        return data.get("applicationType") instanceof String type && !type.isBlank() ? type : "data-permit";
    }

    private static String text(Map<String, Object> data, String key) {
        return data.get(key) instanceof String s && !s.isBlank() ? s.strip() : null;
    }

    private static String titleOf(Map<String, Object> data) {
        return data.get("title") instanceof String s ? s.strip() : "";
    }

    private static ResponseStatusException notFound() {
        return new Refusal(HttpStatus.NOT_FOUND, "refusal.application.not-found");
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    /** The authority's calendar day: limits are days in Finland, whatever the server's zone. */
    private java.time.LocalDate today() {
        return java.time.LocalDate.now(clock.withZone(java.time.ZoneId.of("Europe/Helsinki")));
    }

    /**
     * A renewal is asked at least a month before the permit ends, so that the decision can come before the end
     * (the reminder goes two months before). Answers why not, if not.
     */
    private java.util.Optional<String> renewalRefusal(UUID permit) {
        var until = terms.validUntil(permit);
        if (until.isEmpty()) {
            return java.util.Optional.of(messages.getMessage("application.error.no-permit"));
        }
        if (today().isAfter(until.get().minusMonths(1))) {
            return java.util.Optional.of(
                    messages.getMessage("application.error.renewal-late", new Object[] {until.get()}));
        }
        return java.util.Optional.empty();
    }

    /** Records a request that a case takes once; false when it was asked before (by either way). */
    private boolean askOnce(UUID caseId, String kind, CurrentUser user, UUID viaCase) {
        return db.insertInto(CASE_REQUEST)
                        .set(CASE_REQUEST.CASE_ID, caseId)
                        .set(CASE_REQUEST.KIND, kind)
                        .set(CASE_REQUEST.REQUESTED_BY, user.subject())
                        .set(CASE_REQUEST.REQUESTED_AT, now())
                        .set(CASE_REQUEST.VIA_CASE, viaCase)
                        .onConflictDoNothing()
                        .execute()
                == 1;
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
