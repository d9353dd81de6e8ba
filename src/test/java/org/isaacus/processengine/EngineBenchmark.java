package org.isaacus.processengine;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.worker.JobWorker;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.isaacus.engine.ProcessDriver;
import org.isaacus.engine.TestEngine;

/**
 * Full permit lifecycles (submission → completeness → fee → four-eyes decision → compilation → delivery →
 * access granted) with automated workers, on Zeebe Process Test's engine and on the Isaacus engine in one run.
 * Reports lifecycles per second, the time from a completed user task to the next one of the same case being
 * handed to a worker (p50, p99), and heap after the run. Run by hand: src/build/benchmark.sh engine [cases].
 * Not a test: figures go to docs/benchmarks.md.
 */
public final class EngineBenchmark {

    private static final Map<String, Map<String, Object>> ANSWERS = Map.of(
            "Task_CheckCompleteness", Map.of("completeness", "complete"),
            "Task_AcceptFee", Map.of("feeDecision", "accept"),
            "Task_DraftDecision", Map.of("outcome", "grant", "decisionDraftBy", "olli"),
            "Task_ApproveDecision", Map.of("approval", "approve", "decisionApprovalBy", "oona"),
            "Task_ApproveDataset", Map.of("datasetApproval", "approve"));

    public static void main(String[] args) throws Exception {
        int cases = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        List<String> report = new ArrayList<>();
        for (String kind : List.of("zeebe", "isaacus", "zeebe", "isaacus")) {
            try (TestEngine engine = kind.equals("zeebe") ? TestEngine.startZeebe() : TestEngine.startIsaacus()) {
                engine.deployModels();
                List<JobWorker> workers = workers(engine.client());
                measure(kind, engine.client(), Math.min(20, cases)); // warm-up, not reported
                report.add(measure(kind, engine.client(), cases));
                report.add(measureOneAtATime(kind, engine.client(), Math.min(50, cases)));
                workers.forEach(JobWorker::close);
            }
        }
        System.out.println();
        System.out.println(
                "| engine | run | lifecycles | seconds | lifecycles/s | next task p50 | next task p99 | heap after GC |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        report.forEach(System.out::println);
        System.exit(0);
    }

    /** What the workers report into: replaced for each measured run. */
    private record Measure(CountDownLatch inForce, Map<String, Long> taskDoneAt, List<Long> nextTaskNanos) {
        Measure(int cases) {
            this(new CountDownLatch(cases), new ConcurrentHashMap<>(), Collections.synchronizedList(new ArrayList<>()));
        }
    }

    private static final AtomicReference<Measure> CURRENT = new AtomicReference<>(new Measure(0));

    /** Workers like the app's: one per job type, polling (long polling where the engine does it). */
    private static List<JobWorker> workers(CamundaClient client) {
        Function<Duration, String> in = d -> DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                Instant.now().plus(d).atOffset(ZoneOffset.UTC));
        var standIns = ProcessDriver.standIns(client, in, Collections.synchronizedList(new ArrayList<>()));
        List<JobWorker> workers = new ArrayList<>();
        for (var entry : standIns.entrySet()) {
            workers.add(client.newWorker()
                    .jobType(entry.getKey())
                    .handler((jobClient, job) -> {
                        var variables = entry.getValue().apply(job);
                        jobClient
                                .newCompleteCommand(job.getKey())
                                .variables(variables)
                                .send()
                                .join();
                        if (entry.getKey().equals("grant-spe-access")) {
                            CURRENT.get().inForce().countDown();
                        }
                    })
                    .maxJobsActive(32)
                    .timeout(Duration.ofMinutes(5))
                    .pollInterval(Duration.ofMillis(100))
                    .requestTimeout(Duration.ofSeconds(10))
                    .open());
        }
        workers.add(client.newWorker()
                .jobType(ProcessDriver.USER_TASK)
                .handler((jobClient, job) -> {
                    Measure measure = CURRENT.get();
                    String caseId = String.valueOf(job.getVariablesAsMap().get("caseId"));
                    Long done = measure.taskDoneAt().remove(caseId);
                    if (done != null) {
                        measure.nextTaskNanos().add(System.nanoTime() - done);
                    }
                    Map<String, Object> answer = ANSWERS.getOrDefault(job.getElementId(), Map.of());
                    jobClient
                            .newCompleteCommand(job.getKey())
                            .variables(answer)
                            .send()
                            .join();
                    measure.taskDoneAt().put(caseId, System.nanoTime());
                })
                .maxJobsActive(32)
                .timeout(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(100))
                .requestTimeout(Duration.ofSeconds(10))
                .open());
        return workers;
    }

    /** All cases submitted at once: throughput, and task-to-task latency under that load. */
    private static String measure(String kind, CamundaClient client, int cases) throws InterruptedException {
        Measure measure = new Measure(cases);
        CURRENT.set(measure);
        long started = System.nanoTime();
        for (int i = 0; i < cases; i++) {
            submit(client);
        }
        boolean finished = measure.inForce().await(30, TimeUnit.MINUTES);
        return line(kind, "all at once", cases, finished, started, measure);
    }

    /** One case at a time: task-to-task latency of an engine that is not queueing. */
    private static String measureOneAtATime(String kind, CamundaClient client, int cases) throws InterruptedException {
        Measure measure = new Measure(cases);
        CURRENT.set(measure);
        long started = System.nanoTime();
        boolean finished = true;
        for (int i = 0; i < cases; i++) {
            long before = measure.inForce().getCount();
            submit(client);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (measure.inForce().getCount() == before && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            finished &= measure.inForce().getCount() < before;
        }
        return line(kind, "one at a time", cases, finished, started, measure);
    }

    private static void submit(CamundaClient client) {
        client.newPublishMessageCommand()
                .messageName("application-submitted")
                .correlationKey(UUID.randomUUID().toString())
                .variables(submission())
                .send()
                .join();
    }

    private static String line(String kind, String run, int cases, boolean finished, long started, Measure measure) {
        double seconds = (System.nanoTime() - started) / 1e9;
        System.gc();
        long heap = (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20;
        List<Long> sorted = new ArrayList<>(measure.nextTaskNanos());
        Collections.sort(sorted);
        String line = String.format(
                "| %s | %s | %d%s | %.1f | %.1f | %d ms | %d ms | %d MB |",
                kind,
                run,
                cases,
                finished ? "" : " (not all finished)",
                seconds,
                cases / seconds,
                percentile(sorted, 0.50) / 1_000_000,
                percentile(sorted, 0.99) / 1_000_000,
                heap);
        System.out.println(line);
        return line;
    }

    private static Map<String, Object> submission() {
        String caseId = UUID.randomUUID().toString();
        Map<String, Object> variables = new HashMap<>();
        variables.put("caseId", caseId);
        variables.put("applicant", "aino");
        variables.put("applicationType", "data-permit");
        variables.put("purpose", "scientific-research");
        variables.put("healthData", true);
        variables.put("medicalResearch", false);
        variables.put("registerHolders", List.of());
        variables.put("datasets", List.of("care-register"));
        variables.put("renewals", 0);
        variables.put("title", "Benchmark " + caseId);
        return variables;
    }

    private static long percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
