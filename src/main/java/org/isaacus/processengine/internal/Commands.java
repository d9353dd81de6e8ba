package org.isaacus.processengine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.isaacus.processengine.internal.Runtime.Ctx;
import org.isaacus.processengine.internal.Tree.Inst;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * The engine's commands, each one transaction: the gateway calls them, the scheduler calls the timer and
 * time-out ones. Failures the caller must see carry a gRPC-like status.
 */
public final class Commands {

    public enum Status {
        NOT_FOUND,
        INVALID_ARGUMENT,
        FAILED_PRECONDITION,
        ALREADY_EXISTS
    }

    public static final class Refused extends RuntimeException {
        public final Status status;

        Refused(Status status, String message) {
            super(message);
            this.status = status;
        }
    }

    public record Job(
            long key,
            String type,
            long processInstanceKey,
            String bpmnProcessId,
            int processDefinitionVersion,
            long processDefinitionKey,
            String elementId,
            long elementInstanceKey,
            String customHeaders,
            String worker,
            int retries,
            long deadline,
            String variables) {}

    public record Deployed(
            String kind,
            String id,
            String name,
            int version,
            long key,
            String resourceName,
            Long parentKey,
            String parentId) {}

    public record Decision(
            List<Runtime.MatchedRule> rules,
            List<Runtime.EvaluatedInput> inputs,
            long decisionKey,
            String decisionId,
            String decisionName,
            int version,
            String requirementsId,
            long requirementsKey,
            String output,
            String failure,
            List<EvaluatedDecision> evaluated) {}

    /** A decision of the graph that was evaluated (the required ones and the one asked for). */
    public record EvaluatedDecision(
            long key,
            String id,
            String name,
            int version,
            String type,
            String output,
            List<Runtime.MatchedRule> rules,
            List<Runtime.EvaluatedInput> inputs) {}

    public record Created(long processDefinitionKey, String bpmnProcessId, int version, long processInstanceKey) {}

    private final Store store;
    private final Runtime runtime;
    private final Deployments deployments;
    private final EngineClock clock;
    private final JobSignal signal;

    Commands(Store store, Runtime runtime, Deployments deployments, EngineClock clock, JobSignal signal) {
        this.store = store;
        this.runtime = runtime;
        this.deployments = deployments;
        this.clock = clock;
        this.signal = signal;
    }

    // ---------------------------------------------------------------------------------------------------

    public long deploy(List<Deployments.Resource> resources, List<Deployed> out) {
        try {
            return store.tx(db -> {
                long key = Store.nextKey(db);
                Map<Long, String> ids = new HashMap<>();
                for (Deployments.Definition d : deployments.deploy(db, resources)) {
                    ids.put(d.key(), d.id());
                    out.add(new Deployed(
                            d.kind(),
                            d.id(),
                            d.name(),
                            d.version(),
                            d.key(),
                            d.resourceName(),
                            d.parentKey(),
                            d.parentKey() == null ? null : ids.get(d.parentKey())));
                }
                return key;
            });
        } catch (Model.UnsupportedModelException | Deployments.DeploymentRefused e) {
            throw new Refused(
                    Status.INVALID_ARGUMENT,
                    "Command 'CREATE' rejected with code 'INVALID_ARGUMENT': " + e.getMessage());
        }
    }

    public Created createInstance(long definitionKey, String processId, int version, String variablesJson) {
        Map<String, JsonNode> variables = document(variablesJson);
        Set<String> wake = new HashSet<>();
        Created created = store.tx(db -> {
            Deployments.Definition definition;
            if (definitionKey > 0) {
                definition = deployments.find(db, definitionKey);
            } else if (version > 0) {
                definition = deployments.version(db, "process", processId, version);
            } else {
                definition = deployments.latest(db, "process", processId);
            }
            if (definition == null || !definition.kind().equals("process")) {
                throw new Refused(
                        Status.NOT_FOUND,
                        "Command 'CREATE' rejected with code 'NOT_FOUND': Expected to find process definition with process ID '"
                                + processId + "', but none found");
            }
            Model.Process_ process = deployments.process(db, definition.key());
            if (process.node(process.bpmnProcessId).noneStart == null) {
                throw new Refused(
                        Status.INVALID_ARGUMENT,
                        "Command 'CREATE' rejected with code 'INVALID_ARGUMENT': Expected to create instance of process with none start event, but there is no such event");
            }
            long key = Store.nextKey(db);
            Ctx ctx = runtime.newTree(db, clock.now(), wake, key);
            runtime.startProcess(ctx, key, definition, variables, null, -1);
            ctx.finish();
            return new Created(definition.key(), definition.id(), definition.version(), key);
        });
        signal.wake(wake);
        return created;
    }

    public void cancelInstance(long processInstanceKey) {
        Set<String> wake = new HashSet<>();
        store.tx(db -> {
            Ctx ctx = lock(db, processInstanceKey, wake, "cancel", "process instance");
            Inst inst = ctx.tree.get(processInstanceKey);
            if (inst == null || !inst.isProcess()) {
                throw notFound("cancel", "process instance", processInstanceKey);
            }
            if (inst.callerKey >= 0) {
                throw new Refused(
                        Status.FAILED_PRECONDITION,
                        "Command 'CANCEL' rejected with code 'INVALID_STATE': Expected to cancel a process instance with key '"
                                + processInstanceKey
                                + "', but it is created by a parent process instance. Cancel the root process instance '"
                                + ctx.tree.rootKey + "' instead.");
            }
            runtime.terminate(ctx, inst);
            ctx.finish();
            return null;
        });
    }

    public long setVariables(long scopeKey, String variablesJson, boolean local) {
        Map<String, JsonNode> variables = document(variablesJson);
        Set<String> wake = new HashSet<>();
        return store.tx(db -> {
            Ctx ctx = lock(db, scopeKey, wake, "update", "element instance");
            Inst inst = ctx.tree.get(scopeKey);
            if (local) {
                inst.vars.putAll(variables);
            } else {
                runtime.propagate(ctx, inst, variables);
            }
            ctx.finish();
            return Store.nextKey(db);
        });
    }

    // ---------------------------------------------------------------------------------------------------
    // jobs

    public List<Job> activateJobs(String type, String worker, Duration timeout, int max, List<String> fetch) {
        if (max <= 0) {
            return List.of();
        }
        return store.tx(db -> {
            Instant now = clock.now();
            var rows = db.fetch(
                    "select key, root_key, process_instance_key, element_instance_key, element_id, bpmn_process_id,"
                            + " process_definition_key, process_definition_version, retries, custom_headers from job"
                            + " where type = ? and (state = 'activatable' and (backoff_until is null or backoff_until <= ?)"
                            + " or state = 'activated' and deadline <= ?)"
                            + " order by created_seq limit ? for update skip locked",
                    type,
                    Store.ts(now),
                    Store.ts(now),
                    max);
            List<Job> jobs = new ArrayList<>();
            Map<Long, Tree> trees = new HashMap<>();
            long deadline = now.plus(timeout).toEpochMilli();
            for (Record r : rows) {
                long key = r.get(0, Long.class);
                long root = r.get(1, Long.class);
                Tree tree = trees.computeIfAbsent(root, k -> Store.readTreeUnlocked(db, k));
                Inst inst = tree == null ? null : tree.get(r.get(3, Long.class));
                if (inst == null) {
                    continue;
                }
                Map<String, JsonNode> variables = Runtime.visibleJson(tree, inst);
                if (fetch != null && !fetch.isEmpty()) {
                    variables.keySet().retainAll(Set.copyOf(fetch));
                }
                db.execute(
                        "update job set state = 'activated', worker = ?, deadline = ?, backoff_until = null where key = ?",
                        worker,
                        Store.ts(Instant.ofEpochMilli(deadline)),
                        key);
                jobs.add(new Job(
                        key,
                        type,
                        r.get(2, Long.class),
                        r.get(5, String.class),
                        r.get(7, Integer.class),
                        r.get(6, Long.class),
                        r.get(4, String.class),
                        r.get(3, Long.class),
                        r.get(9, String.class),
                        worker,
                        r.get(8, Integer.class),
                        deadline,
                        Values.toJson(variables)));
            }
            return jobs;
        });
    }

    /** Jobs activated for a worker that went away before receiving them become activatable again. */
    public void releaseJobs(List<Long> jobKeys) {
        if (jobKeys.isEmpty()) {
            return;
        }
        List<String> types = store.tx(db -> db.fetch(
                        "update job set state = 'activatable', deadline = null, worker = null"
                                + " where key = any(?) and state = 'activated' returning type",
                        (Object) jobKeys.toArray(Long[]::new))
                .map(r -> r.get(0, String.class)));
        signal.wake(new HashSet<>(types));
    }

    public void completeJob(long jobKey, String variablesJson) {
        Map<String, JsonNode> variables = document(variablesJson);
        Set<String> wake = new HashSet<>();
        store.tx(db -> {
            JobRow job = lockJob(db, jobKey, "COMPLETE", "complete", wake);
            db.execute("delete from job where key = ?", jobKey);
            runtime.completeJob(job.ctx, job.inst, variables);
            job.ctx.finish();
            return null;
        });
        signal.wake(wake);
    }

    public void failJob(long jobKey, int retries, String message, Duration backoff, String variablesJson) {
        Map<String, JsonNode> variables = document(variablesJson);
        Set<String> wake = new HashSet<>();
        store.tx(db -> {
            JobRow job = lockJob(db, jobKey, "FAIL", "fail", wake);
            job.inst.vars.putAll(variables);
            if (retries > 0) {
                Instant until = backoff.isZero() ? null : job.ctx.now.plus(backoff);
                db.execute(
                        "update job set state = 'activatable', retries = ?, error_message = ?, backoff_until = ?, deadline = null, worker = null where key = ?",
                        retries,
                        message,
                        Store.ts(until),
                        jobKey);
                wake.add(job.type);
            } else {
                db.execute(
                        "update job set state = 'failed', retries = 0, error_message = ? where key = ?",
                        message,
                        jobKey);
                long incident = runtime.incident(
                        job.ctx,
                        job.inst,
                        "JOB_NO_RETRIES",
                        message == null || message.isBlank() ? "No more retries left." : message,
                        "job");
                db.execute("update incident set job_key = ? where key = ?", jobKey, incident);
            }
            job.ctx.finish();
            return null;
        });
        signal.wake(wake);
    }

    public void throwError(long jobKey, String code, String message, String variablesJson) {
        Map<String, JsonNode> variables = document(variablesJson);
        Set<String> wake = new HashSet<>();
        store.tx(db -> {
            JobRow job = lockJob(db, jobKey, "THROW_ERROR", "throw an error for", wake);
            boolean caught = runtime.throwError(job.ctx, job.inst, job.inst, code, message, variables);
            if (!caught) {
                db.execute("update job set state = 'failed', error_message = ? where key = ?", message, jobKey);
                db.execute("update incident set job_key = ? where key = ?", jobKey, job.inst.incidentKey);
            }
            job.ctx.finish();
            return null;
        });
        signal.wake(wake);
    }

    public void updateJobTimeout(long jobKey, Duration timeout) {
        store.tx(db -> {
            String state = Store.value(db, String.class, "select state from job where key = ? for update", jobKey);
            if (state == null) {
                throw notFound("update the timeout of", "job", jobKey);
            }
            if (!state.equals("activated")) {
                throw new Refused(
                        Status.FAILED_PRECONDITION,
                        "Command 'UPDATE_TIMEOUT' rejected with code 'INVALID_STATE': Expected to update the timeout of job with key '"
                                + jobKey + "', but it is not active");
            }
            db.execute(
                    "update job set deadline = ? where key = ?",
                    Store.ts(clock.now().plus(timeout)),
                    jobKey);
            return null;
        });
    }

    public void updateJobRetries(long jobKey, int retries) {
        if (retries < 1) {
            throw new Refused(
                    Status.INVALID_ARGUMENT,
                    "Expected to update the retries of job with key '" + jobKey + "' to a positive number, but was "
                            + retries);
        }
        store.tx(db -> {
            int updated = db.execute("update job set retries = ? where key = ?", retries, jobKey);
            if (updated == 0) {
                throw notFound("update the retries of", "job", jobKey);
            }
            return null;
        });
    }

    /** What an operator's retry does: a job that ran out of retries gets one more, then the incident is resolved. */
    public void retryIncident(long incidentKey) {
        Long jobKey = Store.value(store.plain(), Long.class, "select job_key from incident where key = ?", incidentKey);
        if (jobKey != null) {
            store.tx(db -> db.execute("update job set retries = 1 where key = ? and retries < 1", jobKey));
        }
        resolveIncident(incidentKey);
    }

    public void resolveIncident(long incidentKey) {
        Set<String> wake = new HashSet<>();
        store.tx(db -> {
            Record incident = db.fetchOne(
                    "select root_key, element_instance_key, job_key from incident where key = ?", incidentKey);
            if (incident == null) {
                throw notFound("resolve", "incident", incidentKey);
            }
            Ctx ctx = ctxFor(db, incident.get(0, Long.class), wake);
            if (ctx == null) {
                throw notFound("resolve", "incident", incidentKey);
            }
            Long jobKey = incident.get(2, Long.class);
            db.execute("delete from incident where key = ?", incidentKey);
            Inst inst = ctx.tree.get(incident.get(1, Long.class));
            if (jobKey != null) {
                Record job = db.fetchOne("select retries, type from job where key = ?", jobKey);
                if (job != null && job.get(0, Integer.class) <= 0) {
                    throw new Refused(
                            Status.FAILED_PRECONDITION,
                            "Command 'RESOLVE' rejected with code 'INVALID_STATE': Expected to resolve incident with key '"
                                    + incidentKey + "', but the job has no retries left; update its retries first");
                }
                db.execute("update job set state = 'activatable' where key = ?", jobKey);
                if (job != null) {
                    wake.add(job.get(1, String.class));
                }
                if (inst != null) {
                    inst.incidentKey = 0;
                    inst.incidentRetry = null;
                }
            } else if (inst != null) {
                runtime.retry(ctx, inst);
            }
            ctx.finish();
            return null;
        });
        signal.wake(wake);
    }

    // ---------------------------------------------------------------------------------------------------
    // messages

    private static final Duration EXPIRED_MESSAGES_KEPT = Duration.ofHours(1);

    /** Buffers the message, then correlates it, one call tree per transaction (ENGINE-NOTES §5). */
    public long publish(String name, String correlationKey, Duration ttl, String messageId, String variablesJson) {
        Map<String, JsonNode> variables = document(variablesJson);
        long messageKey = store.tx(db -> {
            Instant now = clock.now();
            Runtime.lockMessageKey(db, name, correlationKey);
            if (messageId != null && !messageId.isEmpty()) {
                Long existing = Store.value(
                        db,
                        Long.class,
                        "select key from message where name = ? and correlation_key = ? and message_id = ? and deadline > ?",
                        name,
                        correlationKey,
                        messageId,
                        Store.ts(now));
                if (existing != null) {
                    throw new Refused(
                            Status.ALREADY_EXISTS,
                            "Command 'PUBLISH' rejected with code 'ALREADY_EXISTS': Expected to publish a new message with id '"
                                    + messageId + "', but a message with that id was already published");
                }
            }
            long key = Store.nextKey(db);
            db.execute(
                    "insert into message (key, name, correlation_key, message_id, variables, deadline) values (?, ?, ?, ?, cast(? as json), ?)",
                    key,
                    name,
                    correlationKey,
                    messageId == null || messageId.isEmpty() ? null : messageId,
                    Values.toJson(variables),
                    Store.ts(now.plus(ttl)));
            return key;
        });
        Set<String> wake = new HashSet<>();
        // subscriptions, one tree at a time
        List<Record> subscriptions = store.plain()
                .fetch(
                        "select key, root_key from message_subscription where message_name = ? and correlation_key = ? order by key",
                        name,
                        correlationKey);
        Set<Long> roots = new java.util.LinkedHashSet<>();
        subscriptions.forEach(r -> roots.add(r.get(1, Long.class)));
        for (long root : roots) {
            store.tx(db -> {
                Ctx ctx = ctxFor(db, root, wake);
                if (ctx == null) {
                    return null;
                }
                Runtime.lockMessageKey(db, name, correlationKey);
                if (Store.value(db, Integer.class, "select count(*) from message where key = ?", messageKey) == 0) {
                    return null;
                }
                List<Long> keys = db.fetch(
                                "select key from message_subscription where root_key = ? and message_name = ? and correlation_key = ? order by key",
                                root,
                                name,
                                correlationKey)
                        .map(r -> r.get(0, Long.class));
                for (long subscription : keys) {
                    runtime.correlate(ctx, subscription, messageKey, variables);
                }
                ctx.finish();
                return null;
            });
        }
        // message start events of the latest process versions
        store.tx(db -> {
            Instant now = clock.now();
            for (Deployments.Definition definition : deployments.latestProcesses(db)) {
                for (Model.Node start :
                        deployments.process(db, definition.key()).messageStarts()) {
                    if (start.messageName.equals(name)) {
                        Runtime.lockMessageKey(db, definition.id(), correlationKey);
                        runtime.startByMessage(
                                db, now, wake, definition, start, messageKey, correlationKey, variables, null);
                        break;
                    }
                }
            }
            if (ttl.isZero() || ttl.isNegative()) {
                db.execute("delete from message_correlation where message_key = ?", messageKey);
                db.execute("delete from message where key = ?", messageKey);
            }
            return null;
        });
        signal.wake(wake);
        return messageKey;
    }

    /**
     * Correlates buffered messages that wait for an open subscription or a message start: after a crash
     * between a publish and its correlation, and for starts that waited for the instance of their key to end.
     */
    public int correlatePending() {
        Instant now = clock.now();
        int correlated = 0;
        Set<String> wake = new HashSet<>();
        var pending = store.plain()
                .fetch(
                        "select s.key, s.root_key, m.key, m.name, m.correlation_key, m.variables from message_subscription s"
                                + " join message m on m.name = s.message_name and m.correlation_key = s.correlation_key"
                                + " where m.deadline > ? and not exists (select 1 from message_correlation c"
                                + " where c.message_key = m.key and c.target = s.process_instance_key::text)"
                                + " order by m.key limit 100",
                        Store.ts(now));
        for (Record r : pending) {
            long subscription = r.get(0, Long.class);
            long messageKey = r.get(2, Long.class);
            String name = r.get(3, String.class);
            String correlationKey = r.get(4, String.class);
            Map<String, JsonNode> variables = Values.parseDocument(r.get(5, String.class));
            boolean done = store.tx(db -> {
                Ctx ctx = ctxFor(db, r.get(1, Long.class), wake);
                if (ctx == null) {
                    return false;
                }
                Runtime.lockMessageKey(db, name, correlationKey);
                if (Store.value(db, Long.class, "select key from message where key = ?", messageKey) == null) {
                    return false;
                }
                boolean result = runtime.correlate(ctx, subscription, messageKey, variables);
                ctx.finish();
                return result;
            });
            correlated += done ? 1 : 0;
        }
        correlated += store.tx(db -> {
            int started = 0;
            for (Deployments.Definition definition : deployments.latestProcesses(db)) {
                for (Model.Node start :
                        deployments.process(db, definition.key()).messageStarts()) {
                    var waiting = db.fetch(
                            "select m.key, m.correlation_key, m.variables from message m where m.name = ? and m.deadline > ?"
                                    + " and m.key > ? and not exists (select 1 from message_correlation c"
                                    + " where c.message_key = m.key and c.target = ?) and not exists (select 1 from"
                                    + " message_start_lock l where l.bpmn_process_id = ? and l.correlation_key = m.correlation_key)"
                                    + " order by m.key limit 20",
                            start.messageName,
                            Store.ts(now),
                            definition.key(),
                            "start:" + definition.id(),
                            definition.id());
                    for (Record m : waiting) {
                        String correlationKey = m.get(1, String.class);
                        Runtime.lockMessageKey(db, definition.id(), correlationKey);
                        if (runtime.startByMessage(
                                db,
                                now,
                                wake,
                                definition,
                                start,
                                m.get(0, Long.class),
                                correlationKey,
                                Values.parseDocument(m.get(2, String.class)),
                                null)) {
                            started++;
                        }
                    }
                }
            }
            return started;
        });
        signal.wake(wake);
        return correlated;
    }

    // ---------------------------------------------------------------------------------------------------
    // decisions

    public Decision evaluateDecision(long decisionKey, String decisionId, String variablesJson) {
        Map<String, Object> variables = Values.toJava(document(variablesJson));
        return store.tx(db -> {
            Deployments.Definition decision = decisionKey > 0
                    ? deployments.find(db, decisionKey)
                    : deployments.latest(db, "decision", decisionId);
            if (decision == null || !decision.kind().equals("decision")) {
                throw new Refused(
                        Status.NOT_FOUND,
                        "Command 'EVALUATE' rejected with code 'NOT_FOUND': Expected to evaluate decision '"
                                + (decisionKey > 0 ? Long.toString(decisionKey) : decisionId)
                                + "', but no decision found for id '" + decisionId + "'");
            }
            Deployments.Definition requirements = deployments.find(db, decision.parentKey());
            try {
                Runtime.DecisionResult result = runtime.evaluateDecision(db, decision, variables);
                List<EvaluatedDecision> evaluated = result.evaluated().stream()
                        .map(e -> {
                            var definition = e.id().equals(decision.id())
                                    ? decision
                                    : deployments.latest(db, "decision", e.id());
                            return new EvaluatedDecision(
                                    definition == null ? decision.key() : definition.key(),
                                    e.id(),
                                    e.name(),
                                    definition == null ? decision.version() : definition.version(),
                                    e.type(),
                                    e.output().toString(),
                                    e.rules(),
                                    e.inputs());
                        })
                        .toList();
                return new Decision(
                        result.rules(),
                        result.inputs(),
                        decision.key(),
                        decision.id(),
                        decision.name(),
                        decision.version(),
                        requirements.id(),
                        requirements.key(),
                        result.output().toString(),
                        null,
                        evaluated);
            } catch (Runtime.DecisionFailed e) {
                return new Decision(
                        List.of(),
                        List.of(),
                        decision.key(),
                        decision.id(),
                        decision.name(),
                        decision.version(),
                        requirements.id(),
                        requirements.key(),
                        "null",
                        e.getMessage(),
                        List.of());
            }
        });
    }

    // ---------------------------------------------------------------------------------------------------
    // time: timers and job time-outs

    /** Fires every timer that is due; returns how many fired. */
    public int fireDueTimers() {
        int fired = 0;
        while (true) {
            Instant now = clock.now();
            List<Record> due = store.plain()
                    .fetch(
                            "select key, root_key from timer where due_at <= ? order by due_at, key limit 100",
                            Store.ts(now));
            if (due.isEmpty()) {
                return fired;
            }
            Set<String> wake = new HashSet<>();
            for (Record timer : due) {
                long key = timer.get(0, Long.class);
                long root = timer.get(1, Long.class);
                boolean done = store.tx(db -> {
                    Ctx ctx = ctxFor(db, root, wake);
                    if (ctx == null) {
                        db.execute("delete from timer where key = ?", key);
                        return false;
                    }
                    Record still = db.fetchOne(
                            "select due_at from timer where key = ? and due_at <= ?", key, Store.ts(ctx.now));
                    if (still == null) {
                        return false;
                    }
                    runtime.fireTimer(ctx, key);
                    ctx.finish();
                    return true;
                });
                if (done) {
                    fired++;
                }
            }
            signal.wake(wake);
        }
    }

    /** Makes jobs whose activation timed out, or whose back-off ended, activatable again; wakes their workers. */
    public int releaseTimedOutJobs() {
        Instant now = clock.now();
        var types = store.tx(db -> db.fetch(
                        "update job set state = 'activatable', deadline = null, worker = null"
                                + " where state = 'activated' and deadline <= ? returning type",
                        Store.ts(now))
                .map(r -> r.get(0, String.class)));
        var backedOff = store.tx(db -> db.fetch(
                        "update job set backoff_until = null where state = 'activatable' and backoff_until <= ? returning type",
                        Store.ts(now))
                .map(r -> r.get(0, String.class)));
        Set<String> wake = new HashSet<>(types);
        wake.addAll(backedOff);
        signal.wake(wake);
        return wake.size();
    }

    /**
     * Deletes messages an hour after their lifetime ended. Every reader checks the deadline itself; the hour is
     * for the publishes still correlating them: a message without time to live expires as it is inserted, and
     * deleting it then lost it for the instances its publish had yet to reach.
     */
    public int deleteExpiredMessages() {
        return store.tx(db -> {
            Instant now = clock.now().minus(EXPIRED_MESSAGES_KEPT);
            db.execute(
                    "delete from message_correlation c using message m where c.message_key = m.key and m.deadline <= ?",
                    Store.ts(now));
            return db.execute("delete from message where deadline <= ?", Store.ts(now));
        });
    }

    /** The earliest timer due, for the scheduler to sleep until. */
    public Instant nextTimer() {
        var due = Store.value(store.plain(), java.time.OffsetDateTime.class, "select min(due_at) from timer");
        return due == null ? null : due.toInstant();
    }

    // ---------------------------------------------------------------------------------------------------

    private record JobRow(Ctx ctx, Inst inst, String type) {}

    /** Locks the job's call tree and the job; a job held by an incident (state failed) refuses the command. */
    private JobRow lockJob(DSLContext db, long jobKey, String command, String verb, Set<String> wake) {
        Long root = Store.value(db, Long.class, "select root_key from job where key = ?", jobKey);
        if (root == null) {
            throw notFound(verb, "job", jobKey);
        }
        Ctx ctx = ctxFor(db, root, wake);
        Record job = db.fetchOne("select element_instance_key, state, type from job where key = ? for update", jobKey);
        if (ctx == null || job == null) {
            throw notFound(verb, "job", jobKey);
        }
        Inst inst = ctx.tree.get(job.get(0, Long.class));
        if (inst == null) {
            throw notFound(verb, "job", jobKey);
        }
        if (job.get(1, String.class).equals("failed")) {
            throw new Refused(
                    Status.FAILED_PRECONDITION,
                    "Command '" + command + "' rejected with code 'INVALID_STATE': Expected to " + verb
                            + " job with key '" + jobKey + "', but it is in state 'FAILED'");
        }
        return new JobRow(ctx, inst, job.get(2, String.class));
    }

    private Ctx ctxFor(DSLContext db, long root, Set<String> wake) {
        Tree tree = Store.lockTree(db, root);
        return tree == null ? null : runtime.new Ctx(db, tree, clock.now(), false, wake);
    }

    private Ctx lock(DSLContext db, long key, Set<String> wake, String verb, String what) {
        Long root = Store.rootOf(db, key);
        Ctx ctx = root == null ? null : ctxFor(db, root, wake);
        if (ctx == null || ctx.tree.get(key) == null) {
            throw notFound(verb, what, key);
        }
        return ctx;
    }

    private static Refused notFound(String verb, String what, long key) {
        return new Refused(
                Status.NOT_FOUND,
                "Command rejected with code 'NOT_FOUND': Expected to " + verb + " " + what + " with key '" + key
                        + "', but no such " + what + " was found");
    }

    private static Map<String, JsonNode> document(String json) {
        try {
            return Values.parseDocument(json);
        } catch (IllegalArgumentException e) {
            throw new Refused(Status.INVALID_ARGUMENT, "Property 'variables' is invalid: " + e.getMessage());
        }
    }

    /** Incidents, for admins and tests. */
    public List<Map<String, Object>> incidents() {
        return store.plain()
                .fetch(
                        "select key, process_instance_key, element_id, error_type, error_message, job_key from incident order by key")
                .map(r -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("key", r.get(0, Long.class));
                    m.put("processInstanceKey", r.get(1, Long.class));
                    m.put("elementId", r.get(2, String.class));
                    m.put("errorType", r.get(3, String.class));
                    m.put("errorMessage", r.get(4, String.class));
                    m.put("jobKey", r.get(5, Long.class));
                    return m;
                });
    }
}
