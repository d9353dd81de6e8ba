package org.isaacus.clock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.CamundaClient;
import java.time.Clock;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Due dates of the permit path. How long a step may take lives in decision-tables/deadlines.dmn (working days
 * or a calendar period); this turns it into a date in the authority's time zone. A period that ends on a weekend or
 * a public holiday rolls forward to the next working day (Act 150/1930 §5), and a deadline ends at the end of its
 * last day.
 */
@Service
public class Deadlines {

    /** The authority's calendar: its days, deadlines and dates shown to people are Finnish ones. */
    public static final ZoneId AUTHORITY_ZONE = ZoneId.of("Europe/Helsinki");

    private static final LocalTime END_OF_DAY = LocalTime.of(23, 59, 59);

    private final CamundaClient engine;
    private final ObjectMapper json;
    private final Clock clock;

    Deadlines(CamundaClient engine, ObjectMapper json, Clock clock) {
        this.engine = engine;
        this.json = json;
        this.clock = clock;
    }

    /** With seconds always written, as FEEL's date and time() wants them. */
    public static String format(OffsetDateTime dateTime) {
        return java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(dateTime);
    }

    /**
     * The last day to appeal a decision sent by e-mail on {@code sentOn}: the e-mail counts as received on the
     * third day after sending (Administrative Procedure Act 434/2003 §59), the appeal period is 30 days from then
     * (Administrative Judicial Procedure Act 808/2019 §13), and a period ending on a holiday rolls forward.
     */
    public static java.time.LocalDate appealEndsOn(java.time.LocalDate sentOn) {
        return WorkingDays.rollForward(sentOn.plusDays(3).plusDays(30));
    }

    /** A reminder {@code workingDays} working days before a deadline, at the start of that working day. */
    public static OffsetDateTime remindBefore(OffsetDateTime due, int workingDays) {
        var day = WorkingDays.subtract(due.atZoneSameInstant(AUTHORITY_ZONE).toLocalDate(), workingDays);
        return day.atTime(LocalTime.of(8, 0)).atZone(AUTHORITY_ZONE).toOffsetDateTime();
    }

    public OffsetDateTime dueFor(String step) {
        return dueFor(step, OffsetDateTime.now(clock));
    }

    public OffsetDateTime dueFor(String step, OffsetDateTime from) {
        var result = engine.newEvaluateDecisionCommand()
                .decisionId("deadlines")
                .variables(Map.of("step", step))
                .send()
                .join();
        JsonNode rule;
        try {
            rule = json.readTree(result.getDecisionOutput());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable deadlines output " + result.getDecisionOutput(), e);
        }
        if (rule == null || rule.isNull()) {
            throw new IllegalArgumentException("decision-tables/deadlines.dmn has no rule for step " + step);
        }
        var local = from.atZoneSameInstant(AUTHORITY_ZONE).toLocalDate();
        var date = rule.hasNonNull("workingDays")
                ? WorkingDays.add(local, rule.get("workingDays").asInt())
                : WorkingDays.rollForward(
                        local.plus(Period.parse(rule.get("period").asText())));
        return date.atTime(END_OF_DAY).atZone(AUTHORITY_ZONE).toOffsetDateTime();
    }
}
