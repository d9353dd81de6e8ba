package org.isaacus.processengine.internal;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One call tree: a root process instance, the children it called, and every element instance in them, with
 * their variables. Stored as one JSON document and locked as a whole by every command that changes it.
 */
final class Tree {

    public long rootKey;
    public LinkedHashMap<Long, Inst> instances = new LinkedHashMap<>();

    /** An element instance, a process instance included. */
    static final class Inst {
        public long key;
        public long processInstanceKey;
        public long processDefinitionKey;
        public String bpmnProcessId;
        public int version;
        public String elementId;
        public Model.Kind kind;
        public long flowScopeKey = -1;
        /** For a process instance called by a call activity: that call activity's instance. */
        public long callerKey = -1;

        public LinkedHashMap<String, JsonNode> vars = new LinkedHashMap<>();
        public Integer loopCounter;
        public int pendingInner;
        public long jobKey;
        public long childKey;
        /** Tokens waiting at parallel joins of this scope: gateway id, then incoming flow id, then count. */
        public LinkedHashMap<String, LinkedHashMap<String, Integer>> joins = new LinkedHashMap<>();

        public List<Wait> waits = new ArrayList<>();
        /** Set while an incident holds this element; what to retry when it is resolved. */
        /** Whether the element got past its activation (an incident while activating holds it before). */
        public boolean activated;

        public long incidentKey;

        public String incidentRetry;

        @JsonIgnore
        boolean isProcess() {
            return kind == Model.Kind.PROCESS;
        }

        @JsonIgnore
        boolean isBody() {
            return kind == Model.Kind.MULTI_INSTANCE_BODY;
        }
    }

    /** Something an element instance waits for: a timer or a message subscription, and what it triggers. */
    static final class Wait {
        public long key;
        public boolean timer;
        public String target;

        Wait() {}

        Wait(long key, boolean timer, String target) {
            this.key = key;
            this.timer = timer;
            this.target = target;
        }
    }

    Inst get(long key) {
        return instances.get(key);
    }

    List<Inst> children(long scopeKey) {
        List<Inst> result = new ArrayList<>();
        for (Inst inst : instances.values()) {
            if (inst.flowScopeKey == scopeKey && !inst.isProcess()) {
                result.add(inst);
            }
        }
        return result;
    }

    Map<Long, Inst> all() {
        return instances;
    }
}
