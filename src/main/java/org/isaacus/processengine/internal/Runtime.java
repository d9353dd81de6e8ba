package org.isaacus.processengine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.camunda.dmn.DmnEngine;
import org.isaacus.processengine.internal.Model.Kind;
import org.isaacus.processengine.internal.Model.Node;
import org.isaacus.processengine.internal.Tree.Inst;
import org.isaacus.processengine.internal.Tree.Wait;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * The interpreter: what happens to a call tree when an element is activated, completed, terminated or
 * triggered. Always runs inside the transaction of one command, holding the lock of that call tree; jobs,
 * timers and subscriptions are rows written in the same transaction, so a crash leaves either all of a step
 * or none of it.
 */
final class Runtime {

    static final String USER_TASK_JOB = "io.camunda.zeebe:userTask";

    private final Deployments deployments;
    private final Expressions expressions;
    private final DmnEngine dmn;

    Runtime(Deployments deployments, Expressions expressions, DmnEngine dmn) {
        this.deployments = deployments;
        this.expressions = expressions;
        this.dmn = dmn;
    }

    /** What one command does to one call tree. */
    final class Ctx {
        final DSLContext db;
        final Tree tree;
        final Instant now;
        final boolean isNew;
        final Set<String> wakeJobTypes;
        final Deque<Runnable> deferred = new ArrayDeque<>();
        final List<Ctx> started = new ArrayList<>();

        Ctx(DSLContext db, Tree tree, Instant now, boolean isNew, Set<String> wakeJobTypes) {
            this.db = db;
            this.tree = tree;
            this.now = now;
            this.isNew = isNew;
            this.wakeJobTypes = wakeJobTypes;
        }

        /** Runs deferred steps, then stores the tree and every tree started on the way. */
        void finish() {
            while (!deferred.isEmpty()) {
                deferred.poll().run();
            }
            Store.saveTree(db, tree, isNew);
            for (Ctx other : started) {
                other.finish();
            }
        }

        Model.Process_ process(Inst inst) {
            return deployments.process(db, inst.processDefinitionKey);
        }

        Node node(Inst inst) {
            return process(inst).node(inst.elementId);
        }

        long key() {
            return Store.nextKey(db);
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // process instances

    Ctx newTree(DSLContext db, Instant now, Set<String> wake, long rootKey) {
        Tree tree = new Tree();
        tree.rootKey = rootKey;
        return new Ctx(db, tree, now, true, wake);
    }

    /** Creates and starts a process instance at its none start event (or the given start event). */
    Inst startProcess(
            Ctx ctx,
            long key,
            Deployments.Definition definition,
            Map<String, JsonNode> variables,
            String startEventId,
            long callerKey) {
        Model.Process_ process = deployments.process(ctx.db, definition.key());
        Inst inst = new Inst();
        inst.key = key;
        inst.processInstanceKey = key;
        inst.processDefinitionKey = definition.key();
        inst.bpmnProcessId = definition.id();
        inst.version = definition.version();
        inst.elementId = process.bpmnProcessId;
        inst.kind = Kind.PROCESS;
        inst.callerKey = callerKey;
        inst.vars.putAll(variables);
        ctx.tree.instances.put(key, inst);
        markActivated(ctx, inst);
        Node root = process.node(process.bpmnProcessId);
        openEventSubProcesses(ctx, inst, root);
        String start = startEventId != null ? startEventId : root.noneStart;
        activate(ctx, inst, process.node(start), Map.of());
        return inst;
    }

    // ---------------------------------------------------------------------------------------------------
    // activation

    void activate(Ctx ctx, Inst scope, Node node, Map<String, JsonNode> triggerVars) {
        Inst inst = newInst(ctx, scope, node);
        if (node.multiInstance) {
            inst.kind = Kind.MULTI_INSTANCE_BODY;
        }
        if (inst.isBody()) {
            activateBody(ctx, inst, node);
        } else {
            enter(ctx, inst, node, triggerVars);
        }
    }

    private Inst newInst(Ctx ctx, Inst scope, Node node) {
        Inst inst = new Inst();
        inst.key = ctx.key();
        inst.processInstanceKey = scope.processInstanceKey;
        inst.processDefinitionKey = scope.processDefinitionKey;
        inst.bpmnProcessId = scope.bpmnProcessId;
        inst.version = scope.version;
        inst.elementId = node.id;
        inst.kind = node.kind;
        inst.flowScopeKey = scope.key;
        ctx.tree.instances.put(inst.key, inst);
        return inst;
    }

    /** Input mappings, boundary events, then what the element itself does. */
    private void enter(Ctx ctx, Inst inst, Node node, Map<String, JsonNode> triggerVars) {
        try {
            for (Model.Mapping input : node.inputs) {
                Object value = expressions.value(input.source(), visible(ctx, inst));
                inst.vars.put(input.target(), Values.toJson(value));
            }
        } catch (RuntimeException e) {
            incident(ctx, inst, "IO_MAPPING_ERROR", e.getMessage(), "enter");
            return;
        }
        if (!isInner(ctx, inst)) {
            if (!openBoundaries(ctx, inst, node)) {
                return;
            }
        }
        behave(ctx, inst, node, triggerVars);
    }

    private boolean isInner(Ctx ctx, Inst inst) {
        Inst scope = ctx.tree.get(inst.flowScopeKey);
        return scope != null && scope.isBody() && scope.elementId.equals(inst.elementId);
    }

    private void behave(Ctx ctx, Inst inst, Node node, Map<String, JsonNode> triggerVars) {
        switch (node.kind) {
            case START_EVENT, BOUNDARY_EVENT -> complete(ctx, inst, triggerVars);
            case END_EVENT -> {
                markActivated(ctx, inst);
                if (node.error) {
                    throwError(ctx, ctx.tree.get(inst.flowScopeKey), inst, node.errorCode, "", Map.of());
                } else if (node.terminate) {
                    Inst scope = ctx.tree.get(inst.flowScopeKey);
                    for (Inst sibling : ctx.tree.children(scope.key)) {
                        if (sibling.key != inst.key) {
                            terminate(ctx, sibling);
                        }
                    }
                    scope.joins.clear();
                    complete(ctx, inst, Map.of());
                } else {
                    complete(ctx, inst, Map.of());
                }
            }
            case SERVICE_TASK, USER_TASK -> createJob(ctx, inst, node);
            case BUSINESS_RULE_TASK -> evaluateDecisionTask(ctx, inst, node);
            case CALL_ACTIVITY -> callProcess(ctx, inst, node);
            case RECEIVE_TASK, INTERMEDIATE_CATCH_EVENT -> {
                if (openWait(ctx, inst, inst, node)) {
                    markActivated(ctx, inst);
                }
            }
            case SUB_PROCESS -> {
                markActivated(ctx, inst);
                openEventSubProcesses(ctx, inst, node);
                activate(ctx, inst, ctx.process(inst).node(node.noneStart), Map.of());
            }
            case EVENT_SUB_PROCESS -> {
                markActivated(ctx, inst);
                activate(ctx, inst, ctx.process(inst).node(node.noneStart), triggerVars);
            }
            case EXCLUSIVE_GATEWAY -> chooseFlow(ctx, inst, node);
            case PARALLEL_GATEWAY -> complete(ctx, inst, Map.of());
            case EVENT_BASED_GATEWAY -> {
                Model.Process_ process = ctx.process(inst);
                for (Model.Flow flow : node.outgoing) {
                    if (!openWait(ctx, inst, inst, process.node(flow.target()))) {
                        return;
                    }
                }
                markActivated(ctx, inst);
            }
            default -> throw new IllegalStateException("cannot activate " + node.kind);
        }
    }

    private void activateBody(Ctx ctx, Inst body, Node node) {
        Object collection;
        try {
            collection = expressions.value(node.inputCollection, visible(ctx, ctx.tree.get(body.flowScopeKey)));
        } catch (RuntimeException e) {
            incident(ctx, body, "EXTRACT_VALUE_ERROR", e.getMessage(), "enter");
            return;
        }
        JsonNode items = Values.toJson(collection);
        if (!items.isArray()) {
            incident(
                    ctx,
                    body,
                    "EXTRACT_VALUE_ERROR",
                    "Expected result of the expression '" + node.inputCollection.substring(1)
                            + "' to be 'ARRAY', but was '" + items.getNodeType() + "'.",
                    "enter");
            return;
        }
        if (node.outputCollection != null && !node.outputCollection.isBlank()) {
            ArrayNode nulls = Values.NODES.arrayNode();
            items.forEach(i -> nulls.addNull());
            body.vars.put(node.outputCollection, nulls);
        }
        if (!openBoundaries(ctx, body, node)) {
            return;
        }
        markActivated(ctx, body);
        body.pendingInner = items.size();
        if (items.isEmpty()) {
            complete(ctx, body, Map.of());
            return;
        }
        int counter = 0;
        for (JsonNode item : items) {
            counter++;
            Inst inner = newInst(ctx, body, node);
            inner.loopCounter = counter;
            if (node.inputElement != null && !node.inputElement.isBlank()) {
                inner.vars.put(node.inputElement, item);
            }
            inner.vars.put("loopCounter", Values.NODES.numberNode(counter));
            enter(ctx, inner, node, Map.of());
            if (!ctx.tree.instances.containsKey(body.key)) {
                return; // an inner instance ended the body (an error caught outside)
            }
        }
    }

    private void chooseFlow(Ctx ctx, Inst inst, Node node) {
        Model.Flow chosen = null;
        try {
            Map<String, Object> variables = visible(ctx, inst);
            for (Model.Flow flow : node.outgoing) {
                if (flow.condition() != null && expressions.condition(flow.condition(), variables)) {
                    chosen = flow;
                    break;
                }
            }
        } catch (RuntimeException e) {
            incident(ctx, inst, "EXTRACT_VALUE_ERROR", e.getMessage(), "enter");
            return;
        }
        if (chosen == null && node.defaultFlow != null) {
            chosen = ctx.process(inst).flows.get(node.defaultFlow);
        }
        if (chosen == null
                && node.outgoing.size() == 1
                && node.outgoing.getFirst().condition() == null) {
            chosen = node.outgoing.getFirst();
        }
        if (chosen == null) {
            incident(
                    ctx,
                    inst,
                    "CONDITION_ERROR",
                    "Expected at least one condition to evaluate to true, or to have a default flow",
                    "enter");
            return;
        }
        Model.Flow flow = chosen;
        completeThen(ctx, inst, Map.of(), scope -> takeFlow(ctx, scope, flow));
    }

    // ---------------------------------------------------------------------------------------------------
    // jobs

    private void createJob(Ctx ctx, Inst inst, Node node) {
        Map<String, Object> variables = visible(ctx, inst);
        String type;
        int retries;
        Map<String, String> headers = new LinkedHashMap<>(node.headers);
        try {
            type = String.valueOf(expressions.value(node.jobType, variables));
            Object r = expressions.value(node.retries == null ? "3" : node.retries, variables);
            retries = r instanceof Number n
                    ? n.intValue()
                    : Integer.parseInt(String.valueOf(r).trim());
            if (node.kind == Kind.USER_TASK) {
                userTaskHeaders(ctx, node, variables, headers);
            }
        } catch (RuntimeException e) {
            incident(
                    ctx,
                    inst,
                    e instanceof FormMissing ? "FORM_NOT_FOUND" : "EXTRACT_VALUE_ERROR",
                    e.getMessage(),
                    "enter");
            return;
        }
        long key = ctx.key();
        inst.jobKey = key;
        ctx.db.execute(
                "insert into job (key, root_key, process_instance_key, element_instance_key, element_id, bpmn_process_id,"
                        + " process_definition_key, process_definition_version, type, state, retries, custom_headers)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'activatable', ?, cast(? as json))",
                key,
                ctx.tree.rootKey,
                inst.processInstanceKey,
                inst.key,
                inst.elementId,
                inst.bpmnProcessId,
                inst.processDefinitionKey,
                inst.version,
                type,
                retries,
                Values.JSON.valueToTree(headers).toString());
        ctx.wakeJobTypes.add(type);
        markActivated(ctx, inst);
    }

    static final class FormMissing extends RuntimeException {
        FormMissing(String message) {
            super(message);
        }
    }

    /** The headers Zeebe writes on a job-based user task (ENGINE-NOTES §4), only when defined. */
    private void userTaskHeaders(Ctx ctx, Node node, Map<String, Object> variables, Map<String, String> headers) {
        if (node.formId != null) {
            Deployments.Definition form = deployments.latest(ctx.db, "form", node.formId);
            if (form == null) {
                throw new FormMissing("Expected to find a form with id '" + node.formId
                        + "', but no form with this id is found, at least a form with this id should be available.");
            }
            headers.put("io.camunda.zeebe:formKey", Long.toString(form.key()));
        }
        if (node.assignee != null && !node.assignee.isBlank()) {
            Object assignee = expressions.value(node.assignee, variables);
            if (assignee != null) {
                headers.put("io.camunda.zeebe:assignee", String.valueOf(assignee));
            }
        }
        putList(headers, "io.camunda.zeebe:candidateGroups", node.candidateGroups, variables);
        putList(headers, "io.camunda.zeebe:candidateUsers", node.candidateUsers, variables);
        putDate(headers, "io.camunda.zeebe:dueDate", node.dueDate, variables);
        putDate(headers, "io.camunda.zeebe:followUpDate", node.followUpDate, variables);
    }

    private void putList(Map<String, String> headers, String name, String attribute, Map<String, Object> variables) {
        if (attribute == null || attribute.isBlank()) {
            return;
        }
        JsonNode list;
        if (Expressions.isExpression(attribute)) {
            list = Values.toJson(expressions.value(attribute, variables));
            if (list.isNull()) {
                return;
            }
            if (!list.isArray()) {
                throw new Expressions.EvaluationException("Expected result of the expression '" + attribute.substring(1)
                        + "' to be 'ARRAY', but was '" + list.getNodeType() + "'.");
            }
        } else {
            ArrayNode items = Values.NODES.arrayNode();
            for (String item : attribute.split(",")) {
                items.add(item.trim());
            }
            list = items;
        }
        headers.put(name, list.toString());
    }

    private void putDate(Map<String, String> headers, String name, String attribute, Map<String, Object> variables) {
        if (attribute == null || attribute.isBlank()) {
            return;
        }
        Object value = expressions.value(attribute, variables);
        if (value == null) {
            return;
        }
        ZonedDateTime date = value instanceof ZonedDateTime z ? z : ZonedDateTime.parse(String.valueOf(value));
        headers.put(name, date.toString());
    }

    /** A job's worker finished it. */
    void completeJob(Ctx ctx, Inst inst, Map<String, JsonNode> variables) {
        inst.jobKey = 0;
        complete(ctx, inst, variables);
    }

    // ---------------------------------------------------------------------------------------------------
    // decisions and call activities

    private void evaluateDecisionTask(Ctx ctx, Inst inst, Node node) {
        JsonNode result;
        try {
            result = evaluateDecision(
                            ctx.db,
                            String.valueOf(expressions.value(node.decisionId, visible(ctx, inst))),
                            visible(ctx, inst))
                    .output();
        } catch (RuntimeException e) {
            incident(ctx, inst, "DECISION_EVALUATION_ERROR", e.getMessage(), "enter");
            return;
        }
        Map<String, JsonNode> out = new LinkedHashMap<>();
        out.put(node.resultVariable, result);
        complete(ctx, inst, out);
    }

    record DecisionResult(
            Deployments.Definition decision,
            Deployments.Definition requirements,
            JsonNode output,
            List<MatchedRule> rules,
            List<EvaluatedInput> inputs,
            List<Evaluated> evaluated) {}

    /**
     * One decision of the requirements graph that was evaluated, required ones first, as Zeebe lists them in
     * EvaluateDecision's response.
     */
    record Evaluated(
            String id,
            String name,
            String type,
            JsonNode output,
            List<MatchedRule> rules,
            List<EvaluatedInput> inputs) {}

    record MatchedRule(String id, int index, List<EvaluatedInput> outputs) {}

    /** An input or output of a decision table: id, name and value. */
    record EvaluatedInput(String id, String name, JsonNode value) {}

    private static final org.camunda.feel.valuemapper.ValueMapper VALUES =
            org.camunda.feel.valuemapper.ValueMapper$.MODULE$.defaultValueMapper();

    /** A table's result contexts keep the order of the output columns, as Zeebe writes them. */
    private static JsonNode inColumnOrder(JsonNode output, org.camunda.dmn.parser.ParsedDmn parsed, String decisionId) {
        var decision = parsed.decisionsById().get(decisionId);
        if (decision.isEmpty()
                || !(decision.get().logic() instanceof org.camunda.dmn.parser.ParsedDecisionTable table)) {
            return output;
        }
        List<String> columns = new ArrayList<>();
        table.outputs().foreach(o -> columns.add(o.name()));
        return reorder(output, columns);
    }

    private static JsonNode reorder(JsonNode node, List<String> columns) {
        if (node instanceof ArrayNode array) {
            ArrayNode result = Values.NODES.arrayNode();
            array.forEach(item -> result.add(reorder(item, columns)));
            return result;
        }
        if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
            var result = Values.NODES.objectNode();
            columns.stream().filter(object::has).forEach(c -> result.set(c, object.get(c)));
            object.fields().forEachRemaining(e -> {
                if (!result.has(e.getKey())) {
                    result.set(e.getKey(), e.getValue());
                }
            });
            return result;
        }
        return node;
    }

    private static Object unpack(Object value) {
        return value instanceof org.camunda.feel.syntaxtree.Val v ? VALUES.unpackVal(v) : value;
    }

    private static JsonNode val(org.camunda.feel.syntaxtree.Val value) {
        return Values.toJson(VALUES.unpackVal(value));
    }

    /** The rules the decision's table matched, from dmn-scala's audit log, for EvaluateDecision's response. */
    private static void audit(
            org.camunda.dmn.Audit.AuditLog log,
            String decisionId,
            List<MatchedRule> rules,
            List<EvaluatedInput> inputs) {
        log.entries().foreach(entry -> {
            if (entry.id().equals(decisionId)
                    && entry.result() instanceof org.camunda.dmn.Audit.DecisionTableEvaluationResult table
                    && entry.decisionLogic() instanceof org.camunda.dmn.parser.ParsedDecisionTable parsed) {
                List<String> ruleIds = new ArrayList<>();
                parsed.rules().foreach(r -> ruleIds.add(r.id()));
                table.inputs()
                        .foreach(i -> inputs.add(
                                new EvaluatedInput(i.input().id(), i.input().name(), val(i.value()))));
                table.matchedRules().foreach(rule -> {
                    List<EvaluatedInput> outputs = new ArrayList<>();
                    rule.outputs()
                            .foreach(o -> outputs.add(new EvaluatedInput(
                                    o.output().id(), o.output().name(), val(o.value()))));
                    rules.add(new MatchedRule(
                            rule.rule().id(), ruleIds.indexOf(rule.rule().id()) + 1, outputs));
                    return null;
                });
            }
            return null;
        });
    }

    static final class DecisionFailed extends RuntimeException {
        DecisionFailed(String message) {
            super(message);
        }
    }

    DecisionResult evaluateDecision(DSLContext db, String decisionId, Map<String, Object> variables) {
        Deployments.Definition decision = deployments.latest(db, "decision", decisionId);
        if (decision == null) {
            throw new DecisionFailed("Expected to evaluate decision '" + decisionId
                    + "', but no decision found for id '" + decisionId + "'");
        }
        return evaluateDecision(db, decision, variables);
    }

    DecisionResult evaluateDecision(DSLContext db, Deployments.Definition decision, Map<String, Object> variables) {
        Deployments.Definition requirements = deployments.find(db, decision.parentKey());
        var parsed = deployments.decisions(db, requirements.key());
        var result = dmn.eval(parsed, decision.id(), variables);
        if (result.isLeft()) {
            throw new DecisionFailed("Expected to evaluate decision '" + decision.id() + "', but "
                    + result.left().get().failure().message());
        }
        var value = result.toOption().get();
        List<MatchedRule> rules = new ArrayList<>();
        List<EvaluatedInput> inputs = new ArrayList<>();
        audit(value.auditLog(), decision.id(), rules, inputs);
        List<Evaluated> evaluated = new ArrayList<>();
        value.auditLog().entries().foreach(entry -> {
            List<MatchedRule> entryRules = new ArrayList<>();
            List<EvaluatedInput> entryInputs = new ArrayList<>();
            audit(value.auditLog(), entry.id(), entryRules, entryInputs);
            boolean table = entry.decisionLogic() instanceof org.camunda.dmn.parser.ParsedDecisionTable;
            JsonNode entryOutput = entry.result().result() == null
                    ? Values.NODES.nullNode()
                    : inColumnOrder(val(entry.result().result()), parsed, entry.id());
            evaluated.add(new Evaluated(
                    entry.id(),
                    entry.name(),
                    table ? "DECISION_TABLE" : "LITERAL_EXPRESSION",
                    entryOutput,
                    entryRules,
                    entryInputs));
            return null;
        });
        return new DecisionResult(
                decision,
                requirements,
                value.isNil()
                        ? Values.NODES.nullNode()
                        : inColumnOrder(Values.toJson(unpack(value.value())), parsed, decision.id()),
                rules,
                inputs,
                evaluated);
    }

    private void callProcess(Ctx ctx, Inst inst, Node node) {
        String processId;
        Deployments.Definition definition;
        try {
            processId = String.valueOf(expressions.value(node.calledProcessId, visible(ctx, inst)));
            definition = deployments.latest(ctx.db, "process", processId);
            if (definition == null) {
                throw new Expressions.EvaluationException(
                        "Expected process with BPMN process id '" + processId + "' to be deployed, but not found.");
            }
        } catch (RuntimeException e) {
            incident(ctx, inst, "CALLED_ELEMENT_ERROR", e.getMessage(), "enter");
            return;
        }
        Map<String, JsonNode> variables =
                node.propagateAllParentVariables ? visibleJson(ctx, inst) : new LinkedHashMap<>(inst.vars);
        long key = ctx.key();
        inst.childKey = key;
        markActivated(ctx, inst);
        startProcess(ctx, key, definition, variables, null, inst.key);
    }

    // ---------------------------------------------------------------------------------------------------
    // completion

    void complete(Ctx ctx, Inst inst, Map<String, JsonNode> variables) {
        Node node = ctx.node(inst);
        completeThen(ctx, inst, variables, scope -> {
            for (Model.Flow flow : node.outgoing) {
                takeFlow(ctx, scope, flow);
            }
        });
    }

    /**
     * Applies the completion variables (output mappings or propagation), closes what the element waited
     * for, records the completion, then continues in its flow scope.
     */
    private void completeThen(Ctx ctx, Inst inst, Map<String, JsonNode> variables, Consumer<Inst> continuation) {
        Node node = ctx.node(inst);
        Inst scope = ctx.tree.get(inst.flowScopeKey);
        boolean inner = isInner(ctx, inst);
        try {
            if (inst.isBody()) {
                if (node.outputCollection != null && !node.outputCollection.isBlank()) {
                    Map<String, JsonNode> out = new LinkedHashMap<>();
                    out.put(node.outputCollection, inst.vars.get(node.outputCollection));
                    propagate(ctx, scope, out);
                }
            } else if (!node.outputs.isEmpty()) {
                inst.vars.putAll(variables);
                Map<String, Object> context = visible(ctx, inst);
                Map<String, JsonNode> out = new LinkedHashMap<>();
                for (Model.Mapping output : node.outputs) {
                    out.put(output.target(), Values.toJson(expressions.value(output.source(), context)));
                    context.put(output.target(), Values.toJava(out.get(output.target())));
                }
                if (inner) {
                    collectOutput(ctx, inst, node, scope);
                }
                propagate(ctx, scope, out);
            } else {
                if (!variables.isEmpty()) {
                    propagate(ctx, inst, variables);
                }
                if (inner) {
                    collectOutput(ctx, inst, node, scope);
                }
            }
        } catch (RuntimeException e) {
            incident(ctx, inst, "IO_MAPPING_ERROR", e.getMessage(), "complete:" + Values.toJson(variables));
            return;
        }
        closeWaits(ctx, inst);
        deleteJob(ctx, inst);
        markActivated(ctx, inst);
        history(ctx, inst, "completed");
        ctx.tree.instances.remove(inst.key);
        if (inst.isProcess()) {
            processCompleted(ctx, inst);
            return;
        }
        if (inner) {
            scope.pendingInner--;
            if (scope.pendingInner == 0) {
                complete(ctx, scope, Map.of());
            }
            return;
        }
        continuation.accept(scope);
        if (node.outgoing.isEmpty()) {
            completeScopeIfDone(ctx, scope);
        }
    }

    private void collectOutput(Ctx ctx, Inst inner, Node node, Inst body) {
        if (node.outputCollection == null || node.outputCollection.isBlank()) {
            return;
        }
        JsonNode element = node.outputElement == null
                ? Values.NODES.nullNode()
                : Values.toJson(expressions.value(node.outputElement, visible(ctx, inner)));
        JsonNode collection = body.vars.get(node.outputCollection);
        if (collection instanceof ArrayNode array && inner.loopCounter != null && inner.loopCounter <= array.size()) {
            array.set(inner.loopCounter - 1, element);
        }
    }

    private void processCompleted(Ctx ctx, Inst process) {
        releaseStartLock(ctx, process);
        if (process.callerKey >= 0) {
            Inst caller = ctx.tree.get(process.callerKey);
            if (caller == null) {
                return;
            }
            caller.childKey = 0;
            Node node = ctx.node(caller);
            Map<String, JsonNode> variables = node.propagateAllChildVariables || !node.outputs.isEmpty()
                    ? new LinkedHashMap<>(process.vars)
                    : Map.of();
            if (!node.outputs.isEmpty() && !node.propagateAllChildVariables) {
                caller.vars.putAll(variables);
                variables = Map.of();
            }
            complete(ctx, caller, variables);
        }
    }

    /** A scope with no active element and no token waiting at a join has completed. */
    private void completeScopeIfDone(Ctx ctx, Inst scope) {
        if (scope == null || !ctx.tree.instances.containsKey(scope.key) || scope.isBody()) {
            return;
        }
        if (!ctx.tree.children(scope.key).isEmpty()) {
            return;
        }
        for (var gateway : scope.joins.values()) {
            for (int count : gateway.values()) {
                if (count > 0) {
                    return;
                }
            }
        }
        complete(ctx, scope, Map.of());
    }

    private void takeFlow(Ctx ctx, Inst scope, Model.Flow flow) {
        historyFlow(ctx, scope, flow.id());
        Node target = ctx.process(scope).node(flow.target());
        if (target.kind == Kind.PARALLEL_GATEWAY && target.incoming.size() > 1) {
            var arrivals = scope.joins.computeIfAbsent(target.id, id -> new LinkedHashMap<>());
            arrivals.merge(flow.id(), 1, Integer::sum);
            for (String incoming : target.incoming) {
                if (arrivals.getOrDefault(incoming, 0) < 1) {
                    return;
                }
            }
            for (String incoming : target.incoming) {
                arrivals.merge(incoming, -1, Integer::sum);
            }
            arrivals.values().removeIf(count -> count == 0);
            if (arrivals.isEmpty()) {
                scope.joins.remove(target.id);
            }
        }
        activate(ctx, scope, target, Map.of());
    }

    // ---------------------------------------------------------------------------------------------------
    // termination

    void terminate(Ctx ctx, Inst inst) {
        for (Inst child : ctx.tree.children(inst.key)) {
            terminate(ctx, child);
        }
        if (inst.childKey != 0) {
            Inst child = ctx.tree.get(inst.childKey);
            if (child != null) {
                terminate(ctx, child);
            }
        }
        closeWaits(ctx, inst);
        deleteJob(ctx, inst);
        if (inst.incidentKey != 0) {
            ctx.db.execute("delete from incident where key = ?", inst.incidentKey);
        }
        inst.joins.clear();
        history(ctx, inst, "terminated");
        ctx.tree.instances.remove(inst.key);
        if (inst.isProcess()) {
            releaseStartLock(ctx, inst);
        }
    }

    private void deleteJob(Ctx ctx, Inst inst) {
        if (inst.jobKey != 0) {
            ctx.db.execute("delete from job where key = ?", inst.jobKey);
            ctx.db.execute("delete from incident where job_key = ?", inst.jobKey);
            inst.jobKey = 0;
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // waits: timers and message subscriptions

    private boolean openBoundaries(Ctx ctx, Inst inst, Node node) {
        Model.Process_ process = ctx.process(inst);
        for (String id : node.boundaries) {
            Node boundary = process.node(id);
            if (boundary.error) {
                continue;
            }
            if (!openWait(ctx, inst, inst, boundary)) {
                return false;
            }
        }
        return true;
    }

    private void openEventSubProcesses(Ctx ctx, Inst scope, Node scopeNode) {
        Model.Process_ process = ctx.process(scope);
        for (String id : scopeNode.eventSubProcesses) {
            Node start = process.node(process.node(id).noneStart);
            openWait(ctx, scope, scope, start);
        }
    }

    /** Opens the timer or the message subscription of an event, owned by an element instance. */
    private boolean openWait(Ctx ctx, Inst owner, Inst context, Node event) {
        Map<String, Object> variables = visible(ctx, context);
        long key = ctx.key();
        if (event.isTimer()) {
            Instant due;
            int repetitions = 1;
            Long interval = null;
            try {
                if (event.timerDate != null) {
                    due = Values.toInstant(expressions.value(event.timerDate, variables));
                } else if (event.timerDuration != null) {
                    due = ctx.now.plus(Values.toDuration(expressions.value(event.timerDuration, variables), ctx.now));
                } else {
                    String cycle = String.valueOf(expressions.value(event.timerCycle, variables));
                    var parsed = parseCycle(cycle, ctx.now);
                    repetitions = parsed.repetitions();
                    interval = parsed.interval().toMillis();
                    due = ctx.now.plus(parsed.interval());
                }
            } catch (RuntimeException e) {
                incident(ctx, owner, "EXTRACT_VALUE_ERROR", e.getMessage(), "enter");
                return false;
            }
            ctx.db.execute(
                    "insert into timer (key, root_key, element_instance_key, element_id, due_at, repetitions, interval_ms)"
                            + " values (?, ?, ?, ?, ?, ?, ?)",
                    key,
                    ctx.tree.rootKey,
                    owner.key,
                    event.id,
                    Store.ts(due),
                    repetitions,
                    interval);
            owner.waits.add(new Wait(key, true, event.id));
            if (!due.isAfter(ctx.now)) {
                ctx.deferred.add(() -> fireTimer(ctx, key));
            }
            return true;
        }
        String name;
        String correlationKey;
        try {
            name = String.valueOf(expressions.value(event.messageName, variables));
            Object value = expressions.value(event.correlationKey, variables);
            if (!(value instanceof String) && !(value instanceof Number)) {
                throw new Expressions.EvaluationException("Failed to extract the correlation key for '"
                        + event.correlationKey.substring(1)
                        + "': The value must be either a string or a number, but was '"
                        + (value == null ? "NULL" : value.getClass().getSimpleName()) + "'.");
            }
            correlationKey = value instanceof Number n ? Values.toJson(n).toString() : (String) value;
        } catch (RuntimeException e) {
            incident(ctx, owner, "EXTRACT_VALUE_ERROR", e.getMessage(), "enter");
            return false;
        }
        ctx.db.execute(
                "insert into message_subscription (key, root_key, process_instance_key, element_instance_key, element_id,"
                        + " message_name, correlation_key) values (?, ?, ?, ?, ?, ?, ?)",
                key,
                ctx.tree.rootKey,
                owner.processInstanceKey,
                owner.key,
                event.id,
                name,
                correlationKey);
        owner.waits.add(new Wait(key, false, event.id));
        // a message published before the subscription opened waits in the buffer for it (same lock order as publish)
        lockMessageKey(ctx.db, name, correlationKey);
        Record buffered = oldestBuffered(ctx, name, correlationKey, Long.toString(owner.processInstanceKey));
        if (buffered != null) {
            long messageKey = buffered.get(0, Long.class);
            Map<String, JsonNode> messageVars = Values.parseDocument(buffered.get(1, String.class));
            ctx.deferred.add(() -> correlate(ctx, key, messageKey, messageVars));
        }
        return true;
    }

    /** The oldest live buffered message of that name and key not yet correlated to the target (instance or start). */
    private static Record oldestBuffered(Ctx ctx, String name, String correlationKey, String target) {
        return ctx.db.fetchOne(
                "select m.key, m.variables from message m where m.name = ? and m.correlation_key = ? and m.deadline > ?"
                        + " and not exists (select 1 from message_correlation c where c.message_key = m.key and c.target = ?)"
                        + " order by m.key limit 1",
                name,
                correlationKey,
                Store.ts(ctx.now),
                target);
    }

    static void lockMessageKey(DSLContext db, String name, String correlationKey) {
        db.fetch("select pg_advisory_xact_lock(?)", (long) (name + "\u0000" + correlationKey).hashCode());
    }

    record Cycle(int repetitions, Duration interval) {}

    static Cycle parseCycle(String cycle, Instant now) {
        String[] parts = cycle.split("/");
        if (parts.length != 2 || !parts[0].startsWith("R")) {
            throw new Expressions.EvaluationException("Invalid timer cycle '" + cycle + "': expected R[n]/<duration>");
        }
        int repetitions = parts[0].length() == 1 ? -1 : Integer.parseInt(parts[0].substring(1));
        return new Cycle(repetitions, Values.toDuration(parts[1], now));
    }

    private void closeWaits(Ctx ctx, Inst inst) {
        for (Wait wait : inst.waits) {
            if (wait.timer) {
                ctx.db.execute("delete from timer where key = ?", wait.key);
            } else {
                ctx.db.execute("delete from message_subscription where key = ?", wait.key);
            }
        }
        inst.waits.clear();
    }

    private record Found(Inst owner, Wait found) {}

    private Found findWait(Ctx ctx, long waitKey) {
        for (Inst inst : ctx.tree.instances.values()) {
            for (Wait wait : inst.waits) {
                if (wait.key == waitKey) {
                    return new Found(inst, wait);
                }
            }
        }
        return null;
    }

    /** A due timer of this tree fires (once: its row and its wait go in the same transaction). */
    void fireTimer(Ctx ctx, long timerKey) {
        Found found = findWait(ctx, timerKey);
        if (found == null) {
            return;
        }
        Record timer = ctx.db.fetchOne("select repetitions, interval_ms, due_at from timer where key = ?", timerKey);
        if (timer == null) {
            return;
        }
        int repetitions = timer.get(0, Integer.class);
        Node event = ctx.process(found.owner()).node(found.found().target);
        boolean again = !event.interrupting && event.timerCycle != null && (repetitions == -1 || repetitions > 1);
        if (again) {
            Instant next =
                    timer.get(2, java.time.OffsetDateTime.class).toInstant().plusMillis(timer.get(1, Long.class));
            ctx.db.execute(
                    "update timer set due_at = ?, repetitions = ? where key = ?",
                    Store.ts(next),
                    repetitions == -1 ? -1 : repetitions - 1,
                    timerKey);
            if (!next.isAfter(ctx.now)) {
                ctx.deferred.add(() -> fireTimer(ctx, timerKey));
            }
        } else {
            ctx.db.execute("delete from timer where key = ?", timerKey);
            found.owner().waits.remove(found.found());
        }
        trigger(ctx, found.owner(), event, Map.of(), again);
    }

    /** A message reaches a subscription of this tree, once per process instance. */
    boolean correlate(Ctx ctx, long subscriptionKey, long messageKey, Map<String, JsonNode> variables) {
        Found found = findWait(ctx, subscriptionKey);
        if (found == null) {
            return false;
        }
        int inserted = ctx.db.execute(
                "insert into message_correlation (message_key, target) values (?, ?) on conflict do nothing",
                messageKey,
                Long.toString(found.owner().processInstanceKey));
        if (inserted == 0) {
            return false;
        }
        Node event = ctx.process(found.owner()).node(found.found().target);
        boolean keep = !event.interrupting && event.kind == Kind.BOUNDARY_EVENT
                || event.kind == Kind.START_EVENT && !event.interrupting;
        if (!keep) {
            ctx.db.execute("delete from message_subscription where key = ?", subscriptionKey);
            found.owner().waits.remove(found.found());
        }
        trigger(ctx, found.owner(), event, variables, keep);
        return true;
    }

    /** An event was triggered for the element instance that waited for it. */
    private void trigger(Ctx ctx, Inst owner, Node event, Map<String, JsonNode> variables, boolean ownerContinues) {
        switch (event.kind) {
            case BOUNDARY_EVENT -> {
                Inst scope = ctx.tree.get(owner.flowScopeKey);
                if (event.interrupting) {
                    terminate(ctx, owner);
                }
                activate(ctx, scope, event, variables);
            }
            case START_EVENT -> {
                // the start event of an event subprocess of this scope
                Node subProcess = ctx.process(owner).node(event.scopeId);
                if (event.interrupting) {
                    for (Inst child : ctx.tree.children(owner.key)) {
                        terminate(ctx, child);
                    }
                    owner.joins.clear();
                    Model.Process_ process = ctx.process(owner);
                    List<Wait> eventSubProcessWaits = owner.waits.stream()
                            .filter(w -> process.node(w.target).kind == Kind.START_EVENT)
                            .toList();
                    for (Wait wait : eventSubProcessWaits) {
                        ctx.db.execute(
                                wait.timer
                                        ? "delete from timer where key = ?"
                                        : "delete from message_subscription where key = ?",
                                wait.key);
                        owner.waits.remove(wait);
                    }
                }
                Inst instance = newInst(ctx, owner, subProcess);
                markActivated(ctx, instance);
                activate(ctx, instance, event, variables);
            }
            case INTERMEDIATE_CATCH_EVENT -> {
                if (owner.kind == Kind.EVENT_BASED_GATEWAY) {
                    closeWaits(ctx, owner);
                    Inst scope = ctx.tree.get(owner.flowScopeKey);
                    history(ctx, owner, "completed");
                    ctx.tree.instances.remove(owner.key);
                    Inst caught = newInst(ctx, scope, event);
                    markActivated(ctx, caught);
                    complete(ctx, caught, variables);
                } else {
                    complete(ctx, owner, variables);
                }
            }
            case RECEIVE_TASK -> complete(ctx, owner, variables);
            default -> throw new IllegalStateException("cannot trigger " + event.kind);
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // errors

    /**
     * Finds the error boundary event that catches the code, from the throwing element outwards (across call
     * activities); terminates what lies in between and continues at the boundary. Uncaught: an incident.
     */
    boolean throwError(Ctx ctx, Inst from, Inst thrower, String code, String message, Map<String, JsonNode> variables) {
        for (Inst scope = from; scope != null; scope = parentOf(ctx, scope)) {
            if (scope.isProcess()) {
                continue;
            }
            Node node = ctx.node(scope);
            if (isInner(ctx, scope)) {
                continue; // boundaries belong to the multi-instance body
            }
            Model.Process_ process = ctx.process(scope);
            for (String id : node.boundaries) {
                Node boundary = process.node(id);
                if (boundary.error && (boundary.errorCode == null || boundary.errorCode.equals(code))) {
                    Inst flowScope = ctx.tree.get(scope.flowScopeKey);
                    terminate(ctx, scope);
                    if (ctx.tree.instances.containsKey(thrower.key)) {
                        terminate(ctx, thrower);
                    }
                    // the error's variables are local to the catch event (output mappings may take them on)
                    Inst caught = newInst(ctx, flowScope, boundary);
                    caught.vars.putAll(variables);
                    enter(ctx, caught, boundary, Map.of());
                    return true;
                }
            }
        }
        incident(
                ctx,
                thrower,
                "UNHANDLED_ERROR_EVENT",
                "Expected to throw an error event with the code '" + code + "'"
                        + (message == null || message.isBlank() ? "" : " with message '" + message + "'")
                        + ", but it was not caught. No error events are available in the scope.",
                "none");
        return false;
    }

    private Inst parentOf(Ctx ctx, Inst inst) {
        if (inst.isProcess()) {
            return inst.callerKey >= 0 ? ctx.tree.get(inst.callerKey) : null;
        }
        return ctx.tree.get(inst.flowScopeKey);
    }

    // ---------------------------------------------------------------------------------------------------
    // incidents

    long incident(Ctx ctx, Inst inst, String type, String message, String retry) {
        long key = ctx.key();
        inst.incidentKey = key;
        inst.incidentRetry = retry;
        ctx.db.execute(
                "insert into incident (key, root_key, process_instance_key, element_instance_key, element_id, bpmn_process_id,"
                        + " job_key, error_type, error_message, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                key,
                ctx.tree.rootKey,
                inst.processInstanceKey,
                inst.key,
                inst.elementId,
                inst.bpmnProcessId,
                null,
                type,
                message == null ? "" : message,
                Store.ts(ctx.now));
        return key;
    }

    /** Runs again what an incident stopped. */
    void retry(Ctx ctx, Inst inst) {
        String retry = inst.incidentRetry;
        inst.incidentKey = 0;
        inst.incidentRetry = null;
        Node node = ctx.node(inst);
        if ("enter".equals(retry)) {
            inst.waits.forEach(w -> ctx.db.execute(
                    w.timer ? "delete from timer where key = ?" : "delete from message_subscription where key = ?",
                    w.key));
            inst.waits.clear();
            if (inst.isBody()) {
                activateBody(ctx, inst, node);
            } else {
                enter(ctx, inst, node, Map.of());
            }
        } else if (retry != null && retry.startsWith("complete:")) {
            complete(ctx, inst, Values.parseDocument(retry.substring("complete:".length())));
        }
    }

    // ---------------------------------------------------------------------------------------------------
    // variables

    /** Sets each variable on the nearest scope that has it, else on the process instance (Zeebe's propagation). */
    void propagate(Ctx ctx, Inst from, Map<String, JsonNode> variables) {
        for (var entry : variables.entrySet()) {
            Inst scope = from;
            while (true) {
                if (scope.vars.containsKey(entry.getKey()) || scope.isProcess()) {
                    scope.vars.put(entry.getKey(), entry.getValue());
                    break;
                }
                scope = ctx.tree.get(scope.flowScopeKey);
            }
        }
    }

    /** The variables an element sees: its own, then those of each enclosing scope up to its process instance. */
    Map<String, Object> visible(Ctx ctx, Inst inst) {
        return Values.toJava(visibleJson(ctx.tree, inst));
    }

    Map<String, JsonNode> visibleJson(Ctx ctx, Inst inst) {
        return visibleJson(ctx.tree, inst);
    }

    static Map<String, JsonNode> visibleJson(Tree tree, Inst inst) {
        List<Inst> chain = new ArrayList<>();
        for (Inst scope = inst; scope != null; scope = scope.isProcess() ? null : tree.get(scope.flowScopeKey)) {
            chain.add(scope);
        }
        Map<String, JsonNode> result = new LinkedHashMap<>();
        for (int i = chain.size() - 1; i >= 0; i--) {
            result.putAll(chain.get(i).vars);
        }
        return result;
    }

    // ---------------------------------------------------------------------------------------------------
    // message start events

    private void releaseStartLock(Ctx ctx, Inst process) {
        if (process.callerKey >= 0) {
            return;
        }
        Record lock = ctx.db.fetchOne(
                "delete from message_start_lock where root_key = ? returning bpmn_process_id, correlation_key",
                process.key);
        if (lock != null) {
            String processId = lock.get(0, String.class);
            String correlationKey = lock.get(1, String.class);
            // a message that waited for this instance to end starts the next one
            ctx.deferred.add(() -> startBuffered(ctx, processId, correlationKey));
        }
    }

    private void startBuffered(Ctx ctx, String processId, String correlationKey) {
        Deployments.Definition definition = deployments.latest(ctx.db, "process", processId);
        Model.Process_ process = deployments.process(ctx.db, definition.key());
        for (Node start : process.messageStarts()) {
            Record buffered = oldestBuffered(ctx, start.messageName, correlationKey, "start:" + processId);
            if (buffered != null) {
                startByMessage(
                        ctx.db,
                        ctx.now,
                        ctx.wakeJobTypes,
                        definition,
                        start,
                        buffered.get(0, Long.class),
                        correlationKey,
                        Values.parseDocument(buffered.get(1, String.class)),
                        ctx.started);
                return;
            }
        }
    }

    /** Starts an instance from a message unless one is active for the key; returns whether it started. */
    boolean startByMessage(
            DSLContext db,
            Instant now,
            Set<String> wake,
            Deployments.Definition definition,
            Node start,
            long messageKey,
            String correlationKey,
            Map<String, JsonNode> variables,
            List<Ctx> started) {
        if (!correlationKey.isEmpty()) {
            Long holder = Store.value(
                    db,
                    Long.class,
                    "select root_key from message_start_lock where bpmn_process_id = ? and correlation_key = ?",
                    definition.id(),
                    correlationKey);
            if (holder != null) {
                return false;
            }
        }
        int inserted = db.execute(
                "insert into message_correlation (message_key, target) values (?, ?) on conflict do nothing",
                messageKey,
                "start:" + definition.id());
        if (inserted == 0) {
            return false;
        }
        long key = Store.nextKey(db);
        if (!correlationKey.isEmpty()) {
            db.execute(
                    "insert into message_start_lock (bpmn_process_id, correlation_key, root_key) values (?, ?, ?)",
                    definition.id(),
                    correlationKey,
                    key);
        }
        Ctx ctx = newTree(db, now, wake, key);
        startProcess(ctx, key, definition, variables, start.id, -1);
        if (started != null) {
            started.add(ctx);
        } else {
            ctx.finish();
        }
        return true;
    }

    // ---------------------------------------------------------------------------------------------------
    // history

    private void history(Ctx ctx, Inst inst, String event) {
        ctx.db.execute(
                "insert into history (root_key, process_instance_key, element_instance_key, bpmn_process_id, element_id,"
                        + " element_type, event, at) values (?, ?, ?, ?, ?, ?, ?, ?)",
                ctx.tree.rootKey,
                inst.processInstanceKey,
                inst.key,
                inst.bpmnProcessId,
                inst.elementId,
                inst.kind.name(),
                event,
                Store.ts(ctx.now));
    }

    private void markActivated(Ctx ctx, Inst inst) {
        if (!inst.activated) {
            inst.activated = true;
            history(ctx, inst, "activated");
        }
    }

    private void historyFlow(Ctx ctx, Inst scope, String flowId) {
        ctx.db.execute(
                "insert into history (root_key, process_instance_key, element_instance_key, bpmn_process_id, element_id,"
                        + " element_type, event, at) values (?, ?, ?, ?, ?, 'SEQUENCE_FLOW', 'taken', ?)",
                ctx.tree.rootKey,
                scope.processInstanceKey,
                scope.key,
                scope.bpmnProcessId,
                flowId,
                Store.ts(ctx.now));
    }
}
