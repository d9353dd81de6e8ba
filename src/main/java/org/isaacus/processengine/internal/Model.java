package org.isaacus.processengine.internal;

import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.Activity;
import io.camunda.zeebe.model.bpmn.instance.BaseElement;
import io.camunda.zeebe.model.bpmn.instance.BoundaryEvent;
import io.camunda.zeebe.model.bpmn.instance.BusinessRuleTask;
import io.camunda.zeebe.model.bpmn.instance.CallActivity;
import io.camunda.zeebe.model.bpmn.instance.CatchEvent;
import io.camunda.zeebe.model.bpmn.instance.ConditionExpression;
import io.camunda.zeebe.model.bpmn.instance.EndEvent;
import io.camunda.zeebe.model.bpmn.instance.ErrorEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.Event;
import io.camunda.zeebe.model.bpmn.instance.EventBasedGateway;
import io.camunda.zeebe.model.bpmn.instance.EventDefinition;
import io.camunda.zeebe.model.bpmn.instance.ExclusiveGateway;
import io.camunda.zeebe.model.bpmn.instance.FlowElement;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.IntermediateCatchEvent;
import io.camunda.zeebe.model.bpmn.instance.MessageEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.MultiInstanceLoopCharacteristics;
import io.camunda.zeebe.model.bpmn.instance.ParallelGateway;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.model.bpmn.instance.ReceiveTask;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import io.camunda.zeebe.model.bpmn.instance.ServiceTask;
import io.camunda.zeebe.model.bpmn.instance.StartEvent;
import io.camunda.zeebe.model.bpmn.instance.SubProcess;
import io.camunda.zeebe.model.bpmn.instance.TerminateEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.TimerEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeAssignmentDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeCalledDecision;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeCalledElement;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeFormDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeIoMapping;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeLoopCharacteristics;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeSubscription;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskHeaders;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskSchedule;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A BPMN process compiled into the small graph the interpreter walks. Compiling is also the deploy check:
 * anything outside the supported subset is refused with the element id and the feature named, never run
 * half-understood.
 */
final class Model {

    enum Kind {
        PROCESS,
        START_EVENT,
        END_EVENT,
        SERVICE_TASK,
        USER_TASK,
        BUSINESS_RULE_TASK,
        CALL_ACTIVITY,
        RECEIVE_TASK,
        SUB_PROCESS,
        EVENT_SUB_PROCESS,
        EXCLUSIVE_GATEWAY,
        PARALLEL_GATEWAY,
        EVENT_BASED_GATEWAY,
        INTERMEDIATE_CATCH_EVENT,
        BOUNDARY_EVENT,
        MULTI_INSTANCE_BODY
    }

    record Flow(String id, String source, String target, String condition) {}

    record Mapping(String source, String target) {}

    static final class Node {
        String id;
        Kind kind;
        String name;
        String scopeId; // the process or subprocess that contains it
        final List<Flow> outgoing = new ArrayList<>();
        final List<String> incoming = new ArrayList<>();
        String defaultFlow;
        final List<String> boundaries = new ArrayList<>();
        final List<String> eventSubProcesses = new ArrayList<>();
        String noneStart; // of a process or subprocess
        // tasks
        String jobType;
        String retries;
        final Map<String, String> headers = new LinkedHashMap<>();
        final List<Mapping> inputs = new ArrayList<>();
        final List<Mapping> outputs = new ArrayList<>();
        String formId;
        String assignee;
        String candidateGroups;
        String candidateUsers;
        String dueDate;
        String followUpDate;
        String calledProcessId;
        boolean propagateAllChildVariables = true;
        boolean propagateAllParentVariables = true;
        String decisionId;
        String resultVariable;
        // multi-instance
        boolean multiInstance;
        String inputCollection;
        String inputElement;
        String outputCollection;
        String outputElement;
        // events
        String timerDate;
        String timerDuration;
        String timerCycle;
        String messageName;
        String correlationKey;
        boolean error;
        String errorCode;
        boolean terminate;
        boolean interrupting = true;
        String attachedTo;

        boolean isTimer() {
            return timerDate != null || timerDuration != null || timerCycle != null;
        }

        boolean isMessage() {
            return messageName != null;
        }

        String bpmnType() {
            return switch (kind) {
                case PROCESS -> "PROCESS";
                case EVENT_SUB_PROCESS -> "EVENT_SUB_PROCESS";
                default -> kind.name();
            };
        }
    }

    static final class Process_ {
        String bpmnProcessId;
        String name;
        final Map<String, Node> nodes = new LinkedHashMap<>();
        final Map<String, Flow> flows = new LinkedHashMap<>();

        Node node(String id) {
            Node node = nodes.get(id);
            if (node == null) {
                throw new IllegalStateException("no element " + id + " in " + bpmnProcessId);
            }
            return node;
        }

        /** Message start events at process level (not in event subprocesses). */
        List<Node> messageStarts() {
            return nodes.values().stream()
                    .filter(n -> n.kind == Kind.START_EVENT && n.isMessage() && n.scopeId.equals(bpmnProcessId))
                    .toList();
        }
    }

    static final class UnsupportedModelException extends RuntimeException {
        UnsupportedModelException(String message) {
            super(message);
        }
    }

    private Model() {}

    static List<Process_> compile(String resourceName, byte[] xml) {
        BpmnModelInstance model;
        try {
            model = Bpmn.readModelFromStream(new ByteArrayInputStream(xml));
            Bpmn.validateModel(model);
        } catch (RuntimeException e) {
            throw new UnsupportedModelException("'" + resourceName + "': " + e.getMessage());
        }
        List<Process_> result = new ArrayList<>();
        for (Process process : model.getModelElementsByType(Process.class)) {
            if (!process.isExecutable()) {
                continue;
            }
            Process_ compiled = new Process_();
            compiled.bpmnProcessId = process.getId();
            compiled.name = process.getName();
            Node root = new Node();
            root.id = process.getId();
            root.kind = Kind.PROCESS;
            root.scopeId = null;
            compiled.nodes.put(root.id, root);
            compileScope(resourceName, compiled, root, process.getFlowElements());
            linkBoundaries(compiled);
            if (root.noneStart == null && compiled.messageStarts().isEmpty()) {
                throw new UnsupportedModelException(
                        "'" + resourceName + "': process '" + root.id + "' has no none or message start event");
            }
            result.add(compiled);
        }
        if (result.isEmpty()) {
            throw new UnsupportedModelException("'" + resourceName + "': no executable process");
        }
        return result;
    }

    private static void compileScope(
            String resource, Process_ process, Node scope, java.util.Collection<FlowElement> elements) {
        for (FlowElement element : elements) {
            if (element instanceof SequenceFlow flow) {
                String condition = null;
                ConditionExpression expression = flow.getConditionExpression();
                if (expression != null) {
                    condition = expression.getTextContent().trim();
                }
                Flow compiled = new Flow(
                        flow.getId(), flow.getSource().getId(), flow.getTarget().getId(), condition);
                process.flows.put(flow.getId(), compiled);
            }
        }
        for (FlowElement element : elements) {
            if (element instanceof FlowNode flowNode) {
                Node node = compileNode(resource, process, scope, flowNode);
                process.nodes.put(node.id, node);
            } else if (!(element instanceof SequenceFlow)) {
                refuse(resource, element, element.getElementType().getTypeName());
            }
        }
        for (Flow flow : process.flows.values()) {
            Node source = process.nodes.get(flow.source());
            Node target = process.nodes.get(flow.target());
            if (source != null && source.scopeId != null && source.scopeId.equals(scope.id)) {
                source.outgoing.add(flow);
                target.incoming.add(flow.id());
            }
        }
        for (FlowElement element : elements) {
            if (element instanceof ExclusiveGateway gateway && gateway.getDefault() != null) {
                process.nodes.get(gateway.getId()).defaultFlow =
                        gateway.getDefault().getId();
            }
            if (element instanceof Activity activity
                    && activity.getChildElementsByType(io.camunda.zeebe.model.bpmn.instance.DataInputAssociation.class)
                                    .size()
                            > 0) {
                refuse(resource, element, "data associations");
            }
        }
        for (Flow flow : process.flows.values()) {
            Node source = process.nodes.get(flow.source());
            if (source != null
                    && scope.id.equals(source.scopeId)
                    && flow.condition() != null
                    && source.kind != Kind.EXCLUSIVE_GATEWAY) {
                throw new UnsupportedModelException(
                        "'" + resource + "': element '" + flow.id()
                                + "': a condition on a sequence flow that does not leave an exclusive gateway is not supported");
            }
        }
    }

    private static Node compileNode(String resource, Process_ process, Node scope, FlowNode element) {
        Node node = new Node();
        node.id = element.getId();
        node.name = element.getName();
        node.scopeId = scope.id;
        if (element instanceof Activity activity) {
            compileActivityCommon(resource, node, activity);
        }
        switch (element) {
            case StartEvent start -> {
                node.kind = Kind.START_EVENT;
                node.interrupting = start.isInterrupting();
                compileEventDefinition(resource, node, start, Set.of("message", "timer-in-subprocess"));
                if (scope.kind == Kind.EVENT_SUB_PROCESS) {
                    if (!node.isMessage() && !node.isTimer()) {
                        refuse(resource, element, "an event subprocess without a message or timer start");
                    }
                } else if (node.isTimer()) {
                    refuse(resource, element, "a timer start event of a process");
                } else if (!node.isMessage()) {
                    if (scope.noneStart != null) {
                        refuse(resource, element, "a second none start event");
                    }
                    scope.noneStart = node.id;
                } else if (scope.kind != Kind.PROCESS) {
                    refuse(resource, element, "a message start event inside a subprocess");
                }
            }
            case EndEvent end -> {
                node.kind = Kind.END_EVENT;
                for (EventDefinition definition : end.getEventDefinitions()) {
                    if (definition instanceof TerminateEventDefinition) {
                        node.terminate = true;
                    } else if (definition instanceof ErrorEventDefinition error) {
                        node.error = true;
                        if (error.getError() == null || error.getError().getErrorCode() == null) {
                            refuse(resource, element, "an error end event without an error code");
                        }
                        node.errorCode = error.getError().getErrorCode();
                    } else {
                        refuse(
                                resource,
                                element,
                                "end event of type "
                                        + definition.getElementType().getTypeName());
                    }
                }
            }
            case ServiceTask task -> {
                node.kind = Kind.SERVICE_TASK;
                compileJob(resource, node, task);
            }
            case BusinessRuleTask task -> {
                node.kind = Kind.BUSINESS_RULE_TASK;
                ZeebeCalledDecision decision = ext(task, ZeebeCalledDecision.class);
                if (decision == null) {
                    refuse(resource, element, "a business rule task implemented by a job worker");
                }
                node.decisionId = decision.getDecisionId();
                node.resultVariable = decision.getResultVariable();
            }
            case UserTask task -> {
                node.kind = Kind.USER_TASK;
                if (ext(task, io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeUserTask.class) != null) {
                    refuse(resource, element, "a Camunda user task (zeebe:userTask); use a job-based user task");
                }
                node.jobType = "io.camunda.zeebe:userTask";
                node.retries = "1";
                ZeebeTaskHeaders headers = ext(task, ZeebeTaskHeaders.class);
                if (headers != null) {
                    headers.getHeaders().forEach(h -> node.headers.put(h.getKey(), h.getValue()));
                }
                ZeebeFormDefinition form = ext(task, ZeebeFormDefinition.class);
                if (form != null) {
                    if (form.getFormKey() != null && !form.getFormKey().isBlank()) {
                        refuse(resource, element, "a form key (use a linked form id)");
                    }
                    node.formId = form.getFormId();
                }
                ZeebeAssignmentDefinition assignment = ext(task, ZeebeAssignmentDefinition.class);
                if (assignment != null) {
                    node.assignee = assignment.getAssignee();
                    node.candidateGroups = assignment.getCandidateGroups();
                    node.candidateUsers = assignment.getCandidateUsers();
                }
                ZeebeTaskSchedule schedule = ext(task, ZeebeTaskSchedule.class);
                if (schedule != null) {
                    node.dueDate = schedule.getDueDate();
                    node.followUpDate = schedule.getFollowUpDate();
                }
            }
            case CallActivity call -> {
                node.kind = Kind.CALL_ACTIVITY;
                ZeebeCalledElement called = ext(call, ZeebeCalledElement.class);
                node.calledProcessId = called.getProcessId();
                node.propagateAllChildVariables = called.isPropagateAllChildVariablesEnabled();
                node.propagateAllParentVariables = called.isPropagateAllParentVariablesEnabled();
                String binding = called.getAttributeValueNs(
                        io.camunda.zeebe.model.bpmn.impl.BpmnModelConstants.ZEEBE_NS, "bindingType");
                if (binding != null && !binding.equals("latest")) {
                    refuse(resource, element, "binding type " + binding);
                }
            }
            case ReceiveTask task -> {
                node.kind = Kind.RECEIVE_TASK;
                if (task.getMessage() == null) {
                    refuse(resource, element, "a receive task without a message");
                }
                node.messageName = task.getMessage().getName();
                ZeebeSubscription subscription = task.getMessage().getSingleExtensionElement(ZeebeSubscription.class);
                node.correlationKey = subscription == null ? null : subscription.getCorrelationKey();
            }
            case SubProcess sub -> {
                if (sub instanceof io.camunda.zeebe.model.bpmn.instance.Transaction
                        || sub instanceof io.camunda.zeebe.model.bpmn.instance.AdHocSubProcess) {
                    refuse(resource, element, sub.getElementType().getTypeName());
                }
                node.kind = sub.triggeredByEvent() ? Kind.EVENT_SUB_PROCESS : Kind.SUB_PROCESS;
                if (node.kind == Kind.EVENT_SUB_PROCESS) {
                    scope.eventSubProcesses.add(node.id);
                }
                compileScope(resource, process, node, sub.getFlowElements());
                if (node.kind == Kind.SUB_PROCESS && node.noneStart == null) {
                    refuse(resource, element, "a subprocess without a none start event");
                }
                if (node.kind == Kind.EVENT_SUB_PROCESS) {
                    Node start = process.nodes.values().stream()
                            .filter(n -> node.id.equals(n.scopeId) && n.kind == Kind.START_EVENT)
                            .findFirst()
                            .orElseThrow(() -> new UnsupportedModelException("'" + resource + "': element '" + node.id
                                    + "': an event subprocess without a start event"));
                    node.noneStart = start.id;
                    node.interrupting = start.interrupting;
                }
            }
            case ExclusiveGateway g -> node.kind = Kind.EXCLUSIVE_GATEWAY;
            case ParallelGateway g -> node.kind = Kind.PARALLEL_GATEWAY;
            case EventBasedGateway g -> node.kind = Kind.EVENT_BASED_GATEWAY;
            case IntermediateCatchEvent event -> {
                node.kind = Kind.INTERMEDIATE_CATCH_EVENT;
                compileEventDefinition(resource, node, event, Set.of("message", "timer"));
            }
            case BoundaryEvent event -> {
                node.kind = Kind.BOUNDARY_EVENT;
                node.interrupting = event.cancelActivity();
                node.attachedTo = event.getAttachedTo().getId();
                compileEventDefinition(resource, node, event, Set.of("message", "timer", "error"));
                if (node.error && !node.interrupting) {
                    refuse(resource, element, "a non-interrupting error boundary event");
                }
            }
            default -> refuse(resource, element, element.getElementType().getTypeName());
        }
        if (element instanceof Event
                && !(element instanceof BoundaryEvent || element instanceof StartEvent)
                && ext(element, ZeebeIoMapping.class) != null
                && ((Event) element) instanceof CatchEvent) {
            // output mappings on catch events are supported (compiled below)
        }
        ZeebeIoMapping io = ext(element, ZeebeIoMapping.class);
        if (io != null) {
            io.getInputs().forEach(m -> node.inputs.add(new Mapping(m.getSource(), m.getTarget())));
            io.getOutputs().forEach(m -> node.outputs.add(new Mapping(m.getSource(), m.getTarget())));
        }
        if (element instanceof BoundaryEvent boundary) {
            // attached in a second pass: the activity may come later in the file
            node.attachedTo = boundary.getAttachedTo().getId();
        }
        if (element.getSingleExtensionElement(io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeExecutionListeners.class)
                != null) {
            refuse(resource, element, "execution listeners");
        }
        if (element.getSingleExtensionElement(io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskListeners.class)
                != null) {
            refuse(resource, element, "task listeners");
        }
        return node;
    }

    private static void linkBoundaries(Process_ process) {
        for (Node node : process.nodes.values()) {
            if (node.kind == Kind.BOUNDARY_EVENT) {
                Node host = process.nodes.get(node.attachedTo);
                if (host != null && !host.boundaries.contains(node.id)) {
                    host.boundaries.add(node.id);
                }
            }
        }
    }

    private static void compileActivityCommon(String resource, Node node, Activity activity) {
        if (activity.getLoopCharacteristics() != null) {
            if (!(activity.getLoopCharacteristics() instanceof MultiInstanceLoopCharacteristics mi)) {
                refuse(resource, activity, "standard loop characteristics");
                return;
            }
            if (mi.isSequential()) {
                refuse(resource, activity, "a sequential multi-instance");
            }
            if (mi.getCompletionCondition() != null) {
                refuse(resource, activity, "a multi-instance completion condition");
            }
            ZeebeLoopCharacteristics loop = mi.getSingleExtensionElement(ZeebeLoopCharacteristics.class);
            node.multiInstance = true;
            node.inputCollection = loop.getInputCollection();
            node.inputElement = loop.getInputElement();
            node.outputCollection = loop.getOutputCollection();
            node.outputElement = loop.getOutputElement();
        }
        if (activity.isForCompensation()) {
            refuse(resource, activity, "compensation");
        }
    }

    private static void compileJob(String resource, Node node, FlowNode task) {
        ZeebeTaskDefinition definition = ext(task, ZeebeTaskDefinition.class);
        if (definition == null) {
            refuse(resource, task, "a task without a job type");
        }
        node.jobType = definition.getType();
        node.retries = definition.getRetries();
        ZeebeTaskHeaders headers = ext(task, ZeebeTaskHeaders.class);
        if (headers != null) {
            headers.getHeaders().forEach(h -> node.headers.put(h.getKey(), h.getValue()));
        }
    }

    private static void compileEventDefinition(String resource, Node node, Event event, Set<String> allowed) {
        java.util.Collection<EventDefinition> definitions =
                event instanceof CatchEvent catchEvent ? catchEvent.getEventDefinitions() : List.of();
        if (definitions.size() > 1) {
            refuse(resource, event, "several event definitions on one event");
        }
        for (EventDefinition definition : definitions) {
            if (definition instanceof MessageEventDefinition message && allowed.contains("message")) {
                if (message.getMessage() == null) {
                    refuse(resource, event, "a message event without a message");
                }
                node.messageName = message.getMessage().getName();
                ZeebeSubscription subscription =
                        message.getMessage().getSingleExtensionElement(ZeebeSubscription.class);
                node.correlationKey = subscription == null ? null : subscription.getCorrelationKey();
            } else if (definition instanceof TimerEventDefinition timer
                    && (allowed.contains("timer") || allowed.contains("timer-in-subprocess"))) {
                node.timerDate = text(timer.getTimeDate());
                node.timerDuration = text(timer.getTimeDuration());
                node.timerCycle = text(timer.getTimeCycle());
            } else if (definition instanceof ErrorEventDefinition error && allowed.contains("error")) {
                node.error = true;
                node.errorCode =
                        error.getError() == null ? null : error.getError().getErrorCode();
            } else {
                refuse(
                        resource,
                        event,
                        "event definition " + definition.getElementType().getTypeName());
            }
        }
    }

    private static String text(BaseElement element) {
        return element == null ? null : element.getTextContent().trim();
    }

    private static <T extends io.camunda.zeebe.model.bpmn.instance.BpmnModelElementInstance> T ext(
            BaseElement element, Class<T> type) {
        return element.getSingleExtensionElement(type);
    }

    private static void refuse(String resource, BaseElement element, String feature) {
        throw new UnsupportedModelException("'" + resource + "': element '" + element.getId() + "': " + feature
                + " is not supported by the Isaacus engine");
    }
}
