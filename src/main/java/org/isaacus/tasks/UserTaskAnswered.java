package org.isaacus.tasks;

import java.util.Map;

/**
 * A person's answer to a task, committed with the task's closing; the job is completed in the engine from the
 * outbox after the commit, so a failure between the two loses nothing (ADR 001's gap).
 */
public record UserTaskAnswered(long jobKey, Map<String, Object> variables) {}
