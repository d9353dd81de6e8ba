package org.isaacus.engine;

import io.camunda.zeebe.process.test.engine.EngineFactory;
import io.camunda.zeebe.process.test.filters.RecordStream;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** The in-memory Zeebe engine of Zeebe Process Test: the conformance oracle, test scope only. */
final class ZeebeTestEngine extends TestEngine {

    private final io.camunda.zeebe.process.test.api.ZeebeTestEngine engine;

    private ZeebeTestEngine(io.camunda.zeebe.process.test.api.ZeebeTestEngine engine) {
        this.engine = engine;
    }

    static ZeebeTestEngine create() {
        var engine = EngineFactory.create(freePort());
        engine.start();
        return new ZeebeTestEngine(engine);
    }

    @Override
    public String grpcAddress() {
        return "http://" + engine.getGatewayAddress();
    }

    @Override
    public void idle() {
        try {
            engine.waitForIdleState(Duration.ofSeconds(10));
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("engine did not become idle", e);
        }
    }

    @Override
    public void increaseTime(Duration duration) {
        engine.increaseTime(duration);
    }

    @Override
    public Set<String> visitedElements() {
        return records()
                .filter(r -> r.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED
                        || r.getIntent() == ProcessInstanceIntent.SEQUENCE_FLOW_TAKEN)
                .filter(r -> r.getValue().getBpmnElementType() != BpmnElementType.PROCESS)
                .map(r -> r.getValue().getElementId())
                .collect(Collectors.toSet());
    }

    @Override
    public List<String> incidents() {
        return StreamSupport.stream(
                        RecordStream.of(engine.getRecordStreamSource())
                                .incidentRecords()
                                .spliterator(),
                        false)
                .map(r -> r.getValue().getElementId() + ": " + r.getValue().getErrorMessage())
                .toList();
    }

    @Override
    public boolean completed(long processInstanceKey) {
        return records()
                .anyMatch(r -> r.getKey() == processInstanceKey
                        && r.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED
                        && r.getValue().getBpmnElementType() == BpmnElementType.PROCESS);
    }

    private Stream<
                    io.camunda.zeebe.protocol.record.Record<
                            io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue>>
            records() {
        return StreamSupport.stream(
                RecordStream.of(engine.getRecordStreamSource())
                        .processInstanceRecords()
                        .spliterator(),
                false);
    }

    private int seenElementRecords;
    private int seenIncidentRecords;

    @Override
    public List<ElementEvent> newElementEvents() {
        var all = records().toList();
        var fresh = all.subList(seenElementRecords, all.size()).stream()
                .filter(r -> r.getIntent() == ProcessInstanceIntent.ELEMENT_ACTIVATED
                        || r.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED
                        || r.getIntent() == ProcessInstanceIntent.ELEMENT_TERMINATED
                        || r.getIntent() == ProcessInstanceIntent.SEQUENCE_FLOW_TAKEN)
                .map(r -> new ElementEvent(
                        r.getValue().getProcessInstanceKey(),
                        r.getValue().getElementId(),
                        switch ((ProcessInstanceIntent) r.getIntent()) {
                            case ELEMENT_ACTIVATED -> "activated";
                            case ELEMENT_COMPLETED -> "completed";
                            case ELEMENT_TERMINATED -> "terminated";
                            default -> "taken";
                        }))
                .toList();
        seenElementRecords = all.size();
        return fresh;
    }

    @Override
    public List<Long> openIncidentKeys() {
        var records = StreamSupport.stream(
                        RecordStream.of(engine.getRecordStreamSource())
                                .incidentRecords()
                                .spliterator(),
                        false)
                .toList();
        var resolved = records.stream()
                .filter(r -> r.getIntent() == io.camunda.zeebe.protocol.record.intent.IncidentIntent.RESOLVED)
                .map(r -> r.getKey())
                .collect(Collectors.toSet());
        return records.stream()
                .filter(r -> r.getIntent() == io.camunda.zeebe.protocol.record.intent.IncidentIntent.CREATED)
                .map(r -> r.getKey())
                .filter(k -> !resolved.contains(k))
                .toList();
    }

    @Override
    public List<String> newIncidents() {
        var all = StreamSupport.stream(
                        RecordStream.of(engine.getRecordStreamSource())
                                .incidentRecords()
                                .spliterator(),
                        false)
                .toList();
        var fresh = all.subList(seenIncidentRecords, all.size()).stream()
                .filter(r -> r.getIntent() == io.camunda.zeebe.protocol.record.intent.IncidentIntent.CREATED)
                .map(r -> r.getValue().getErrorType() + " at " + r.getValue().getElementId())
                .toList();
        seenIncidentRecords = all.size();
        return fresh;
    }

    @Override
    public void close() {
        super.close();
        engine.stop();
    }
}
