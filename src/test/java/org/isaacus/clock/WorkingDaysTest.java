package org.isaacus.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkingDaysTest {

    @ParameterizedTest
    @CsvSource({
        "2025, 2025-04-20",
        "2026, 2026-04-05",
        "2027, 2027-03-28",
        "2038, 2038-04-25",
    })
    void easterSunday(int year, LocalDate easter) {
        assertThat(WorkingDays.easterSunday(year)).isEqualTo(easter);
    }

    @ParameterizedTest
    @CsvSource({
        "2026-11-26, 1,  2026-11-27", // Thursday to Friday
        "2026-11-27, 1,  2026-11-30", // over a weekend
        "2026-12-23, 1,  2026-12-28", // Christmas Eve, Christmas Day and Boxing Day
        "2027-03-25, 1,  2027-03-30", // Good Friday and Easter Monday
        "2027-05-05, 1,  2027-05-07", // Ascension Day
        "2027-06-24, 1,  2027-06-28", // Midsummer Eve
        "2026-11-26, 15, 2026-12-17", // a consultation; Independence Day falls on a Sunday in 2026
        "2027-12-03, 1,  2027-12-07", // Independence Day on a Monday
    })
    void addsWorkingDaysSkippingWeekendsAndFinnishHolidays(LocalDate start, int days, LocalDate expected) {
        assertThat(WorkingDays.add(start, days)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"2027-01-01", "2027-01-06", "2027-05-01", "2027-12-06", "2027-12-24", "2027-06-25"})
    void holidaysAreNotWorkingDays(LocalDate holiday) {
        assertThat(WorkingDays.isWorkingDay(holiday)).isFalse();
    }
}
