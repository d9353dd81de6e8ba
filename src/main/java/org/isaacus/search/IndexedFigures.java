package org.isaacus.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.isaacus.dashboard.Figures;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The managers' figures as OpenSearch aggregations over the case, task and element indexes: the same tables as
 * the SQL figures (the oracle), in milliseconds at a million cases. Percentiles: over up to {@value #EXACT} values
 * OpenSearch's t-digest, which interpolates as Hazen does and at this compression gives the SQL figures to their
 * last digit (measured up to 20,000 values); over more, the HDR histogram (three significant digits: within 0.1 %
 * of a value, 0.2 % measured against SQL at 1M cases), because the t-digest costs about a microsecond a value and
 * made a figure over a million tasks take seconds (docs/benchmarks.md). Times are cut into months and years in the
 * app's time zone, as PostgreSQL's session does.
 */
@Component
@Order(0) // before the SQL figures: the dashboard asks this source first
class IndexedFigures implements Figures {

    private static final int COMPRESSION = 5000;
    static final int EXACT = 20_000;
    private static final java.util.concurrent.ExecutorService THREADS =
            java.util.concurrent.Executors.newFixedThreadPool(
                    2, Thread.ofPlatform().daemon().name("figures-", 0).factory());
    private static final String PERCENTILES = "\"@percentiles\"";
    private static final java.util.regex.Pattern QUANTILE =
            java.util.regex.Pattern.compile("\\{" + PERCENTILES + ":\"(\\w+)\"\\}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpenSearchClient client;
    private final ZoneId zone = ZoneId.systemDefault();

    IndexedFigures(OpenSearchClient client) {
        this.client = client;
    }

    @Override
    public String source() {
        return "opensearch";
    }

    @Override
    public Table stageDurations(Period p) {
        var response = search(
                "tasks",
                filters(
                        p,
                        "closedAt",
                        "caseType",
                        "{\"term\":{\"state\":\"COMPLETED\"}}",
                        "{\"exists\":{\"field\":\"caseType\"}}"),
                "{\"by\":{\"terms\":{\"field\":\"element\",\"size\":500}," + "\"aggs\":{" + quantiles("durationSeconds")
                        + "}}}");
        List<List<Object>> rows = new ArrayList<>();
        for (JsonNode b : response.path("aggregations").path("by").path("buckets")) {
            rows.add(row(b.path("key").asText(), b.path("doc_count").asLong(), hours(b, "50.0"), hours(b, "90.0")));
        }
        return table("stage-durations", List.of("step", "completed", "median_hours", "p90_hours"), rows);
    }

    @Override
    public Table endToEnd(Period p) {
        var response = search(
                "cases",
                filters(p, "decidedAt", "type", "{\"exists\":{\"field\":\"submittedAt\"}}"),
                "{\"n\":{\"value_count\":{\"field\":\"secondsToDecision\"}}," + quantiles("secondsToDecision")
                        + ",\"within\":{\"avg\":{\"field\":\"withinDeadline\"}}}");
        JsonNode a = response.path("aggregations");
        return new Table(
                "end-to-end",
                List.of("decided", "median_days", "p90_days", "within_deadline_share"),
                List.of(row(
                        a.path("n").path("value").asLong(),
                        days(a, "50.0"),
                        days(a, "90.0"),
                        round(a.path("within").path("value"), 1, 3))));
    }

    @Override
    public Table throughput(Period p) {
        var response = search(
                "cases",
                filters(p, "decidedAt", "type", "{\"exists\":{\"field\":\"submittedAt\"}}"),
                "{\"months\":{\"date_histogram\":{\"field\":\"decidedAt\",\"calendar_interval\":\"month\","
                        + "\"time_zone\":\"" + zone.getId() + "\",\"format\":\"yyyy-MM\",\"min_doc_count\":1},"
                        + "\"aggs\":{\"by\":{\"terms\":{\"field\":\"outcome\",\"size\":20}}}}}");
        List<List<Object>> rows = new ArrayList<>();
        for (JsonNode month : response.path("aggregations").path("months").path("buckets")) {
            for (JsonNode outcome : sorted(month.path("by").path("buckets"))) {
                rows.add(row(
                        month.path("key_as_string").asText(),
                        outcome.path("key").asText(),
                        outcome.path("doc_count").asLong()));
            }
        }
        return table("throughput", List.of("month", "outcome", "decisions"), rows);
    }

    @Override
    public Table holderResponses(Period p) {
        var response = search(
                "tasks",
                filters(
                        p,
                        "closedAt",
                        "caseType",
                        "{\"term\":{\"state\":\"COMPLETED\"}}",
                        "{\"term\":{\"element\":\"Task_AnswerConsultation\"}}",
                        "{\"exists\":{\"field\":\"caseType\"}}"),
                "{\"by\":{\"terms\":{\"field\":\"holder\",\"size\":500},\"aggs\":{" + quantiles("durationSeconds")
                        + ",\"onTime\":{\"avg\":{\"field\":\"onTime\"}}}}}");
        List<List<Object>> rows = new ArrayList<>();
        for (JsonNode b : response.path("aggregations").path("by").path("buckets")) {
            rows.add(row(
                    b.path("key").asText(),
                    b.path("doc_count").asLong(),
                    hours(b, "50.0"),
                    hours(b, "90.0"),
                    round(b.path("onTime").path("value"), 1, 3)));
        }
        return table(
                "holder-responses", List.of("holder", "answers", "median_hours", "p90_hours", "on_time_share"), rows);
    }

    @Override
    public Table volumesByType(Period p) {
        return counts("volumes-by-type", List.of("type", "submitted"), "type", p);
    }

    @Override
    public Table volumesByDataset(Period p) {
        return counts("volumes-by-dataset", List.of("dataset", "submitted"), "datasets", p);
    }

    private Table counts(String name, List<String> columns, String field, Period p) {
        var response = search(
                "cases",
                filters(p, "submittedAt", "type"),
                "{\"by\":{\"terms\":{\"field\":\"" + field + "\",\"size\":500}}}");
        return table(name, columns, buckets(response));
    }

    @Override
    public Table backlogByStep() {
        var response = search(
                "tasks",
                "[{\"term\":{\"state\":\"OPEN\"}}]",
                "{\"by\":{\"terms\":{\"field\":\"element\",\"size\":500}}}");
        return table("backlog-by-step", List.of("step", "waiting"), buckets(response));
    }

    @Override
    public Table backlogByOfficer() {
        var response = search(
                "tasks",
                "[{\"term\":{\"state\":\"OPEN\"}},{\"term\":{\"candidateGroups\":\"permit-officer\"}}]",
                "{\"by\":{\"terms\":{\"field\":\"assignee\",\"size\":1000,\"missing\":\"(unclaimed)\"}}}");
        return table("backlog-by-officer", List.of("officer", "open_tasks"), buckets(response));
    }

    @Override
    public Table casesAtRisk() {
        // the typical clock-start-to-first-decision time of decided cases, then the open cases it would make late
        var typicalResponse = search(
                "cases",
                "[{\"exists\":{\"field\":\"decidedAt\"}},{\"exists\":{\"field\":\"submittedAt\"}},"
                        + "{\"exists\":{\"field\":\"clockStartedAt\"}}]",
                "{" + quantiles("clockToDecisionSeconds") + "}");
        JsonNode median =
                typicalResponse.path("aggregations").path("q").path("values").path("50.0");
        Double typical = median.isNumber() ? median.asDouble() : null;
        Instant now = Instant.now();
        String late = "{\"range\":{\"decisionDueAt\":{\"lt\":\"" + now + "\"}}}"
                + (typical == null ? "" : ",{\"range\":{\"clockSlackSeconds\":{\"lt\":" + typical + "}}}");
        var response = request(
                "cases",
                "{\"size\":" + org.isaacus.dashboard.DashboardFigures.AT_RISK
                        + ",\"_source\":[\"id\",\"title\",\"decisionDueAt\",\"clockStartedAt\"],"
                        + "\"query\":{\"bool\":{\"filter\":[{\"term\":{\"status\":\"under-assessment\"}},"
                        + "{\"exists\":{\"field\":\"clockStartedAt\"}},{\"bool\":{\"should\":[" + late
                        + "],\"minimum_should_match\":1}}]}},"
                        + "\"sort\":[{\"decisionDueAt\":\"asc\"},{\"id\":\"asc\"}]}");
        var day = DateTimeFormatter.ISO_LOCAL_DATE.withZone(zone);
        List<List<Object>> rows = new ArrayList<>();
        for (JsonNode hit : response.path("hits").path("hits")) {
            JsonNode s = hit.path("_source");
            Instant started = Instant.parse(s.path("clockStartedAt").asText());
            Instant forecast = typical == null ? now : started.plusNanos((long) (typical * 1e9));
            rows.add(row(
                    s.path("id").asText(),
                    s.path("title").asText(),
                    day.format(Instant.parse(s.path("decisionDueAt").asText())),
                    day.format(forecast.isAfter(now) ? forecast : now)));
        }
        return new Table("cases-at-risk", List.of("case", "title", "due", "forecast"), rows);
    }

    @Override
    public Table elementDurations(Period p) {
        var response = search(
                "elements",
                filters(p, "completedAt", null),
                "{\"by\":{\"terms\":{\"field\":\"element\",\"size\":1000}," + "\"aggs\":{"
                        + quantiles("durationSeconds") + "}}}");
        List<List<Object>> rows = new ArrayList<>();
        for (JsonNode b : response.path("aggregations").path("by").path("buckets")) {
            rows.add(row(b.path("key").asText(), b.path("doc_count").asLong(), hours(b, "50.0"), hours(b, "90.0")));
        }
        return table("element-durations", List.of("element", "completed", "median_hours", "p90_hours"), rows);
    }

    @Override
    public Table elementsWaiting() {
        var response = search(
                "elements",
                "[{\"term\":{\"state\":\"active\"}}]",
                "{\"by\":{\"terms\":{\"field\":\"element\",\"size\":1000}}}");
        return table("elements-waiting", List.of("element", "waiting"), buckets(response));
    }

    @Override
    public Table yearly() {
        String years = "\"calendar_interval\":\"year\",\"time_zone\":\"" + zone.getId()
                + "\",\"format\":\"yyyy\",\"min_doc_count\":1";
        var response = search(
                "cases",
                "[{\"exists\":{\"field\":\"submittedAt\"}}]",
                "{\"received\":{\"date_histogram\":{\"field\":\"submittedAt\"," + years + "}},"
                        + "\"decided\":{\"date_histogram\":{\"field\":\"decidedAt\"," + years + "},"
                        + "\"aggs\":{\"refused\":{\"filter\":{\"term\":{\"outcome\":\"refused\"}}},"
                        + quantiles("secondsToDecision") + "}}}");
        TreeMap<Integer, Object[]> byYear = new TreeMap<>();
        for (JsonNode b : response.path("aggregations").path("received").path("buckets")) {
            byYear.computeIfAbsent(b.path("key_as_string").asInt(), y -> new Object[] {y, 0L, 0L, 0L, 0L, null})[1] =
                    b.path("doc_count").asLong();
        }
        for (JsonNode b : response.path("aggregations").path("decided").path("buckets")) {
            Object[] row = byYear.computeIfAbsent(
                    b.path("key_as_string").asInt(), y -> new Object[] {y, 0L, 0L, 0L, 0L, null});
            long decided = b.path("doc_count").asLong();
            long refused = b.path("refused").path("doc_count").asLong();
            row[2] = decided;
            row[3] = decided - refused;
            row[4] = refused;
            row[5] = days(b, "50.0");
        }
        List<List<Object>> rows = new ArrayList<>();
        byYear.values().forEach(r -> rows.add(Arrays.asList(r)));
        return new Table(
                "yearly",
                List.of("year", "received", "decided", "granted", "refused", "median_days_to_decision"),
                rows);
    }

    /** A filter list: the period on the field given, the application type on its field, and more. */
    private static String filters(Period p, String timeField, String typeField, String... more) {
        List<String> filters = new ArrayList<>(Arrays.asList(more));
        filters.add("{\"range\":{\"" + timeField + "\":{\"gte\":\"" + p.from().toInstant() + "\",\"lt\":\""
                + p.to().toInstant() + "\"}}}");
        if (p.type() != null && typeField != null) {
            filters.add("{\"term\":{\"" + typeField + "\":" + quote(p.type()) + "}}");
        }
        return "[" + String.join(",", filters) + "]";
    }

    /** The median and p90 of a field, under the name {@code q}; the method is chosen when the request runs. */
    private static String quantiles(String field) {
        return "\"q\":{" + PERCENTILES + ":\"" + field + "\"}";
    }

    private JsonNode search(String index, String filters, String aggregations) {
        String body = "{\"size\":0,\"track_total_hits\":false,\"query\":{\"bool\":{\"filter\":" + filters
                + "}},\"aggs\":" + aggregations + "}";
        if (!body.contains(PERCENTILES)) {
            return request(index, body);
        }
        // the HDR answer is asked for at once, beside the count that decides whether the exact one is needed
        var approximate = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> request(index, percentiles(body, "\"hdr\":{\"number_of_significant_value_digits\":3}")), THREADS);
        long values = request(
                        index,
                        "{\"size\":0,\"track_total_hits\":true,\"query\":{\"bool\":{\"filter\":" + filters + "}}}")
                .path("hits")
                .path("total")
                .path("value")
                .asLong();
        if (values <= EXACT) {
            approximate.cancel(false);
            return request(index, percentiles(body, "\"tdigest\":{\"compression\":" + COMPRESSION + "}"));
        }
        try {
            return approximate.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof Unavailable u ? u : new Unavailable(e.getCause());
        }
    }

    private static String percentiles(String body, String method) {
        return QUANTILE.matcher(body)
                .replaceAll("{\"percentiles\":{\"field\":\"$1\",\"percents\":[50,90]," + method + "}}");
    }

    private JsonNode request(String index, String body) {
        try {
            return OpenSearchJson.call(client, "POST", "/" + index + "/_search", body);
        } catch (IOException | RuntimeException e) {
            throw new Unavailable(e);
        }
    }

    private static List<List<Object>> buckets(JsonNode response) {
        List<List<Object>> rows = new ArrayList<>();
        for (JsonNode b : response.path("aggregations").path("by").path("buckets")) {
            rows.add(row(b.path("key").asText(), b.path("doc_count").asLong()));
        }
        return rows;
    }

    private static List<JsonNode> sorted(JsonNode buckets) {
        List<JsonNode> list = new ArrayList<>();
        buckets.forEach(list::add);
        list.sort(java.util.Comparator.comparing(b -> b.path("key").asText()));
        return list;
    }

    /** Rows in key order, as the SQL figures give them. */
    private static Table table(String name, List<String> columns, List<List<Object>> rows) {
        rows.sort(java.util.Comparator.comparing(r -> String.valueOf(r.getFirst())));
        return new Table(name, columns, rows);
    }

    private static List<Object> row(Object... cells) {
        return new ArrayList<>(Arrays.asList(cells));
    }

    private static BigDecimal hours(JsonNode aggregations, String percent) {
        return round(aggregations.path("q").path("values").path(percent), 3600, 1);
    }

    private static BigDecimal days(JsonNode aggregations, String percent) {
        return round(aggregations.path("q").path("values").path(percent), 86400, 1);
    }

    /** As PostgreSQL's {@code round((x / unit)::numeric, scale)}: 15 significant digits, then half away from zero. */
    private static BigDecimal round(JsonNode value, double unit, int scale) {
        if (!value.isNumber()) {
            return null;
        }
        return new BigDecimal(value.asDouble() / unit)
                .round(new MathContext(15))
                .setScale(scale, RoundingMode.HALF_UP);
    }

    private static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
