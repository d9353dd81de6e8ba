package org.isaacus.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Drives processes on the test engine like the app's workers and people would: service-task jobs are answered
 * by stand-in workers (overridable per test), user tasks are completed one by one, time can be moved on.
 */
public class ProcessDriver implements AutoCloseable {

    public static final String USER_TASK = "io.camunda.zeebe:userTask";

    private final TestEngine engine = TestEngine.start();
    private final Map<String, Function<ActivatedJob, Map<String, Object>>> workers = new HashMap<>();
    private final List<String> statuses = new ArrayList<>();
    private Duration travelled = Duration.ZERO;
    /** User tasks of other cases (left by earlier tests) are not this test's business. */
    private String currentCase;

    /** Statuses are those of the current case, from when it became current. */
    public void currentCase(String caseId) {
        if (!java.util.Objects.equals(caseId, currentCase)) {
            statuses.clear();
        }
        this.currentCase = caseId;
    }

    private boolean ofCurrentCase(ActivatedJob job) {
        return currentCase == null || currentCase.equals(job.getVariablesAsMap().get("caseId"));
    }

    public ProcessDriver() {
        engine.deployModels();
        workers.putAll(standIns(engine.client(), this::in, statuses));
        workers.put("update-case-status", job -> {
            if (ofCurrentCase(job)) {
                statuses.add(job.getCustomHeaders().get("status"));
            }
            return Map.of();
        });
    }

    /**
     * Stand-ins for the app's service-task workers: each answers with what the model branches on, dates relative
     * to engine time. Shared with the engine benchmark.
     */
    public static Map<String, Function<ActivatedJob, Map<String, Object>>> standIns(
            io.camunda.client.CamundaClient client, Function<Duration, String> in, List<String> statuses) {
        Map<String, Function<ActivatedJob, Map<String, Object>>> workers = new HashMap<>();
        workers.put("calculate-due-date", job -> {
            var result = new HashMap<String, Object>();
            result.put(job.getCustomHeaders().get("resultVariable"), in.apply(Duration.ofDays(10)));
            if (job.getCustomHeaders().containsKey("reminderVariable")) {
                result.put(job.getCustomHeaders().get("reminderVariable"), in.apply(Duration.ofDays(7)));
            }
            return result;
        });
        workers.put(
                "start-legal-clock",
                job -> Map.of(
                        "decisionDueAt",
                        in.apply(Duration.ofDays(90)),
                        "decisionWarnAt",
                        in.apply(Duration.ofDays(76))));
        workers.put("update-case-status", job -> {
            statuses.add(job.getCustomHeaders().get("status"));
            return Map.of();
        });
        workers.put("lookup-ethics-statement", job -> Map.of("ethicsStatementFound", false));
        workers.put(
                "record-ethics-statement",
                job -> "true".equals(job.getCustomHeaders().get("missing"))
                        ? Map.of("ethicsOutcome", "missing")
                        : Map.of());
        workers.put(
                "generate-decision-document",
                job -> Map.of(
                        "validUntil", in.apply(Duration.ofDays(400)), "appealEndsAt", in.apply(Duration.ofDays(33))));
        workers.put("extend-validity", job -> {
            int renewals = ((Number) job.getVariablesAsMap().getOrDefault("renewals", 0)).intValue();
            String until = in.apply(Duration.ofDays(765));
            validityChanged(client, job, until);
            return Map.of("validUntil", until, "renewals", renewals + 1);
        });
        workers.put("amend-permit", job -> {
            var variables = job.getVariablesAsMap();
            client.newPublishMessageCommand()
                    .messageName("permit-amended")
                    .correlationKey(String.valueOf(variables.get("existingPermit")))
                    .timeToLive(Duration.ofMinutes(5))
                    .variables(Map.of("amendedValidUntil", "2030-01-31", "amendingCase", variables.get("caseId")))
                    .send()
                    .join();
            return Map.of();
        });
        workers.put("record-amendment", job -> {
            String until = in.apply(Duration.ofDays(900));
            validityChanged(client, job, until);
            return Map.of("validUntil", until);
        });
        for (String type : List.of(
                "send-notification",
                "record-invoice",
                "publish-permit",
                "record-appeal",
                "record-court-outcome",
                "stop-legal-clock",
                "issue-revocation-decision",
                "order-extraction",
                "pseudonymise-and-link",
                "deliver-to-spe",
                "grant-spe-access",
                "revoke-spe-access",
                "delete-spe-data")) {
            workers.put(type, job -> Map.of());
        }
        return workers;
    }

    /** As the app's workers do when a permit's end moves: the waiting permit sets its timers again. */
    private static void validityChanged(io.camunda.client.CamundaClient client, ActivatedJob job, String until) {
        client.newPublishMessageCommand()
                .messageName("permit-validity-changed")
                .correlationKey(String.valueOf(job.getVariablesAsMap().get("caseId")))
                .timeToLive(Duration.ZERO)
                .variables(Map.of("validUntil", until))
                .send()
                .join();
    }

    public ProcessDriver worker(String type, Function<ActivatedJob, Map<String, Object>> worker) {
        workers.put(type, worker);
        return this;
    }

    public TestEngine engine() {
        return engine;
    }

    /** Engine time, which moves with {@link #travel(Duration)}. */
    public Instant now() {
        return Instant.now().plus(travelled);
    }

    public String in(Duration duration) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                now().plus(duration).atOffset(ZoneOffset.UTC));
    }

    public void travel(Duration duration) {
        engine.idle();
        engine.increaseTime(duration);
        travelled = travelled.plus(duration);
        engine.idle();
    }

    public List<String> statuses() {
        return statuses;
    }

    public void publish(String message, String correlationKey, Map<String, Object> variables) {
        // a message lives no time: the process must be waiting for it, so let it get there first (jobs a last
        // settling round created are worked now)
        runWorkers();
        engine.client()
                .newPublishMessageCommand()
                .messageName(message)
                .correlationKey(correlationKey)
                .timeToLive(Duration.ZERO)
                .variables(variables)
                .send()
                .join();
        engine.idle();
    }

    public long start(String processId, Map<String, Object> variables) {
        long key = engine.client()
                .newCreateInstanceCommand()
                .bpmnProcessId(processId)
                .latestVersion()
                .variables(variables)
                .send()
                .join()
                .getProcessInstanceKey();
        engine.idle();
        return key;
    }

    /** Answers every service-task job until only people (or timers, or messages) can move the process. */
    public void runWorkers() {
        boolean worked = true;
        while (worked) {
            worked = false;
            engine.idle();
            for (var entry : workers.entrySet()) {
                for (ActivatedJob job : activate(entry.getKey(), 32)) {
                    try {
                        engine.client()
                                .newCompleteCommand(job.getKey())
                                .variables(entry.getValue().apply(job))
                                .send()
                                .join();
                    } catch (io.camunda.client.api.command.ClientStatusException e) {
                        // as a real worker: the job's element was interrupted meanwhile (a revocation)
                        if (e.getStatusCode() != io.grpc.Status.Code.NOT_FOUND) {
                            throw e;
                        }
                    }
                    worked = true;
                }
            }
        }
        engine.idle();
    }

    /** Completes the open user task of that element (the first, if several), then runs the workers. */
    public ActivatedJob complete(String elementId, Map<String, Object> answer) {
        ActivatedJob task = take(elementId);
        engine.client()
                .newCompleteCommand(task.getKey())
                .variables(answer)
                .send()
                .join();
        runWorkers();
        return task;
    }

    /** All open user tasks of that element in the current case, without taking them. */
    public List<ActivatedJob> userTasks(String elementId) {
        runWorkers();
        List<ActivatedJob> open = activateAllUserTasks();
        open.forEach(this::release);
        return open.stream()
                .filter(this::ofCurrentCase)
                .filter(j -> j.getElementId().equals(elementId))
                .toList();
    }

    /** Looks at the open user task of that element without taking it. */
    public ActivatedJob userTask(String elementId) {
        ActivatedJob task = take(elementId);
        release(task);
        return task;
    }

    private ActivatedJob take(String elementId) {
        runWorkers();
        List<ActivatedJob> open = activateAllUserTasks();
        ActivatedJob found = null;
        for (ActivatedJob job : open) {
            if (found == null && job.getElementId().equals(elementId) && ofCurrentCase(job)) {
                found = job;
            } else {
                release(job);
            }
        }
        assertThat(found)
                .as(
                        "user task %s; open: %s; incidents: %s",
                        elementId, open.stream().map(ActivatedJob::getElementId).toList(), engine.incidents())
                .isNotNull();
        return found;
    }

    public List<String> openUserTasks() {
        runWorkers();
        List<ActivatedJob> open = activateAllUserTasks();
        open.forEach(this::release);
        return open.stream()
                .filter(this::ofCurrentCase)
                .map(ActivatedJob::getElementId)
                .sorted()
                .toList();
    }

    public boolean completed(long processInstanceKey) {
        engine.idle();
        return engine.completed(processInstanceKey);
    }

    /** Every flow node and sequence flow of the file was passed by the tests so far. */
    public void assertEveryElementVisited(String bpmnFile) {
        var model = Bpmn.readModelFromFile(
                TestEngine.PROJECT.resolve("processes").resolve(bpmnFile).toFile());
        Set<String> all = Stream.concat(
                        model.getModelElementsByType(FlowNode.class).stream(),
                        model.getModelElementsByType(SequenceFlow.class).stream())
                .map(e -> e.getAttributeValue("id"))
                .collect(Collectors.toSet());
        Set<String> visited = new HashSet<>(engine.visitedElements());
        // the engine writes no "taken" record for the flows behind an event-based gateway: the event stands for it
        model.getModelElementsByType(SequenceFlow.class).stream()
                .filter(f -> f.getSource() instanceof io.camunda.zeebe.model.bpmn.instance.EventBasedGateway)
                .filter(f -> visited.contains(f.getTarget().getId()))
                .forEach(f -> visited.add(f.getId()));
        Set<String> missed = new HashSet<>(all);
        missed.removeAll(visited);
        assertThat(missed).as("elements of %s no test passed through", bpmnFile).isEmpty();
    }

    /** Counts elements of the file that the tests passed, as figures for the notes. */
    public String coverage(String bpmnFile) {
        var model = Bpmn.readModelFromFile(
                TestEngine.PROJECT.resolve("processes").resolve(bpmnFile).toFile());
        long nodes = model.getModelElementsByType(FlowNode.class).size();
        long flows = model.getModelElementsByType(SequenceFlow.class).size();
        return bpmnFile + ": " + nodes + " flow nodes, " + flows + " sequence flows";
    }

    /**
     * Every open user task: tests leave the tasks of their own cases open, so one batch could miss the current
     * case's (it did, once more than 32 were open).
     */
    private List<ActivatedJob> activateAllUserTasks() {
        List<ActivatedJob> all = new ArrayList<>();
        List<ActivatedJob> batch;
        do {
            batch = activate(USER_TASK, 100);
            all.addAll(batch);
        } while (!batch.isEmpty());
        return all;
    }

    private List<ActivatedJob> activate(String type, int max) {
        return engine.client()
                .newActivateJobsCommand()
                .jobType(type)
                .maxJobsToActivate(max)
                .timeout(Duration.ofDays(365))
                .requestTimeout(Duration.ofMillis(-1)) // no long polling: the driver asks every type in turn
                .send()
                .join()
                .getJobs();
    }

    /** Gives a job back at once (same retries, no back-off) so a later activation sees it again. */
    private void release(ActivatedJob job) {
        engine.client()
                .newFailCommand(job.getKey())
                .retries(job.getRetries())
                .send()
                .join();
    }

    @Override
    public void close() {
        engine.close();
    }
}
