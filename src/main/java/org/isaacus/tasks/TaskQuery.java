package org.isaacus.tasks;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.isaacus.forms.InvalidInputException;

/**
 * One page of the task list as asked: a view, filters, a sort order and where the previous page ended (keyset,
 * never an offset: the thousandth page costs what the first one does). Every parameter is optional.
 *
 * @param view {@code mine} (assigned to me), {@code unassigned} (in my groups, nobody's yet) or {@code all}
 * @param step a form id (the kind of task)
 * @param caseType an application type
 * @param due {@code overdue} or {@code week} (due within seven days, not yet overdue)
 * @param sort {@code due} (the task's due date) or {@code deadline} (the case's decision deadline)
 * @param text part of the case title, or the case number (its id)
 * @param after the cursor of the page before, as {@link Page#next()} gave it
 */
public record TaskQuery(
        View view,
        String step,
        String caseType,
        String dataset,
        String holder,
        Due due,
        Sort sort,
        String text,
        Cursor after,
        int limit) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public enum View {
        MINE,
        UNASSIGNED,
        ALL
    }

    public enum Due {
        OVERDUE,
        WEEK
    }

    public enum Sort {
        DUE,
        DEADLINE
    }

    /** Where a page ended: the sort value of its last task (null: no date, sorted last) and its key. */
    public record Cursor(OffsetDateTime sortValue, long jobKey) {

        String encode() {
            String raw = (sortValue == null ? "-" : sortValue.toString()) + "|" + jobKey;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String encoded) {
            String raw = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
            int bar = raw.lastIndexOf('|');
            String value = raw.substring(0, bar);
            return new Cursor(
                    value.equals("-") ? null : OffsetDateTime.parse(value), Long.parseLong(raw.substring(bar + 1)));
        }
    }

    /** Reads the query parameters; anything it cannot read is a 400 naming the parameter. */
    public static TaskQuery parse(Map<String, String> params) {
        Map<String, String> errors = new HashMap<>();
        View view = choice(View.class, params.get("view"), View.ALL, "view", errors);
        Due due = choice(Due.class, params.get("due"), null, "due", errors);
        Sort sort = choice(Sort.class, params.get("sort"), Sort.DUE, "sort", errors);
        Cursor after = null;
        if (present(params.get("after"))) {
            try {
                after = Cursor.decode(params.get("after"));
            } catch (RuntimeException e) {
                errors.put("after", "Not a page cursor of this list");
            }
        }
        int limit = DEFAULT_LIMIT;
        if (present(params.get("limit"))) {
            try {
                limit = Integer.parseInt(params.get("limit"));
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                errors.put("limit", "A page has 1 to " + MAX_LIMIT + " tasks");
            }
        }
        String text = blankToNull(params.get("q"));
        if (text != null && text.length() > 200) {
            errors.put("q", "At most 200 characters");
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new TaskQuery(
                view,
                blankToNull(params.get("step")),
                blankToNull(params.get("type")),
                blankToNull(params.get("dataset")),
                blankToNull(params.get("holder")),
                due,
                sort,
                text,
                after,
                limit);
    }

    /** The same query from its first page, in another view (the view tabs keep the filters). */
    public TaskQuery inView(View other) {
        return new TaskQuery(other, step, caseType, dataset, holder, due, sort, text, null, limit);
    }

    /** A text that is a whole case number finds that case; any other text is looked for in case titles. */
    UUID caseNumber() {
        if (text != null
                && text.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
            return UUID.fromString(text);
        }
        return null;
    }

    private static <E extends Enum<E>> E choice(
            Class<E> type, String value, E fallback, String name, Map<String, String> errors) {
        if (!present(value)) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.put(
                    name,
                    "One of "
                            + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(java.util.Locale.ROOT));
            return fallback;
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static String blankToNull(String value) {
        return present(value) ? value.strip() : null;
    }

    /** One page: its tasks, the cursor of the next page (null on the last) and how many tasks each view holds. */
    public record Page(java.util.List<UserTask> tasks, String next, Map<String, Count> counts) {}

    /** How many tasks a view holds with the same filters; counted up to a cap, beyond it only "more than". */
    public record Count(int value, boolean more) {}
}
