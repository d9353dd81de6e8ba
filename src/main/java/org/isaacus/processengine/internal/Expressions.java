package org.isaacus.processengine.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.camunda.feel.api.EvaluationResult;
import org.camunda.feel.api.FeelEngineApi;
import org.camunda.feel.api.FeelEngineBuilder;
import org.camunda.feel.api.ParseResult;
import org.camunda.feel.syntaxtree.ParsedExpression;

/**
 * FEEL for the engine: a value in a model is static text unless it starts with '=', as in Zeebe. The FEEL
 * engine reads the engine clock, so now() moves with time travel.
 */
final class Expressions {

    static final class EvaluationException extends RuntimeException {
        EvaluationException(String message) {
            super(message);
        }
    }

    private final FeelEngineApi feel;
    private final Map<String, ParsedExpression> parsed = new ConcurrentHashMap<>();

    Expressions(Supplier<java.time.ZonedDateTime> clock) {
        this.feel = FeelEngineBuilder.forJava().withClock(clock::get).build();
    }

    static boolean isExpression(String value) {
        return value != null && value.startsWith("=");
    }

    /** The value of a model attribute: FEEL when it starts with '=', the text itself otherwise. */
    Object value(String attribute, Map<String, Object> variables) {
        if (!isExpression(attribute)) {
            return attribute;
        }
        return evaluate(attribute.substring(1), variables);
    }

    Object evaluate(String expression, Map<String, Object> variables) {
        ParsedExpression expr = parsed.computeIfAbsent(expression, text -> {
            ParseResult result = feel.parseExpression(text);
            if (result.isFailure()) {
                throw new EvaluationException("failed to parse expression '" + text + "': "
                        + result.failure().message());
            }
            return result.parsedExpression();
        });
        EvaluationResult result = feel.evaluate(expr, variables);
        if (result.isFailure()) {
            throw new EvaluationException("failed to evaluate expression '" + expression + "': "
                    + result.failure().message());
        }
        return result.result();
    }

    boolean condition(String attribute, Map<String, Object> variables) {
        Object result = value(attribute, variables);
        if (result instanceof Boolean b) {
            return b;
        }
        throw new EvaluationException(
                "Expected result of the expression '" + attribute.substring(1) + "' to be 'BOOLEAN', but was '"
                        + (result == null ? "NULL" : result.getClass().getSimpleName()) + "'.");
    }

    /** Checks the syntax at deploy time, so a broken model is refused instead of failing at run time. */
    String syntaxError(String attribute) {
        if (!isExpression(attribute)) {
            return null;
        }
        ParseResult result = feel.parseExpression(attribute.substring(1));
        return result.isFailure() ? result.failure().message() : null;
    }
}
