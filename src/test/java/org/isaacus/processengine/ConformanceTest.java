package org.isaacus.processengine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.isaacus.engine.TestEngine;
import org.junit.jupiter.api.Test;

/**
 * The differential conformance suite: each scenario runs on Zeebe Process Test (the real Zeebe engine, test
 * scope only) and on the Isaacus engine through the same Camunda client, and the traces must be equal. Each
 * small model pins one of the rules ENGINE-NOTES calls risky.
 */
class ConformanceTest {

    private static void sameOnBothEngines(Consumer<ConformanceRun> scenario) {
        List<String> zeebe;
        List<String> isaacus;
        try (var run = new ConformanceRun(TestEngine.startZeebe())) {
            scenario.accept(run);
            zeebe = run.trace();
        }
        try (var run = new ConformanceRun(TestEngine.startIsaacus())) {
            scenario.accept(run);
            isaacus = run.trace();
        }
        assertThat(String.join("\n", isaacus))
                .as("trace on the Isaacus engine (expected: the trace on Zeebe)")
                .isEqualTo(String.join("\n", zeebe));
    }

    private static ActivatedJob only(List<ActivatedJob> jobs) {
        assertThat(jobs).hasSize(1);
        return jobs.getFirst();
    }

    @Test
    void outputMappingsAndPropagation() {
        BpmnModelInstance model = Bpmn.createExecutableProcess("vars")
                .startEvent()
                .serviceTask(
                        "mapped",
                        t -> t.zeebeJobType("mapped")
                                .zeebeInputExpression("a + 1", "local")
                                .zeebeOutputExpression("result * 2", "doubled"))
                .serviceTask("plain", t -> t.zeebeJobType("plain").zeebeInputExpression("a", "a"))
                .subProcess(
                        "sub",
                        s -> s.embeddedSubProcess()
                                .startEvent()
                                .serviceTask("inner", t -> t.zeebeJobType("inner"))
                                .endEvent())
                .zeebeInputExpression("0", "subLocal")
                .serviceTask("probe", t -> t.zeebeJobType("probe"))
                .endEvent()
                .done();
        sameOnBothEngines(run -> {
            run.deploy(model);
            run.start("vars", Map.of("a", 1, "b", "x"));
            run.complete(only(run.jobs("mapped")), Map.of("result", 21, "local", 99, "b", "y"));
            // "a" is local to the task (input mapping): the job's "a" stays there and is lost with it
            run.complete(only(run.jobs("plain")), Map.of("a", 5, "c", List.of(1, 2)));
            run.complete(only(run.jobs("inner")), Map.of("subLocal", 7, "fromInner", true));
            run.complete(only(run.jobs("probe")), Map.of());
        });
    }

    @Test
    void multiInstanceCallActivityWithOutputMappingsAndCollection() {
        BpmnModelInstance parent = Bpmn.createExecutableProcess("parent")
                .startEvent()
                .callActivity(
                        "call",
                        c -> c.zeebeProcessId("child")
                                .zeebePropagateAllChildVariables(false)
                                .zeebeInputExpression("null", "answer")
                                .zeebeOutputExpression("answer", "answer")
                                .multiInstance(m -> m.parallel()
                                        .zeebeInputCollectionExpression("items")
                                        .zeebeInputElement("item")
                                        .zeebeOutputCollection("answers")
                                        .zeebeOutputElementExpression("{item: item, answer: answer}")))
                .serviceTask("probe", t -> t.zeebeJobType("probe"))
                .endEvent()
                .done();
        BpmnModelInstance child = Bpmn.createExecutableProcess("child")
                .startEvent()
                .serviceTask("work", t -> t.zeebeJobType("work"))
                .endEvent()
                .done();
        sameOnBothEngines(run -> {
            run.deploy(parent, child);
            run.start("parent", Map.of("items", List.of("a", "b", "c")));
            for (ActivatedJob job : run.jobs("work")) {
                run.complete(
                        job, Map.of("answer", "for " + job.getVariablesAsMap().get("item"), "other", 1));
            }
            run.complete(only(run.jobs("probe")), Map.of());
            run.start("parent", Map.of("items", List.of()));
            run.complete(only(run.jobs("probe")), Map.of());
        });
    }

    @Test
    void messagesBufferedDeduplicatedAndCorrelatedOncePerInstance() {
        BpmnModelInstance model = Bpmn.createExecutableProcess("waiting")
                .startEvent()
                .serviceTask("before", t -> t.zeebeJobType("before"))
                .receiveTask("wait")
                .message(m -> m.name("go").zeebeCorrelationKeyExpression("id"))
                .exclusiveGateway("again")
                .defaultFlow()
                .serviceTask("probe", t -> t.zeebeJobType("probe"))
                .endEvent()
                .moveToLastExclusiveGateway()
                .conditionExpression("loops < 2")
                .serviceTask("loop", t -> t.zeebeJobType("loop"))
                .connectTo("wait")
                .done();
        sameOnBothEngines(run -> {
            run.deploy(model);
            run.start("waiting", Map.of("id", "k1", "loops", 0));
            run.publish("go", "k1", Duration.ofHours(1), "m1", Map.of("payload", 1));
            run.publish("go", "k1", Duration.ofHours(1), "m1", Map.of("payload", 2)); // ALREADY_EXISTS
            run.publish("go", "other", Duration.ZERO, null, Map.of("payload", 3)); // nobody waits: gone
            run.complete(only(run.jobs("before")), Map.of());
            // the buffered message reached the receive task; in the loop it does not correlate again
            run.complete(only(run.jobs("loop")), Map.of("loops", 1));
            run.publish("go", "k1", Duration.ZERO, null, Map.of("payload", 4));
            run.complete(only(run.jobs("loop")), Map.of("loops", 2));
            run.publish("go", "k1", Duration.ZERO, null, Map.of("payload", 5));
            run.complete(only(run.jobs("probe")), Map.of());
        });
    }

    @Test
    void messageStartAdmitsOneInstancePerCorrelationKey() {
        BpmnModelInstance model = Bpmn.createExecutableProcess("started")
                .startEvent("start")
                .message(m -> m.name("begin").zeebeCorrelationKeyExpression("id"))
                .serviceTask("work", t -> t.zeebeJobType("work"))
                .endEvent()
                .done();
        sameOnBothEngines(run -> {
            run.deploy(model);
            run.publish("begin", "k1", Duration.ofHours(1), null, Map.of("n", 1));
            run.publish("begin", "k1", Duration.ofHours(1), null, Map.of("n", 2));
            run.publish("begin", "k2", Duration.ofHours(1), null, Map.of("n", 3));
            for (ActivatedJob job : run.jobs("work")) {
                run.complete(job, Map.of());
            }
            // the second message for k1 started its instance when the first ended
            for (ActivatedJob job : run.jobs("work")) {
                run.complete(job, Map.of());
            }
            run.jobs("work");
        });
    }

    @Test
    void interruptingMessageOverACallActivityTerminatesTheChild() {
        BpmnModelInstance parent = Bpmn.createExecutableProcess("caller")
                .startEvent()
                .callActivity("call", c -> c.zeebeProcessId("called"))
                .boundaryEvent("stop", b -> b.message(m -> m.name("stop").zeebeCorrelationKeyExpression("id")))
                .serviceTask("stopped", t -> t.zeebeJobType("stopped"))
                .endEvent()
                .moveToActivity("call")
                .endEvent()
                .done();
        BpmnModelInstance child = Bpmn.createExecutableProcess("called")
                .startEvent()
                .userTask("task", u -> u.zeebeCandidateGroups("a, b").zeebeAssigneeExpression("who"))
                .endEvent()
                .done();
        sameOnBothEngines(run -> {
            run.deploy(parent, child);
            run.start("caller", Map.of("id", "c1", "who", "olli"));
            ActivatedJob task = only(run.jobs("io.camunda.zeebe:userTask"));
            run.publish("stop", "c1", Duration.ZERO, null, Map.of("why", "withdrawn"));
            run.complete(task, Map.of()); // the job went with the child: NOT_FOUND
            run.complete(only(run.jobs("stopped")), Map.of());
        });
    }

    @Test
    void timersOnAMultiInstanceBodyAndACycleOnATask() {
        BpmnModelInstance model = Bpmn.createExecutableProcess("timed")
                .startEvent()
                .userTask(
                        "ask",
                        u -> u.multiInstance(m -> m.parallel()
                                .zeebeInputCollectionExpression("holders")
                                .zeebeInputElement("holder")))
                .boundaryEvent("late", b -> b.cancelActivity(true).timerWithDuration("PT2H"))
                .serviceTask("escalate", t -> t.zeebeJobType("escalate"))
                .endEvent()
                .moveToActivity("ask")
                .serviceTask("slow", t -> t.zeebeJobType("slow"))
                .boundaryEvent("remind", b -> b.cancelActivity(false).timerWithCycle("R2/PT30M"))
                .serviceTask("reminder", t -> t.zeebeJobType("reminder"))
                .endEvent()
                .moveToActivity("slow")
                .endEvent()
                .done();
        sameOnBothEngines(run -> {
            run.deploy(model);
            run.start("timed", Map.of("holders", List.of("thl", "kela")));
            List<ActivatedJob> asks = run.jobs("io.camunda.zeebe:userTask");
            run.complete(asks.getFirst(), Map.of("answer", 1));
            run.time(Duration.ofHours(3));
            run.complete(asks.get(1), Map.of()); // the body was interrupted: NOT_FOUND
            run.complete(only(run.jobs("escalate")), Map.of());
            run.start("timed", Map.of("holders", List.of("thl")));
            run.complete(only(run.jobs("io.camunda.zeebe:userTask")), Map.of());
            ActivatedJob slow = only(run.jobs("slow"));
            run.time(Duration.ofMinutes(31));
            run.time(Duration.ofMinutes(31));
            run.time(Duration.ofMinutes(31)); // the cycle ran twice, not three times
            for (ActivatedJob job : run.jobs("reminder")) {
                run.complete(job, Map.of());
            }
            run.complete(slow, Map.of());
        });
    }

    @Test
    void conditionsWithMissingVariablesTakeTheDefaultOrRaiseAnIncident() {
        BpmnModelInstance model = Bpmn.createExecutableProcess("choice")
                .startEvent()
                .exclusiveGateway("decide")
                .conditionExpression("approval = \"approve\"")
                .serviceTask("yes", t -> t.zeebeJobType("yes"))
                .endEvent()
                .moveToLastExclusiveGateway()
                .defaultFlow()
                .exclusiveGateway("strict")
                .conditionExpression("count > 3")
                .endEvent("many")
                .moveToLastExclusiveGateway()
                .conditionExpression("count <= 3")
                .endEvent("few")
                .done();
        sameOnBothEngines(run -> {
            run.deploy(model);
            run.start("choice", Map.of("approval", "approve"));
            run.complete(only(run.jobs("yes")), Map.of());
            run.start("choice", Map.of("count", 5));
            run.start("choice", Map.of()); // no approval: default; no count: no flow, an incident
        });
    }

    @Test
    void parallelBranchesJoin() {
        BpmnModelInstance model = Bpmn.createExecutableProcess("parallel")
                .startEvent()
                .parallelGateway("fork")
                .serviceTask("left", t -> t.zeebeJobType("left"))
                .parallelGateway("join")
                .serviceTask("after", t -> t.zeebeJobType("after"))
                .endEvent()
                .moveToNode("fork")
                .serviceTask("right", t -> t.zeebeJobType("right"))
                .connectTo("join")
                .done();
        sameOnBothEngines(run -> {
            run.deploy(model);
            run.start("parallel", Map.of());
            run.complete(only(run.jobs("right")), Map.of("r", 1));
            run.jobs("after");
            run.complete(only(run.jobs("left")), Map.of("l", 1));
            run.complete(only(run.jobs("after")), Map.of());
        });
    }

    @Test
    void errorsThrownByJobsAndEndEventsAndTerminateEnd() {
        BpmnModelInstance model = Bpmn.createExecutableProcess("errors")
                .startEvent()
                .subProcess(
                        "sub",
                        s -> s.embeddedSubProcess()
                                .startEvent()
                                .serviceTask("risky", t -> t.zeebeJobType("risky"))
                                .exclusiveGateway("ok")
                                .conditionExpression("fine = true")
                                .endEvent()
                                .moveToLastExclusiveGateway()
                                .defaultFlow()
                                .endEvent("fail", e -> e.error("BAD")))
                .boundaryEvent("caught", b -> b.error("BAD"))
                .serviceTask("handle", t -> t.zeebeJobType("handle"))
                .endEvent()
                .moveToActivity("sub")
                .parallelGateway("both")
                .serviceTask("one", t -> t.zeebeJobType("one"))
                .endEvent("stopAll", e -> e.terminate())
                .moveToNode("both")
                .serviceTask("two", t -> t.zeebeJobType("two"))
                .endEvent()
                .done();
        sameOnBothEngines(run -> {
            run.deploy(model);
            run.start("errors", Map.of());
            run.throwError(only(run.jobs("risky")), "BAD", Map.of("reason", "thrown"));
            run.complete(only(run.jobs("handle")), Map.of());
            run.start("errors", Map.of());
            run.complete(only(run.jobs("risky")), Map.of("fine", false)); // error end event, caught
            run.complete(only(run.jobs("handle")), Map.of());
            run.start("errors", Map.of());
            run.throwError(only(run.jobs("risky")), "OTHER", Map.of()); // nobody catches it: incident
            run.start("errors", Map.of("fine", true));
            run.complete(only(run.jobs("risky")), Map.of());
            ActivatedJob two = only(run.jobs("two"));
            run.complete(only(run.jobs("one")), Map.of()); // terminate end: "two" goes
            run.complete(two, Map.of());
        });
    }

    @Test
    void eventSubprocessAndEventBasedGateway() {
        BpmnModelInstance model = Bpmn.createExecutableProcess("events")
                .eventSubProcess(
                        "withdrawal",
                        e -> e.startEvent("withdrawn")
                                .interrupting(true)
                                .message(m -> m.name("withdraw").zeebeCorrelationKeyExpression("id"))
                                .serviceTask("close", t -> t.zeebeJobType("close"))
                                .endEvent())
                .startEvent()
                .serviceTask("work", t -> t.zeebeJobType("work"))
                .eventBasedGateway("either")
                .intermediateCatchEvent(
                        "appeal", c -> c.message(m -> m.name("appeal").zeebeCorrelationKeyExpression("id")))
                .serviceTask("court", t -> t.zeebeJobType("court"))
                .endEvent()
                .moveToNode("either")
                .intermediateCatchEvent("period", c -> c.timerWithDurationExpression("period"))
                .endEvent("final")
                .done();
        sameOnBothEngines(run -> {
            run.deploy(model);
            run.start("events", Map.of("id", "e1", "period", "P30D"));
            run.complete(only(run.jobs("work")), Map.of());
            run.publish("appeal", "e1", Duration.ZERO, null, Map.of("court", "HAO"));
            run.complete(only(run.jobs("court")), Map.of());
            run.start("events", Map.of("id", "e2", "period", "P30D"));
            run.complete(only(run.jobs("work")), Map.of());
            run.time(Duration.ofDays(31));
            run.start("events", Map.of("id", "e3", "period", "P30D"));
            run.jobs("work");
            run.publish("withdraw", "e3", Duration.ZERO, null, Map.of("by", "applicant"));
            run.complete(only(run.jobs("close")), Map.of());
        });
    }

    @Test
    void failuresRetriesIncidentsAndUnknownKeys() {
        BpmnModelInstance model = Bpmn.createExecutableProcess("failing")
                .startEvent()
                .serviceTask("flaky", t -> t.zeebeJobType("flaky").zeebeJobRetries("2"))
                .endEvent()
                .done();
        sameOnBothEngines(run -> {
            run.deploy(model);
            long instance = run.start("failing", Map.of("x", 1));
            run.fail(only(run.jobs("flaky")), 1, "first");
            ActivatedJob last = only(run.jobs("flaky"));
            run.fail(last, 0, "second");
            run.jobs("flaky"); // nothing: an incident holds it
            run.complete(last, Map.of()); // a failed job cannot be completed
            run.setVariables(instance, Map.of("x", 2), false);
            run.cancel(instance);
            run.cancel(instance); // gone: NOT_FOUND
            run.step("complete an unknown job", () -> {
                run.engine.client().newCompleteCommand(1234L).send().join();
                return "";
            });
        });
    }

    @Test
    void jobTimeoutsMessageLifetimesTimersOnLoopsAndResolvedIncidents() {
        BpmnModelInstance model = Bpmn.createExecutableProcess("lifetimes")
                .startEvent()
                .serviceTask("slow", t -> t.zeebeJobType("slow").zeebeJobRetries("1"))
                .receiveTask("wait")
                .message(m -> m.name("late").zeebeCorrelationKeyExpression("id"))
                .serviceTask("review", t -> t.zeebeJobType("review"))
                .boundaryEvent("nudge", b -> b.cancelActivity(false).timerWithDuration("PT1H"))
                .endEvent("nudged")
                .moveToActivity("review")
                .exclusiveGateway("again")
                .defaultFlow()
                .endEvent()
                .moveToLastExclusiveGateway()
                .conditionExpression("round < 2")
                .connectTo("review")
                .done();
        sameOnBothEngines(run -> {
            run.deploy(model);
            run.start("lifetimes", Map.of("id", "l1", "round", 0));
            // a message that lives 1 hour is gone two days later
            run.publish("late", "l1", Duration.ofHours(1), null, Map.of("n", 1));
            // an activated job whose lock (one day) ran out is handed out again
            ActivatedJob slow = only(run.jobs("slow"));
            run.time(Duration.ofDays(2));
            run.fail(only(run.jobs("slow")), 0, "gave up");
            run.step("update retries and resolve", () -> {
                var client = run.engine.client();
                client.newUpdateRetriesCommand(slow.getKey()).retries(1).send().join();
                for (long incident : run.engine.openIncidentKeys()) {
                    client.newResolveIncidentCommand(incident).send().join();
                }
                return "";
            });
            run.complete(only(run.jobs("slow")), Map.of());
            run.publish("late", "l1", Duration.ofHours(1), null, Map.of("n", 2));
            // a timer on a task in a loop is armed again each time round
            run.complete(only(run.jobs("review")), Map.of("round", 1));
            run.time(Duration.ofMinutes(90));
            run.complete(only(run.jobs("review")), Map.of("round", 2));
        });
    }
}
