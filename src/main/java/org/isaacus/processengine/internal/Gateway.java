package org.isaacus.processengine.internal;

import io.camunda.zeebe.gateway.protocol.GatewayGrpc;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.*;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Camunda 8 gateway protocol, answered by the Isaacus engine. Calls the engine does not implement keep
 * the generated default: UNIMPLEMENTED, naming the method.
 */
final class Gateway extends GatewayGrpc.GatewayImplBase {

    private static final Logger log = LoggerFactory.getLogger(Gateway.class);
    static final String TENANT = "<default>";
    static final String VERSION = "8.8.14-isaacus";
    /** The gateway's long-polling time when a worker asks for the default (request timeout 0). */
    private static final long DEFAULT_LONG_POLL_MILLIS = 10_000;

    private final Commands commands;
    private final JobSignal signal;
    private final int port;

    Gateway(Commands commands, JobSignal signal, int port) {
        this.commands = commands;
        this.signal = signal;
        this.port = port;
    }

    @Override
    public void topology(TopologyRequest request, StreamObserver<TopologyResponse> response) {
        answer(
                response,
                () -> TopologyResponse.newBuilder()
                        .addBrokers(BrokerInfo.newBuilder()
                                .setNodeId(0)
                                .setHost("127.0.0.1")
                                .setPort(port)
                                .setVersion(VERSION)
                                .addPartitions(Partition.newBuilder()
                                        .setPartitionId(1)
                                        .setRole(Partition.PartitionBrokerRole.LEADER)
                                        .setHealth(Partition.PartitionBrokerHealth.HEALTHY)))
                        .setClusterSize(1)
                        .setPartitionsCount(1)
                        .setReplicationFactor(1)
                        .setGatewayVersion(VERSION)
                        .build());
    }

    @Override
    public void deployResource(DeployResourceRequest request, StreamObserver<DeployResourceResponse> response) {
        answer(response, () -> {
            if (request.getResourcesCount() == 0) {
                throw new Commands.Refused(
                        Commands.Status.INVALID_ARGUMENT, "Expected to deploy at least one resource, but none given");
            }
            List<Deployments.Resource> resources = request.getResourcesList().stream()
                    .map(r ->
                            new Deployments.Resource(r.getName(), r.getContent().toByteArray()))
                    .toList();
            List<Commands.Deployed> deployed = new ArrayList<>();
            long key = commands.deploy(resources, deployed);
            var builder = DeployResourceResponse.newBuilder().setKey(key).setTenantId(TENANT);
            for (Commands.Deployed d : deployed) {
                Deployment.Builder deployment = Deployment.newBuilder();
                switch (d.kind()) {
                    case "process" ->
                        deployment.setProcess(ProcessMetadata.newBuilder()
                                .setBpmnProcessId(d.id())
                                .setVersion(d.version())
                                .setProcessDefinitionKey(d.key())
                                .setResourceName(d.resourceName())
                                .setTenantId(TENANT));
                    case "decision-requirements" ->
                        deployment.setDecisionRequirements(DecisionRequirementsMetadata.newBuilder()
                                .setDmnDecisionRequirementsId(d.id())
                                .setDmnDecisionRequirementsName(d.name() == null ? "" : d.name())
                                .setVersion(d.version())
                                .setDecisionRequirementsKey(d.key())
                                .setResourceName(d.resourceName())
                                .setTenantId(TENANT));
                    case "decision" ->
                        deployment.setDecision(DecisionMetadata.newBuilder()
                                .setDmnDecisionId(d.id())
                                .setDmnDecisionName(d.name() == null ? "" : d.name())
                                .setVersion(d.version())
                                .setDecisionKey(d.key())
                                .setDmnDecisionRequirementsId(d.parentId() == null ? "" : d.parentId())
                                .setDecisionRequirementsKey(d.parentKey() == null ? 0 : d.parentKey())
                                .setTenantId(TENANT));
                    default ->
                        deployment.setForm(FormMetadata.newBuilder()
                                .setFormId(d.id())
                                .setVersion(d.version())
                                .setFormKey(d.key())
                                .setResourceName(d.resourceName())
                                .setTenantId(TENANT));
                }
                builder.addDeployments(deployment);
            }
            return builder.build();
        });
    }

    @Override
    public void createProcessInstance(
            CreateProcessInstanceRequest request, StreamObserver<CreateProcessInstanceResponse> response) {
        answer(response, () -> {
            if (request.getStartInstructionsCount() > 0) {
                throw new Commands.Refused(
                        Commands.Status.INVALID_ARGUMENT, "start instructions are not supported by the Isaacus engine");
            }
            var created = commands.createInstance(
                    request.getProcessDefinitionKey(),
                    request.getBpmnProcessId(),
                    request.getVersion(),
                    request.getVariables());
            return CreateProcessInstanceResponse.newBuilder()
                    .setProcessDefinitionKey(created.processDefinitionKey())
                    .setBpmnProcessId(created.bpmnProcessId())
                    .setVersion(created.version())
                    .setProcessInstanceKey(created.processInstanceKey())
                    .setTenantId(TENANT)
                    .build();
        });
    }

    @Override
    public void cancelProcessInstance(
            CancelProcessInstanceRequest request, StreamObserver<CancelProcessInstanceResponse> response) {
        answer(response, () -> {
            commands.cancelInstance(request.getProcessInstanceKey());
            return CancelProcessInstanceResponse.getDefaultInstance();
        });
    }

    @Override
    public void setVariables(SetVariablesRequest request, StreamObserver<SetVariablesResponse> response) {
        answer(
                response,
                () -> SetVariablesResponse.newBuilder()
                        .setKey(commands.setVariables(
                                request.getElementInstanceKey(), request.getVariables(), request.getLocal()))
                        .build());
    }

    @Override
    public void activateJobs(ActivateJobsRequest request, StreamObserver<ActivateJobsResponse> response) {
        try {
            if (request.getType().isBlank()) {
                throw new Commands.Refused(
                        Commands.Status.INVALID_ARGUMENT, "Expected to activate jobs of a type, but none given");
            }
            if (request.getTimeout() < 1) {
                throw new Commands.Refused(
                        Commands.Status.INVALID_ARGUMENT,
                        "Expected to activate jobs with a timeout of at least 1 ms, but was " + request.getTimeout());
            }
            long wait = request.getRequestTimeout() == 0 ? DEFAULT_LONG_POLL_MILLIS : request.getRequestTimeout();
            long until = System.nanoTime() + Math.max(0, wait) * 1_000_000L;
            io.grpc.Context context = io.grpc.Context.current();
            while (true) {
                long generation = signal.generation(request.getType());
                if (context.isCancelled()) {
                    return; // the worker went away: hand it nothing
                }
                var jobs = commands.activateJobs(
                        request.getType(),
                        request.getWorker(),
                        Duration.ofMillis(request.getTimeout()),
                        request.getMaxJobsToActivate(),
                        request.getFetchVariableList());
                long left = (until - System.nanoTime()) / 1_000_000L;
                if (!jobs.isEmpty()
                        || request.getRequestTimeout() < 0
                        || left <= 0
                        || context.isCancelled()
                        || !signal.running()) {
                    var builder = ActivateJobsResponse.newBuilder();
                    jobs.forEach(job -> builder.addJobs(ActivatedJob.newBuilder()
                            .setKey(job.key())
                            .setType(job.type())
                            .setProcessInstanceKey(job.processInstanceKey())
                            .setBpmnProcessId(job.bpmnProcessId())
                            .setProcessDefinitionVersion(job.processDefinitionVersion())
                            .setProcessDefinitionKey(job.processDefinitionKey())
                            .setElementId(job.elementId())
                            .setElementInstanceKey(job.elementInstanceKey())
                            .setCustomHeaders(job.customHeaders())
                            .setWorker(job.worker())
                            .setRetries(job.retries())
                            .setDeadline(job.deadline())
                            .setVariables(job.variables())
                            .setTenantId(TENANT)
                            .setKind(ActivatedJob.JobKind.BPMN_ELEMENT)));
                    try {
                        if (context.isCancelled()) {
                            throw Status.CANCELLED.asRuntimeException();
                        }
                        response.onNext(builder.build());
                        response.onCompleted();
                    } catch (RuntimeException cancelled) {
                        // nobody will work on them: give them back at once instead of after their timeout
                        commands.releaseJobs(
                                jobs.stream().map(Commands.Job::key).toList());
                    }
                    return;
                }
                signal.await(request.getType(), generation, Math.min(left, 1000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response.onError(
                    Status.UNAVAILABLE.withDescription("the engine is stopping").asRuntimeException());
        } catch (RuntimeException e) {
            response.onError(status(e));
        }
    }

    @Override
    public void completeJob(CompleteJobRequest request, StreamObserver<CompleteJobResponse> response) {
        answer(response, () -> {
            commands.completeJob(request.getJobKey(), request.getVariables());
            return CompleteJobResponse.getDefaultInstance();
        });
    }

    @Override
    public void failJob(FailJobRequest request, StreamObserver<FailJobResponse> response) {
        answer(response, () -> {
            commands.failJob(
                    request.getJobKey(),
                    request.getRetries(),
                    request.getErrorMessage(),
                    Duration.ofMillis(Math.max(0, request.getRetryBackOff())),
                    request.getVariables());
            return FailJobResponse.getDefaultInstance();
        });
    }

    @Override
    public void throwError(ThrowErrorRequest request, StreamObserver<ThrowErrorResponse> response) {
        answer(response, () -> {
            commands.throwError(
                    request.getJobKey(), request.getErrorCode(), request.getErrorMessage(), request.getVariables());
            return ThrowErrorResponse.getDefaultInstance();
        });
    }

    @Override
    public void updateJobTimeout(UpdateJobTimeoutRequest request, StreamObserver<UpdateJobTimeoutResponse> response) {
        answer(response, () -> {
            commands.updateJobTimeout(request.getJobKey(), Duration.ofMillis(request.getTimeout()));
            return UpdateJobTimeoutResponse.getDefaultInstance();
        });
    }

    @Override
    public void updateJobRetries(UpdateJobRetriesRequest request, StreamObserver<UpdateJobRetriesResponse> response) {
        answer(response, () -> {
            commands.updateJobRetries(request.getJobKey(), request.getRetries());
            return UpdateJobRetriesResponse.getDefaultInstance();
        });
    }

    @Override
    public void resolveIncident(ResolveIncidentRequest request, StreamObserver<ResolveIncidentResponse> response) {
        answer(response, () -> {
            commands.resolveIncident(request.getIncidentKey());
            return ResolveIncidentResponse.getDefaultInstance();
        });
    }

    @Override
    public void publishMessage(PublishMessageRequest request, StreamObserver<PublishMessageResponse> response) {
        answer(response, () -> {
            if (request.getName().isBlank()) {
                throw new Commands.Refused(Commands.Status.INVALID_ARGUMENT, "Expected a message name, but none given");
            }
            long key = commands.publish(
                    request.getName(),
                    request.getCorrelationKey(),
                    Duration.ofMillis(Math.max(0, request.getTimeToLive())),
                    request.getMessageId(),
                    request.getVariables());
            return PublishMessageResponse.newBuilder()
                    .setKey(key)
                    .setTenantId(TENANT)
                    .build();
        });
    }

    @Override
    public void evaluateDecision(EvaluateDecisionRequest request, StreamObserver<EvaluateDecisionResponse> response) {
        answer(response, () -> {
            var result = commands.evaluateDecision(
                    request.getDecisionKey(), request.getDecisionId(), request.getVariables());
            var builder = EvaluateDecisionResponse.newBuilder()
                    .setDecisionKey(result.decisionKey())
                    .setDecisionId(result.decisionId())
                    .setDecisionName(result.decisionName() == null ? "" : result.decisionName())
                    .setDecisionVersion(result.version())
                    .setDecisionRequirementsId(result.requirementsId())
                    .setDecisionRequirementsKey(result.requirementsKey())
                    .setDecisionOutput(result.output())
                    .setTenantId(TENANT);
            if (result.failure() != null) {
                builder.setFailedDecisionId(result.decisionId()).setFailureMessage(result.failure());
            } else {
                for (var evaluated : result.evaluated()) {
                    builder.addEvaluatedDecisions(EvaluatedDecision.newBuilder()
                            .setDecisionKey(evaluated.key())
                            .setDecisionId(evaluated.id())
                            .setDecisionName(evaluated.name() == null ? "" : evaluated.name())
                            .setDecisionVersion(evaluated.version())
                            .setDecisionType(evaluated.type())
                            .setDecisionOutput(evaluated.output())
                            .addAllMatchedRules(evaluated.rules().stream()
                                    .map(rule -> MatchedDecisionRule.newBuilder()
                                            .setRuleId(rule.id())
                                            .setRuleIndex(rule.index())
                                            .addAllEvaluatedOutputs(rule.outputs().stream()
                                                    .map(o -> EvaluatedDecisionOutput.newBuilder()
                                                            .setOutputId(o.id())
                                                            .setOutputName(o.name() == null ? "" : o.name())
                                                            .setOutputValue(
                                                                    o.value().toString())
                                                            .build())
                                                    .toList())
                                            .build())
                                    .toList())
                            .addAllEvaluatedInputs(evaluated.inputs().stream()
                                    .map(in -> EvaluatedDecisionInput.newBuilder()
                                            .setInputId(in.id())
                                            .setInputName(in.name() == null ? "" : in.name())
                                            .setInputValue(in.value().toString())
                                            .build())
                                    .toList())
                            .setTenantId(TENANT));
                }
            }
            return builder.build();
        });
    }

    private static <T> void answer(StreamObserver<T> response, Supplier<T> call) {
        T result;
        try {
            result = call.get();
        } catch (RuntimeException e) {
            response.onError(status(e));
            return;
        }
        response.onNext(result);
        response.onCompleted();
    }

    private static StatusRuntimeException status(RuntimeException e) {
        if (e instanceof Commands.Refused refused) {
            Status status = switch (refused.status) {
                case NOT_FOUND -> Status.NOT_FOUND;
                case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
                case FAILED_PRECONDITION -> Status.FAILED_PRECONDITION;
                case ALREADY_EXISTS -> Status.ALREADY_EXISTS;
            };
            return status.withDescription(refused.getMessage()).asRuntimeException();
        }
        log.warn("engine command failed", e);
        // nothing was committed: the client may retry
        return Status.UNAVAILABLE
                .withDescription("the engine could not process the command: " + e.getMessage())
                .asRuntimeException();
    }
}
