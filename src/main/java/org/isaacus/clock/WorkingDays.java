package org.isaacus.clock;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.HashSet;
import java.util.Set;

/**
 * Finnish working days: Monday to Friday, except the public holidays of the Finnish calendar (fixed dates,
 * the Easter-based ones, Midsummer Eve and All Saints' Day that move to a weekday or Saturday).
 */
public final class WorkingDays {

    private static final Set<MonthDay> FIXED = Set.of(
            MonthDay.of(1, 1), // New Year's Day
            MonthDay.of(1, 6), // Epiphany
            MonthDay.of(5, 1), // May Day
            MonthDay.of(12, 6), // Independence Day
            MonthDay.of(12, 24), // Christmas Eve
            MonthDay.of(12, 25), // Christmas Day
            MonthDay.of(12, 26)); // Boxing Day

    private WorkingDays() {}

    /** The date {@code days} working days after {@code start} (the start day itself does not count). */
    public static LocalDate add(LocalDate start, int days) {
        LocalDate date = start;
        int left = days;
        while (left > 0) {
            date = date.plusDays(1);
            if (isWorkingDay(date)) {
                left--;
            }
        }
        return date;
    }

    /** The date {@code days} working days before {@code end} (for reminders ahead of a deadline). */
    public static LocalDate subtract(LocalDate end, int days) {
        LocalDate date = end;
        int left = days;
        while (left > 0) {
            date = date.minusDays(1);
            if (isWorkingDay(date)) {
                left--;
            }
        }
        return date;
    }

    /**
     * A time limit that ends on a Saturday, Sunday or public holiday ends on the next working day instead (Act on
     * the Calculation of Statutory Time Limits 150/1930 §5).
     */
    public static LocalDate rollForward(LocalDate lastDay) {
        LocalDate date = lastDay;
        while (!isWorkingDay(date)) {
            date = date.plusDays(1);
        }
        return date;
    }

    public static boolean isWorkingDay(LocalDate date) {
        DayOfWeek day = date.getDayOfWeek();
        return day != DayOfWeek.SATURDAY
                && day != DayOfWeek.SUNDAY
                && !holidays(date.getYear()).contains(date);
    }

    static Set<LocalDate> holidays(int year) {
        Set<LocalDate> days = new HashSet<>();
        FIXED.forEach(d -> days.add(d.atYear(year)));
        LocalDate easter = easterSunday(year);
        days.add(easter.minusDays(2)); // Good Friday
        days.add(easter.plusDays(1)); // Easter Monday
        days.add(easter.plusDays(39)); // Ascension Day
        // Midsummer Eve: the Friday between 19 and 25 June
        LocalDate june19 = LocalDate.of(year, 6, 19);
        days.add(june19.plusDays(
                (DayOfWeek.FRIDAY.getValue() - june19.getDayOfWeek().getValue() + 7) % 7));
        return days;
    }

    /** Anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
    static LocalDate easterSunday(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = ((h + l - 7 * m + 114) % 31) + 1;
        return LocalDate.of(year, month, day);
    }
}
