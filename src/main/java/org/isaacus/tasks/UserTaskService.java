package org.isaacus.tasks;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.response.ActivatedJob;
import io.grpc.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.isaacus.audit.AuditTrail;
import org.isaacus.catalogue.Catalogue;
import org.isaacus.clock.Deadlines;
import org.isaacus.db.tables.records.UserTaskRecord;
import org.isaacus.engine.DeployedForms;
import org.isaacus.forms.FormDefinitions;
import org.isaacus.forms.InvalidInputException;
import org.isaacus.forms.Refusal;
import org.isaacus.identity.CurrentUser;
import org.isaacus.identity.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

/**
 * The task list over job-based user tasks. A user sees a task when one of their roles is among its candidate
 * groups or when it is assigned to them; any other task answers 404.
 */
@Service
@Transactional
public class UserTaskService {

    /** Long lock: the human, not the engine, decides when a task is done. Extended by the reconciler. */
    public static final Duration LOCK = Duration.ofDays(30);

    static final String JOB_TYPE = "io.camunda.zeebe:userTask";
    private static final Logger log = LoggerFactory.getLogger(UserTaskService.class);

    private final UserTaskRepository tasks;
    private final FormDefinitions forms;
    private final CamundaClient engine;
    private final DeployedForms deployedForms;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final List<TaskContext> contexts;
    private final Catalogue catalogue;

    /** Field messages in the reader's language (the request's locale). */
    private final org.springframework.context.support.MessageSourceAccessor messages;

    private final Clock clock;

    UserTaskService(
            UserTaskRepository tasks,
            FormDefinitions forms,
            CamundaClient engine,
            DeployedForms deployedForms,
            AuditTrail audit,
            ApplicationEventPublisher events,
            List<TaskContext> contexts,
            Clock clock,
            org.springframework.context.MessageSource messages,
            Catalogue catalogue) {
        this.catalogue = catalogue;
        this.messages = new org.springframework.context.support.MessageSourceAccessor(messages);
        this.tasks = tasks;
        this.forms = forms;
        this.engine = engine;
        this.deployedForms = deployedForms;
        this.audit = audit;
        this.events = events;
        this.contexts = contexts;
        this.clock = clock;
    }

    /** Called for every activation of a user-task job, including re-activations after a lock ran out. */
    public void open(ActivatedJob job) {
        Map<String, String> headers = job.getCustomHeaders();
        Map<String, Object> variables = new HashMap<>(job.getVariablesAsMap());
        UUID caseId = variables.get("caseId") instanceof String s ? UUID.fromString(s) : null;
        String formId = formId(headers, job.getElementId());
        for (TaskContext context : contexts) {
            variables.putAll(context.variables(formId, caseId, java.util.Collections.unmodifiableMap(variables)));
        }
        boolean created = tasks.upsertOpen(
                job.getKey(),
                job.getProcessInstanceKey(),
                job.getElementId(),
                formId,
                caseId,
                parseList(headers.get("io.camunda.zeebe:candidateGroups")),
                headers.get("io.camunda.zeebe:assignee"),
                parseDate(headers.get("io.camunda.zeebe:dueDate")),
                headers,
                variables,
                now());
        if (created) {
            audit.record("engine", "task.opened", caseId, job.getElementId() + " job=" + job.getKey());
        }
    }

    /** One page of the caller's task list, with how many tasks each view holds under the same filters. */
    @Transactional
    public TaskQuery.Page page(CurrentUser user, TaskQuery query) {
        releaseClaimsWithoutRole(user);
        OffsetDateTime now = now();
        var rows = tasks.page(user.subject(), user.groups(), query, now);
        String next = null;
        if (rows.size() > query.limit()) {
            rows = rows.subList(0, query.limit());
            var last = rows.getLast();
            var sortValue = query.sort() == TaskQuery.Sort.DEADLINE ? last.getDecisionDueAt() : last.getDueAt();
            next = new TaskQuery.Cursor(sortValue, last.getJobKey()).encode();
        }
        Map<String, TaskQuery.Count> counts = new java.util.LinkedHashMap<>();
        // a first page that holds all of "all in my groups" holds the other views too: count them there
        boolean wholeList = query.view() == TaskQuery.View.ALL && query.after() == null && next == null;
        for (var view : TaskQuery.View.values()) {
            int n = wholeList
                    ? (int) rows.stream().filter(r -> inView(view, r, user)).count()
                    : tasks.count(user.subject(), user.groups(), query.inView(view), now);
            counts.put(
                    view.name().toLowerCase(java.util.Locale.ROOT),
                    new TaskQuery.Count(Math.min(n, UserTaskRepository.COUNT_CAP), n > UserTaskRepository.COUNT_CAP));
        }
        return new TaskQuery.Page(rows.stream().map(tasks::view).toList(), next, counts);
    }

    private static boolean inView(TaskQuery.View view, UserTaskRecord task, CurrentUser user) {
        return switch (view) {
            case ALL -> true;
            case MINE -> user.subject().equals(task.getAssignee());
            case UNASSIGNED -> task.getAssignee() == null && task.getCandidateGroups().length > 0;
        };
    }

    @Transactional(readOnly = true)
    public UserTask get(CurrentUser user, long jobKey) {
        var task = seen(user, jobKey);
        return task.withWords(inWords(task.formId(), task.variables()));
    }

    /** The task if this person may see it (404 otherwise), without its codes in words: for the parts beside it. */
    @Transactional(readOnly = true)
    public UserTask seen(CurrentUser user, long jobKey) {
        return tasks.view(tasks.find(jobKey).filter(t -> visible(user, t)).orElseThrow(UserTaskService::notFound));
    }

    /**
     * What the form's texts show in words: option codes of the forms (a purpose, an outcome, a statement), the
     * catalogue's datasets and register holders by name, in the reader's language.
     */
    private Map<String, Object> inWords(String formId, Map<String, Object> variables) {
        Map<String, Object> words = new HashMap<>(forms.inWords(variables));
        var locale = org.springframework.context.i18n.LocaleContextHolder.getLocale();
        for (TaskContext context : contexts) {
            words.putAll(context.words(formId, variables, locale));
        }
        var names = catalogue.names(locale);
        for (var entry : Map.<String, java.util.function.Function<Object, String>>of(
                        "datasets", names::dataset, "holder", names::holder, "registerHolders", names::holder)
                .entrySet()) {
            Object value = variables.get(entry.getKey());
            if (value instanceof List<?> list) {
                words.put(
                        entry.getKey(),
                        String.join(", ", list.stream().map(entry.getValue()).toList()));
            } else if (value instanceof String id) {
                words.put(entry.getKey(), entry.getValue().apply(id));
            }
        }
        // dates and times (a permit's end, a due date) as the reader writes a date, in the authority's time zone
        var dates = java.time.format.DateTimeFormatter.ofLocalizedDate(java.time.format.FormatStyle.MEDIUM)
                .withLocale(locale);
        variables.forEach((key, value) -> {
            if (value instanceof String text && !words.containsKey(key)) {
                try {
                    words.put(
                            key, dates.format(OffsetDateTime.parse(text).atZoneSameInstant(Deadlines.AUTHORITY_ZONE)));
                } catch (DateTimeParseException notADateTime) {
                    // a text, shown as it is
                }
            }
        });
        return words;
    }

    public UserTask claim(CurrentUser user, long jobKey) {
        var task = openTask(user, jobKey);
        requireSecondPerson(user, task);
        requireNotOwnCase(user, task);
        if (task.getAssignee() != null && !task.getAssignee().equals(user.subject())) {
            throw new Refusal(HttpStatus.CONFLICT, "refusal.task.claimed");
        }
        tasks.assign(jobKey, user.subject());
        audit.record(user.subject(), "task.claimed", task.getCaseId(), task.getElementId());
        return tasks.view(tasks.find(jobKey).orElseThrow());
    }

    /**
     * Validates the answer against the task's form and closes the task with it; the job is completed in the
     * engine from the outbox after the commit ({@link UserTaskCompletion}), so the answer is never lost.
     */
    public void complete(CurrentUser user, long jobKey, Map<String, Object> data) {
        var task = openTask(user, jobKey);
        if (!user.subject().equals(task.getAssignee())) {
            throw new Refusal(HttpStatus.CONFLICT, "refusal.task.claim-first");
        }
        requireSecondPerson(user, task);
        requireNotOwnCase(user, task);
        Map<String, Object> taskVariables = tasks.variables(task);
        Map<String, Object> answer = new HashMap<>(data);
        for (String key : forms.runtimeOptionFields(task.getFormId())) {
            if (!answer.containsKey(key) && taskVariables.get(key) != null) {
                answer.put(key, taskVariables.get(key));
            }
        }
        var validated = forms.validate(task.getFormId(), answer, true, optionsIn(taskVariables));
        if (!validated.ok()) {
            throw new InvalidInputException(validated.errors());
        }
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        for (TaskContext context : contexts) {
            refused.putAll(context.check(task.getFormId(), validated.data(), taskVariables));
        }
        if (!refused.isEmpty()) {
            throw new InvalidInputException(refused);
        }
        Map<String, Object> variables = new HashMap<>(validated.data());
        variables.put(actorVariable(task.getFormId()), user.subject());
        if (!tasks.close(jobKey, "COMPLETED", user.subject(), now(), validated.data())) {
            throw new Refusal(HttpStatus.CONFLICT, "refusal.task.not-open");
        }
        events.publishEvent(new UserTaskAnswered(jobKey, variables));
        audit.record(user.subject(), "task.completed", task.getCaseId(), task.getElementId() + " " + validated.data());
        events.publishEvent(new UserTaskCompleted(
                task.getCaseId(),
                task.getFormId(),
                task.getElementId(),
                validated.data(),
                taskVariables,
                user.subject()));
    }

    /**
     * The options a task's form loads at runtime ({@code valuesKey}) are the lists of {@code {label, value}} the
     * task opened with; an answer may pick only from them.
     */
    static Map<String, java.util.Set<String>> optionsIn(Map<String, Object> variables) {
        Map<String, java.util.Set<String>> options = new HashMap<>();
        variables.forEach((key, value) -> {
            if (value instanceof List<?> list
                    && !list.isEmpty()
                    && list.stream().allMatch(o -> o instanceof Map<?, ?> m && m.containsKey("value"))) {
                options.put(
                        key,
                        list.stream()
                                .map(o -> String.valueOf(((Map<?, ?>) o).get("value")))
                                .collect(java.util.stream.Collectors.toSet()));
            }
        });
        return options;
    }

    /**
     * Keeps the engine's lock on an open task and notices tasks the engine has dropped (boundary timer,
     * termination, withdrawal): those leave the list.
     */
    public boolean refresh(long jobKey) {
        try {
            engine.newUpdateTimeoutCommand(jobKey).timeout(LOCK).send().join();
            return true;
        } catch (ClientStatusException e) {
            if (e.getStatusCode() != Status.Code.NOT_FOUND) {
                throw e;
            }
        }
        var task = tasks.find(jobKey);
        if (tasks.close(jobKey, "CANCELLED", "engine", now())) {
            log.info("Task {} was cancelled by the engine", jobKey);
            audit.record(
                    "engine",
                    "task.cancelled",
                    task.map(UserTaskRecord::getCaseId).orElse(null),
                    "job=" + jobKey);
        }
        return false;
    }

    /**
     * Four eyes: a task whose model header {@code fourEyesWith} names a variable (e.g. {@code decisionDraftBy})
     * cannot be claimed or completed by the person that variable names.
     */
    /** Gives a claimed task back to its groups: its holder, or an officer (someone is away). */
    public UserTask unclaim(CurrentUser user, long jobKey) {
        var task = openTask(user, jobKey);
        requireGroupTask(task);
        if (!user.subject().equals(task.getAssignee()) && !user.has(Role.PERMIT_OFFICER)) {
            throw new Refusal(HttpStatus.FORBIDDEN, "refusal.task.unclaim");
        }
        tasks.assign(jobKey, null);
        audit.record(
                user.subject(),
                "task.unclaimed",
                task.getCaseId(),
                task.getElementId() + " from " + task.getAssignee());
        return tasks.view(tasks.find(jobKey).orElseThrow());
    }

    /**
     * An officer gives a task to a colleague. The colleague sees and works it only while holding one of its
     * groups; the case's applicant and the person whose step this task checks (four eyes) cannot be given it.
     */
    public UserTask assign(CurrentUser user, long jobKey, String assignee) {
        if (!user.has(Role.PERMIT_OFFICER)) {
            throw new Refusal(HttpStatus.FORBIDDEN, "refusal.task.assign");
        }
        if (assignee == null || !assignee.matches("[\\w.@+-]{1,100}")) {
            throw new InvalidInputException(Map.of("assignee", messages.getMessage("task.error.assignee-name")));
        }
        var task = openTask(user, jobKey);
        requireGroupTask(task);
        Map<String, Object> variables = tasks.variables(task);
        if (assignee.equals(variables.get("applicant"))) {
            throw new InvalidInputException(Map.of("assignee", messages.getMessage("task.error.assignee-applicant")));
        }
        String fourEyes = tasks.headers(task).get("fourEyesWith");
        if (fourEyes != null && assignee.equals(variables.get(fourEyes))) {
            throw new InvalidInputException(Map.of("assignee", messages.getMessage("task.error.assignee-four-eyes")));
        }
        tasks.assign(jobKey, assignee);
        audit.record(user.subject(), "task.assigned", task.getCaseId(), task.getElementId() + " to " + assignee);
        return tasks.view(tasks.find(jobKey).orElseThrow());
    }

    /**
     * A person who no longer holds any of a task's groups loses the tasks claimed under it: they go back to the
     * groups when the person next looks at the task list (and are invisible to them at once).
     */
    private void releaseClaimsWithoutRole(CurrentUser user) {
        for (var released : tasks.releaseClaimsOutside(user.subject(), user.groups())) {
            audit.record(
                    "isaacus",
                    "task.released",
                    released.getCaseId(),
                    released.getElementId() + ": " + user.subject() + " no longer holds its groups");
        }
    }

    private static void requireGroupTask(UserTaskRecord task) {
        if (task.getCandidateGroups().length == 0) {
            throw new Refusal(HttpStatus.CONFLICT, "refusal.task.personal");
        }
    }

    /** Nobody works on a case in which they are the applicant (the applicant's own tasks aside). */
    private void requireNotOwnCase(CurrentUser user, UserTaskRecord task) {
        if (task.getCandidateGroups().length > 0
                && user.subject().equals(tasks.variables(task).get("applicant"))) {
            throw new Refusal(HttpStatus.FORBIDDEN, "refusal.task.own-case");
        }
    }

    private void requireSecondPerson(CurrentUser user, UserTaskRecord task) {
        String variable = tasks.headers(task).get("fourEyesWith");
        if (variable != null && user.subject().equals(tasks.variables(task).get(variable))) {
            throw new Refusal(HttpStatus.FORBIDDEN, "refusal.task.four-eyes");
        }
    }

    /** The variable that records who completed a form, e.g. {@code permitDecisionBy}. */
    static String actorVariable(String formId) {
        var camel = new StringBuilder();
        boolean upper = false;
        for (char c : formId.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                camel.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return camel + "By";
    }

    private UserTaskRecord openTask(CurrentUser user, long jobKey) {
        var task = tasks.lock(jobKey).filter(t -> visible(user, t)).orElseThrow(UserTaskService::notFound);
        if (!"OPEN".equals(task.getState())) {
            throw new Refusal(HttpStatus.CONFLICT, "refusal.task.closed");
        }
        return task;
    }

    /**
     * A group task is visible to its groups' members (its assignee too only while they hold a group); a task the
     * process gave to a person (the applicant's) to that person.
     */
    private static boolean visible(UserTaskRecord task, CurrentUser user) {
        if (task.getCandidateGroups().length == 0) {
            return user.subject().equals(task.getAssignee());
        }
        return List.of(task.getCandidateGroups()).stream().anyMatch(user.groups()::contains);
    }

    private static boolean visible(CurrentUser user, UserTaskRecord task) {
        return visible(task, user);
    }

    private String formId(Map<String, String> headers, String elementId) {
        String formKey = headers.get("io.camunda.zeebe:formKey");
        if (formKey == null || !formKey.matches("\\d+")) {
            throw new IllegalStateException("user task " + elementId + " has no linked form");
        }
        return deployedForms
                .formId(Long.parseLong(formKey))
                .orElseThrow(() -> new IllegalStateException("form key " + formKey + " was not deployed by this app"));
    }

    static List<String> parseList(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        String inner = json.strip().replaceAll("^\\[|]$", "");
        return inner.isBlank()
                ? List.of()
                : java.util.Arrays.stream(inner.split(","))
                        .map(s -> s.strip().replaceAll("^\"|\"$", ""))
                        .toList();
    }

    private static OffsetDateTime parseDate(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            // the engine writes e.g. 2026-12-10T00:51:20.557Z[Etc/UTC]
            return ZonedDateTime.parse(value).toOffsetDateTime();
        } catch (DateTimeParseException e) {
            log.warn("Ignoring unreadable due date {}", value);
            return null;
        }
    }

    private static ResponseStatusException notFound() {
        return new Refusal(HttpStatus.NOT_FOUND, "refusal.task.not-found");
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
