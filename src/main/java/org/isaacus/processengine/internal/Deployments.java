package org.isaacus.processengine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.dmn.DmnEngine;
import org.camunda.dmn.parser.ParsedDmn;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * Deployed processes, decisions and forms. A resource is checked completely before anything is stored (a
 * model the engine cannot run is refused whole); a definition whose resource did not change keeps its version
 * and key, as in Zeebe. Compiled models are cached by definition key.
 */
final class Deployments {

    record Resource(String name, byte[] content) {}

    record Definition(
            long key,
            String kind,
            String id,
            String name,
            int version,
            long resourceKey,
            String resourceName,
            Long parentKey) {}

    static final class DeploymentRefused extends RuntimeException {
        DeploymentRefused(String message) {
            super(message);
        }
    }

    private final DmnEngine dmn;
    private final Expressions expressions;
    private final Map<Long, Model.Process_> processes = new ConcurrentHashMap<>();
    private final Map<Long, ParsedDmn> decisionModels = new ConcurrentHashMap<>();

    Deployments(DmnEngine dmn, Expressions expressions) {
        this.dmn = dmn;
        this.expressions = expressions;
    }

    List<Definition> deploy(DSLContext db, List<Resource> resources) {
        // check everything first: a deployment is all or nothing
        for (Resource resource : resources) {
            check(resource);
        }
        List<Definition> deployed = new ArrayList<>();
        for (Resource resource : resources) {
            String checksum = sha256(resource.content());
            List<Definition> found = definitionsOf(resource);
            long resourceKey = 0;
            for (Definition definition : found) {
                Record latest = db.fetchOne(
                        "select d.key, d.version, d.checksum from definition d where d.kind = ? and d.definition_id = ?"
                                + " order by d.version desc limit 1",
                        definition.kind(),
                        definition.id());
                if (latest != null && checksum.equals(latest.get(2, String.class))) {
                    deployed.add(find(db, latest.get(0, Long.class)));
                    continue;
                }
                if (resourceKey == 0) {
                    resourceKey = Store.nextKey(db);
                    db.execute(
                            "insert into resource (key, name, checksum, content) values (?, ?, ?, ?)",
                            resourceKey,
                            resource.name(),
                            checksum,
                            resource.content());
                }
                int version = latest == null ? 1 : latest.get(1, Integer.class) + 1;
                long key = Store.nextKey(db);
                Long parent = null;
                if (definition.kind().equals("decision")) {
                    // the decision requirements graph of this resource was stored just before
                    parent = deployed.getLast().kind().equals("decision-requirements")
                                    && deployed.getLast().resourceName().equals(resource.name())
                            ? deployed.getLast().key()
                            : null;
                }
                db.execute(
                        "insert into definition (key, kind, definition_id, name, version, resource_key, checksum, parent_key)"
                                + " values (?, ?, ?, ?, ?, ?, ?, ?)",
                        key,
                        definition.kind(),
                        definition.id(),
                        definition.name(),
                        version,
                        resourceKey,
                        checksum,
                        parent);
                deployed.add(new Definition(
                        key,
                        definition.kind(),
                        definition.id(),
                        definition.name(),
                        version,
                        resourceKey,
                        resource.name(),
                        parent));
            }
        }
        return deployed;
    }

    private void check(Resource resource) {
        String name = resource.name();
        if (name.endsWith(".bpmn") || name.endsWith(".xml")) {
            for (Model.Process_ process : Model.compile(name, resource.content())) {
                checkExpressions(name, process);
            }
        } else if (name.endsWith(".dmn")) {
            parseDmn(name, resource.content());
        } else if (name.endsWith(".form")) {
            formId(name, resource.content());
        } else {
            throw new DeploymentRefused("'" + name + "': unknown resource type (expected .bpmn, .dmn or .form)");
        }
    }

    private void checkExpressions(String resource, Model.Process_ process) {
        for (Model.Node node : process.nodes.values()) {
            List<String> attributes = new ArrayList<>(java.util.Arrays.asList(
                    node.jobType,
                    node.retries,
                    node.assignee,
                    node.candidateGroups,
                    node.candidateUsers,
                    node.dueDate,
                    node.followUpDate,
                    node.calledProcessId,
                    node.inputCollection,
                    node.outputElement,
                    node.timerDate,
                    node.timerDuration,
                    node.timerCycle,
                    node.correlationKey,
                    node.messageName));
            node.inputs.forEach(m -> attributes.add(m.source()));
            node.outputs.forEach(m -> attributes.add(m.source()));
            node.outgoing.forEach(f -> attributes.add(f.condition()));
            for (String attribute : attributes) {
                String error = expressions.syntaxError(attribute);
                if (error != null) {
                    throw new DeploymentRefused("'" + resource + "': element '" + node.id + "': invalid expression "
                            + attribute + ": " + error);
                }
            }
            if ((node.kind == Model.Kind.RECEIVE_TASK || node.isMessage())
                    && node.kind != Model.Kind.START_EVENT
                    && (node.correlationKey == null || node.correlationKey.isBlank())) {
                throw new DeploymentRefused("'" + resource + "': element '" + node.id
                        + "': a message subscription needs a correlation key");
            }
        }
    }

    private List<Definition> definitionsOf(Resource resource) {
        String name = resource.name();
        List<Definition> result = new ArrayList<>();
        if (name.endsWith(".bpmn") || name.endsWith(".xml")) {
            for (Model.Process_ process : Model.compile(name, resource.content())) {
                result.add(new Definition(0, "process", process.bpmnProcessId, process.name, 0, 0, name, null));
            }
        } else if (name.endsWith(".dmn")) {
            ParsedDmn parsed = parseDmn(name, resource.content());
            var definitions = parsed.model().getDefinitions();
            result.add(new Definition(
                    0, "decision-requirements", definitions.getId(), definitions.getName(), 0, 0, name, null));
            parsed.decisions().foreach(decision -> {
                result.add(new Definition(0, "decision", decision.id(), decision.name(), 0, 0, name, null));
                return null;
            });
        } else {
            result.add(new Definition(0, "form", formId(name, resource.content()), null, 0, 0, name, null));
        }
        return result;
    }

    private ParsedDmn parseDmn(String name, byte[] content) {
        var parsed = dmn.parse(new ByteArrayInputStream(content));
        if (parsed.isLeft()) {
            throw new DeploymentRefused("'" + name + "': " + parsed.left().get().message());
        }
        return parsed.toOption().get();
    }

    private static String formId(String name, byte[] content) {
        try {
            JsonNode form = Values.JSON.readTree(new String(content, StandardCharsets.UTF_8));
            JsonNode id = form.get("id");
            if (id == null || !id.isTextual() || id.textValue().isBlank()) {
                throw new DeploymentRefused("'" + name + "': a form needs an id");
            }
            return id.textValue();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DeploymentRefused("'" + name + "': not a JSON form: " + e.getOriginalMessage());
        }
    }

    Definition find(DSLContext db, long key) {
        Record r = db.fetchOne(
                "select d.key, d.kind, d.definition_id, d.name, d.version, d.resource_key, r.name, d.parent_key"
                        + " from definition d join resource r on r.key = d.resource_key where d.key = ?",
                key);
        return r == null ? null : definition(r);
    }

    Definition latest(DSLContext db, String kind, String id) {
        Record r = db.fetchOne(
                "select d.key, d.kind, d.definition_id, d.name, d.version, d.resource_key, r.name, d.parent_key"
                        + " from definition d join resource r on r.key = d.resource_key"
                        + " where d.kind = ? and d.definition_id = ? order by d.version desc limit 1",
                kind,
                id);
        return r == null ? null : definition(r);
    }

    Definition version(DSLContext db, String kind, String id, int version) {
        Record r = db.fetchOne(
                "select d.key, d.kind, d.definition_id, d.name, d.version, d.resource_key, r.name, d.parent_key"
                        + " from definition d join resource r on r.key = d.resource_key"
                        + " where d.kind = ? and d.definition_id = ? and d.version = ?",
                kind,
                id,
                version);
        return r == null ? null : definition(r);
    }

    /** The latest version of every process, for message start events. */
    List<Definition> latestProcesses(DSLContext db) {
        return db.fetch("select d.key, d.kind, d.definition_id, d.name, d.version, d.resource_key, r.name, d.parent_key"
                        + " from definition d join resource r on r.key = d.resource_key"
                        + " where d.kind = 'process' and d.version = (select max(version) from definition x"
                        + " where x.kind = 'process' and x.definition_id = d.definition_id)")
                .map(Deployments::definition);
    }

    private static Definition definition(Record r) {
        return new Definition(
                r.get(0, Long.class),
                r.get(1, String.class),
                r.get(2, String.class),
                r.get(3, String.class),
                r.get(4, Integer.class),
                r.get(5, Long.class),
                r.get(6, String.class),
                r.get(7, Long.class));
    }

    Model.Process_ process(DSLContext db, long definitionKey) {
        return processes.computeIfAbsent(definitionKey, key -> {
            Definition definition = find(db, key);
            byte[] content = content(db, definition.resourceKey());
            return Model.compile(definition.resourceName(), content).stream()
                    .filter(p -> p.bpmnProcessId.equals(definition.id()))
                    .findFirst()
                    .orElseThrow();
        });
    }

    ParsedDmn decisions(DSLContext db, long requirementsKey) {
        return decisionModels.computeIfAbsent(requirementsKey, key -> {
            Definition definition = find(db, key);
            return parseDmn(definition.resourceName(), content(db, definition.resourceKey()));
        });
    }

    private static byte[] content(DSLContext db, long resourceKey) {
        return Store.value(db, byte[].class, "select content from resource where key = ?", resourceKey);
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
