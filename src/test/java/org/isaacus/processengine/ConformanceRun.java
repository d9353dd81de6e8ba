package org.isaacus.processengine;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.isaacus.engine.TestEngine;

/**
 * One scenario on one engine, written down as a trace that does not depend on the engine's keys or order:
 * each step's outcome (gRPC status), the jobs it made activatable (type, element, headers, retries, variables),
 * the element lifecycle it caused and the incidents it raised. The same scenario on Zeebe and on the Isaacus
 * engine must give the same trace.
 */
final class ConformanceRun implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    final TestEngine engine;
    private final List<String> trace = new ArrayList<>();
    private final Map<Long, String> names = new HashMap<>();

    ConformanceRun(TestEngine engine) {
        this.engine = engine;
    }

    List<String> trace() {
        return trace;
    }

    /** A key as an ordinal of first appearance, the same on both engines when the steps are the same. */
    String name(long key) {
        return names.computeIfAbsent(key, k -> "#" + (names.size() + 1));
    }

    void deploy(BpmnModelInstance... models) {
        step("deploy", () -> {
            var command = engine.client().newDeployResourceCommand();
            var step = command.addProcessModel(models[0], "m0.bpmn");
            for (int i = 1; i < models.length; i++) {
                step = step.addProcessModel(models[i], "m" + i + ".bpmn");
            }
            step.send().join();
            return "";
        });
    }

    long start(String processId, Map<String, Object> variables) {
        long[] key = {0};
        step("start " + processId, () -> {
            key[0] = engine.client()
                    .newCreateInstanceCommand()
                    .bpmnProcessId(processId)
                    .latestVersion()
                    .variables(variables)
                    .send()
                    .join()
                    .getProcessInstanceKey();
            return name(key[0]);
        });
        return key[0];
    }

    /** Activates every job of the type that is activatable now, and writes them down. */
    List<ActivatedJob> jobs(String type) {
        List<ActivatedJob> jobs = engine.client()
                .newActivateJobsCommand()
                .jobType(type)
                .maxJobsToActivate(100)
                .timeout(Duration.ofDays(1))
                .requestTimeout(Duration.ofMillis(-1))
                .send()
                .join()
                .getJobs();
        List<String> lines = new ArrayList<>();
        List<ActivatedJob> sorted = new ArrayList<>(jobs);
        sorted.sort((a, b) -> describe(a).compareTo(describe(b)));
        for (ActivatedJob job : sorted) {
            lines.add(describe(job));
        }
        trace.add("jobs " + type + ": " + lines);
        return sorted;
    }

    /** Dates made from wall time differ between two runs by the seconds between them: compared as "<date>". */
    private static final java.util.regex.Pattern DATE =
            java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}T[0-9:.]+(Z|[+-]\\d{2}:\\d{2})?(\\[[^\\]]+\\])?");

    private String describe(ActivatedJob job) {
        Map<String, String> headers = new TreeMap<>(job.getCustomHeaders());
        headers.computeIfPresent("io.camunda.zeebe:formKey", (k, v) -> "<form key>");
        String text = job.getType() + " at " + job.getElementId() + " retries " + job.getRetries() + " headers "
                + headers + " variables " + new TreeMap<>(job.getVariablesAsMap());
        return DATE.matcher(text).replaceAll("<date>");
    }

    /** Activates the jobs of the type; writes them down only when there are some. */
    List<ActivatedJob> jobsIfAny(String type) {
        int before = trace.size();
        List<ActivatedJob> jobs = jobs(type);
        if (jobs.isEmpty()) {
            trace.remove(before);
        }
        return jobs;
    }

    /** Gives an activated job back unchanged, so a later activation sees it again. */
    void release(ActivatedJob job) {
        try {
            engine.client()
                    .newFailCommand(job.getKey())
                    .retries(job.getRetries())
                    .send()
                    .join();
        } catch (ClientStatusException e) {
            trace.add("release " + job.getElementId() + ": " + e.getStatusCode().name());
        }
    }

    void complete(ActivatedJob job, Map<String, Object> variables) {
        step("complete " + job.getElementId(), () -> {
            engine.client()
                    .newCompleteCommand(job.getKey())
                    .variables(variables)
                    .send()
                    .join();
            return "";
        });
    }

    void fail(ActivatedJob job, int retries, String message) {
        step("fail " + job.getElementId() + " retries " + retries, () -> {
            engine.client()
                    .newFailCommand(job.getKey())
                    .retries(retries)
                    .errorMessage(message)
                    .send()
                    .join();
            return "";
        });
    }

    void throwError(ActivatedJob job, String code, Map<String, Object> variables) {
        step("throw " + code + " at " + job.getElementId(), () -> {
            engine.client()
                    .newThrowErrorCommand(job.getKey())
                    .errorCode(code)
                    .errorMessage("thrown by the test")
                    .variables(variables)
                    .send()
                    .join();
            return "";
        });
    }

    void publish(String name, String correlationKey, Duration ttl, String messageId, Map<String, Object> variables) {
        step("publish " + name + "/" + correlationKey + (messageId == null ? "" : " id " + messageId), () -> {
            var command = engine.client()
                    .newPublishMessageCommand()
                    .messageName(name)
                    .correlationKey(correlationKey)
                    .timeToLive(ttl)
                    .variables(variables);
            if (messageId != null) {
                command = command.messageId(messageId);
            }
            command.send().join();
            return "";
        });
    }

    void setVariables(long scopeKey, Map<String, Object> variables, boolean local) {
        step("set variables on " + name(scopeKey) + (local ? " locally" : ""), () -> {
            engine.client()
                    .newSetVariablesCommand(scopeKey)
                    .variables(variables)
                    .local(local)
                    .send()
                    .join();
            return "";
        });
    }

    void cancel(long processInstanceKey) {
        step("cancel " + name(processInstanceKey), () -> {
            engine.client().newCancelInstanceCommand(processInstanceKey).send().join();
            return "";
        });
    }

    void time(Duration duration) {
        step("time +" + duration, () -> {
            engine.increaseTime(duration);
            return "";
        });
    }

    void step(String what, Supplier<String> action) {
        String outcome;
        try {
            outcome = "OK " + action.get();
        } catch (ClientStatusException e) {
            outcome = e.getStatusCode().name();
        }
        engine.idle();
        trace.add(what + ": " + outcome.trim());
        observe();
    }

    /** The element lifecycle and incidents since the last step, as a sorted list (order within a step may differ). */
    void observe() {
        engine.idle();
        List<String> events = new ArrayList<>();
        for (var event : engine.newElementEvents()) {
            events.add(event.elementId() + " " + event.event());
        }
        events.sort(String::compareTo);
        if (!events.isEmpty()) {
            trace.add("  elements: " + events);
        }
        List<String> incidents = new ArrayList<>(engine.newIncidents());
        incidents.sort(String::compareTo);
        if (!incidents.isEmpty()) {
            trace.add("  incidents: " + incidents);
        }
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        engine.close();
    }
}
