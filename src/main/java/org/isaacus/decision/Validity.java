package org.isaacus.decision;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** A permit is valid to the end of its last day in the authority's time zone. */
final class Validity {

    static final ZoneId AUTHORITY_ZONE = ZoneId.of("Europe/Helsinki");

    private Validity() {}

    /** The authority's calendar day: dates of permits and decisions are Finnish days, whatever the server's zone. */
    static LocalDate today(java.time.Clock clock) {
        return LocalDate.now(clock.withZone(AUTHORITY_ZONE));
    }

    static String endOf(LocalDate lastDay) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                lastDay.atTime(LocalTime.of(23, 59, 59)).atZone(AUTHORITY_ZONE).toOffsetDateTime());
    }
}
