package org.isaacus.processengine.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Conversions between stored JSON variables, FEEL/DMN values (Java and Scala) and wire JSON. */
final class Values {

    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Values() {}

    static Map<String, JsonNode> parseDocument(String json) {
        if (json == null || json.isBlank()) {
            return new LinkedHashMap<>();
        }
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || node.isNull()) {
                return new LinkedHashMap<>();
            }
            if (!node.isObject()) {
                throw new IllegalArgumentException(
                        "expected a JSON document (an object), but got " + node.getNodeType());
            }
            Map<String, JsonNode> result = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> result.put(e.getKey(), e.getValue()));
            return result;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("invalid JSON document: " + e.getOriginalMessage());
        }
    }

    static String toJson(Map<String, JsonNode> variables) {
        ObjectNode node = NODES.objectNode();
        variables.forEach(node::set);
        return node.toString();
    }

    /** JSON to the plain Java values FEEL and DMN take. */
    static Object toJava(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(toJava(item)));
            return list;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> map.put(e.getKey(), toJava(e.getValue())));
        return map;
    }

    static Map<String, Object> toJava(Map<String, JsonNode> variables) {
        Map<String, Object> result = new LinkedHashMap<>();
        variables.forEach((k, v) -> result.put(k, toJava(v)));
        return result;
    }

    /** A FEEL or DMN result (Java or Scala types) to JSON, as Zeebe stores it. */
    static JsonNode toJson(Object value) {
        if (value == null || value instanceof scala.None$ || value instanceof scala.runtime.BoxedUnit) {
            return NODES.nullNode();
        }
        if (value instanceof scala.Some<?> some) {
            return toJson(some.value());
        }
        if (value instanceof JsonNode node) {
            return node;
        }
        if (value instanceof String s) {
            return NODES.textNode(s);
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof scala.math.BigDecimal big) {
            return number(big.bigDecimal());
        }
        if (value instanceof BigDecimal big) {
            return number(big);
        }
        if (value instanceof BigInteger big) {
            return number(new BigDecimal(big));
        }
        if (value instanceof Double || value instanceof Float) {
            return number(BigDecimal.valueOf(((Number) value).doubleValue()));
        }
        if (value instanceof Number n) {
            return NODES.numberNode(n.longValue());
        }
        if (value instanceof ZonedDateTime
                || value instanceof OffsetDateTime
                || value instanceof LocalDateTime
                || value instanceof LocalDate
                || value instanceof LocalTime
                || value instanceof Duration
                || value instanceof Period
                || value instanceof TemporalAccessor) {
            return NODES.textNode(value.toString());
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode node = NODES.objectNode();
            map.forEach((k, v) -> node.set(String.valueOf(k), toJson(v)));
            return node;
        }
        if (value instanceof scala.collection.Map<?, ?> map) {
            ObjectNode node = NODES.objectNode();
            map.foreach(entry -> {
                node.set(String.valueOf(entry._1()), toJson(entry._2()));
                return null;
            });
            return node;
        }
        if (value instanceof Iterable<?> list) {
            ArrayNode node = NODES.arrayNode();
            list.forEach(item -> node.add(toJson(item)));
            return node;
        }
        if (value instanceof scala.collection.Iterable<?> list) {
            ArrayNode node = NODES.arrayNode();
            list.foreach(item -> {
                node.add(toJson(item));
                return null;
            });
            return node;
        }
        if (value.getClass().isArray()) {
            ArrayNode node = NODES.arrayNode();
            for (int i = 0; i < java.lang.reflect.Array.getLength(value); i++) {
                node.add(toJson(java.lang.reflect.Array.get(value, i)));
            }
            return node;
        }
        return NODES.textNode(value.toString());
    }

    private static JsonNode number(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() <= 0 && stripped.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0) {
            return NODES.numberNode(stripped.longValueExact());
        }
        return NODES.numberNode(value.doubleValue());
    }

    /** A timer's date: a FEEL date-time or an ISO string. */
    static Instant toInstant(Object value) {
        if (value instanceof ZonedDateTime z) {
            return z.toInstant();
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof LocalDateTime l) {
            return l.atZone(java.time.ZoneId.systemDefault()).toInstant();
        }
        if (value instanceof LocalDate d) {
            return d.atStartOfDay(java.time.ZoneId.systemDefault()).toInstant();
        }
        if (value instanceof String s) {
            try {
                return ZonedDateTime.parse(s).toInstant();
            } catch (java.time.format.DateTimeParseException e) {
                return LocalDateTime.parse(s)
                        .atZone(java.time.ZoneId.systemDefault())
                        .toInstant();
            }
        }
        throw new IllegalArgumentException("expected a date and time, but got " + describe(value));
    }

    /** A timer's duration: a FEEL duration or an ISO string. */
    static Duration toDuration(Object value, Instant from) {
        if (value instanceof Duration d) {
            return d;
        }
        if (value instanceof Period p) {
            ZonedDateTime start = from.atZone(java.time.ZoneOffset.UTC);
            return Duration.between(start, start.plus(p));
        }
        if (value instanceof String s) {
            if (s.contains("T") && !s.startsWith("P") || s.startsWith("PT") || s.matches("P\\d+D?T.*")) {
                return Duration.parse(s);
            }
            try {
                return Duration.parse(s);
            } catch (java.time.format.DateTimeParseException e) {
                return toDuration(Period.parse(s), from);
            }
        }
        throw new IllegalArgumentException("expected a duration, but got " + describe(value));
    }

    static String describe(Object value) {
        return value == null ? "null" : value + " (" + value.getClass().getSimpleName() + ")";
    }
}
