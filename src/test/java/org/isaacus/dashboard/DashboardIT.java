package org.isaacus.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.isaacus.identity.Role;
import org.isaacus.support.Api;
import org.isaacus.support.IntegrationTest;
import org.isaacus.support.Tokens;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Managers' figures on generated history, each checked against the same figure computed here in Java from the
 * raw rows (Hazen percentiles: linear interpolation between the sorted values at positions q·n − ½), and the
 * figures the dashboards read from OpenSearch checked equal to the SQL ones.
 */
class DashboardIT extends IntegrationTest {

    @Autowired
    JWKSource<SecurityContext> keys;

    @Autowired
    HistoricalCases history;

    @Autowired
    DSLContext db;

    @Autowired
    DashboardFigures sql;

    @Autowired
    java.util.List<Figures> sources;

    Api api;
    String mikko;

    // history only: cases made by other tests today fall outside
    final String from = LocalDate.now(ZoneOffset.UTC).minusYears(3).toString();
    final String to = LocalDate.now(ZoneOffset.UTC).minusDays(2).toString();

    @BeforeEach
    void setUp() {
        api = new Api(baseUrl());
        mikko = new Tokens(keys).of("mikko", Role.MANAGER);
        history.generate(400, 7);
        // the dashboards read the index: wait until it holds the history (the SQL figures of its period)
        var period = new Figures.Period(day(from), day(to), null);
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(120))
                .ignoreExceptionsInstanceOf(Figures.Unavailable.class) // search may still be starting
                .until(() -> sources.getFirst().stageDurations(period).equals(sql.stageDurations(period))
                        && sources.getFirst().endToEnd(period).equals(sql.endToEnd(period)));
    }

    private Map<String, List<Object>> figure(String name, String query) {
        for (var t : api.get(mikko, "/api/dashboard" + query).json()) {
            if (t.path("name").asText().equals(name)) {
                Map<String, List<Object>> rows = new HashMap<>();
                for (var row : t.path("rows")) {
                    List<Object> cells = new ArrayList<>();
                    row.forEach(c -> cells.add(c.isNumber() ? c.asDouble() : c.asText()));
                    rows.put(String.valueOf(cells.getFirst()), cells);
                }
                return rows;
            }
        }
        throw new AssertionError("no figure " + name);
    }

    static double percentile(List<Double> values, double q) {
        var sorted = values.stream().sorted().toList();
        double position = q * sorted.size() - 0.5;
        if (position <= 0) {
            return sorted.getFirst();
        }
        if (position >= sorted.size() - 1) {
            return sorted.getLast();
        }
        int low = (int) Math.floor(position);
        return sorted.get(low) + (sorted.get(low + 1) - sorted.get(low)) * (position - low);
    }

    @Test
    void hazenPercentilesOfAFewValues() {
        assertThat(percentile(List.of(1.0, 2.0), 0.5)).isEqualTo(1.5);
        assertThat(percentile(List.of(1.0, 2.0), 0.9)).isEqualTo(2.0);
        assertThat(percentile(List.of(0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0), 0.9))
                .isCloseTo(85.0, within(1e-9));
        assertThat(db.fetchOne("SELECT quantile_hazen(ARRAY[0,10,20,30,40,50,60,70,80,90]::float8[], 0.9)")
                        .get(0, Double.class))
                .isCloseTo(85.0, within(1e-9));
        assertThat(db.fetchOne("SELECT quantile_hazen(ARRAY[]::float8[], 0.5)").get(0, Double.class))
                .isNull();
    }

    /**
     * Every figure the dashboards read from OpenSearch equals the SQL figure on the same rows, for periods with
     * and without a type filter and for the public statistics; the dashboard says where its figures came from.
     */
    @Test
    void theIndexedFiguresEqualTheSqlFigures() {
        var indexed = sources.getFirst();
        assertThat(indexed.source()).isEqualTo("opensearch");
        var periods = List.of(
                new Figures.Period(day(from), day(to), null),
                new Figures.Period(day(from), day(to), "data-permit"),
                new Figures.Period(day(to).minusMonths(5), day(to), "data-request"),
                new Figures.Period(day("2000-01-01"), day(to).plusYears(5), null));
        // other tests' cases may still be moving: equal once the index has caught up with a reading
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(180))
                .pollInterval(java.time.Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    for (var period : periods) {
                        var expected = sql.all(period);
                        var actual = indexed.all(period);
                        for (int i = 0; i < expected.size(); i++) {
                            assertThat(actual.get(i))
                                    .as(expected.get(i).name() + " " + period)
                                    .isEqualTo(expected.get(i));
                        }
                    }
                    assertThat(indexed.yearly()).isEqualTo(sql.yearly());
                });
        var stageDurations = figure("stage-durations", "?from=" + from + "&to=" + to);
        assertThat(stageDurations).containsKeys("Task_CheckCompleteness", "Task_AnswerConsultation");
        assertThat(api.get(mikko, "/api/dashboard").header("X-Figures-Source")).isEqualTo("opensearch");
        assertThat(api.get(null, "/api/public/statistics").header("X-Figures-Source"))
                .isEqualTo("opensearch");
    }

    private static java.time.OffsetDateTime day(String date) {
        return LocalDate.parse(date).atStartOfDay().atOffset(ZoneOffset.UTC);
    }

    @Test
    void stageDurationsAreTheMedianAndP90OfTheRawRows() {
        var figure = figure("stage-durations", "?from=" + from + "&to=" + to);
        Map<String, List<Double>> hours = new HashMap<>();
        for (var r : db.fetch(
                "SELECT element_id, extract(epoch FROM closed_at - created_at) / 3600 FROM user_task"
                        + " WHERE state = 'COMPLETED' AND closed_at >= ?::date AND closed_at < ?::date + 1",
                from,
                to)) {
            hours.computeIfAbsent(r.get(0, String.class), k -> new ArrayList<>())
                    .add(r.get(1, Double.class));
        }
        assertThat(figure.keySet()).containsExactlyInAnyOrderElementsOf(hours.keySet());
        assertThat(hours).containsKeys("Task_CheckCompleteness", "Task_AnswerConsultation", "Task_DraftDecision");
        for (var e : hours.entrySet()) {
            var row = figure.get(e.getKey());
            assertThat((Double) row.get(1)).isEqualTo(e.getValue().size());
            assertThat((Double) row.get(2)).isCloseTo(percentile(e.getValue(), 0.5), within(0.051));
            assertThat((Double) row.get(3)).isCloseTo(percentile(e.getValue(), 0.9), within(0.051));
            assertThat((Double) row.get(3)).isGreaterThan((Double) row.get(2));
        }
    }

    /** Every element's durations from the engine's own history (what the heatmap shows), against the raw rows. */
    @Test
    void elementFiguresAreTheEngineHistorysRawRows() {
        // a case of this test's own through its completeness check, so the history has human and service steps
        var tokens = new Tokens(keys);
        String aino = tokens.of("aino", Role.APPLICANT);
        String olli = tokens.of("olli", Role.PERMIT_OFFICER);
        var cases = new org.isaacus.support.Cases(api, aino);
        String id = cases.readyDraft(aino);
        assertThat(api.post(aino, "/api/applications/" + id + "/submit", null).status())
                .isEqualTo(200);
        cases.work(olli, cases.awaitTask(olli, id, "completeness-check"), Map.of("completeness", "complete"));
        String period = "?from=2000-01-01&to=" + LocalDate.now(ZoneOffset.UTC).plusYears(5);
        // cases of other tests may still be moving: compare once the history stands still across the reading
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(90))
                .untilAsserted(() -> {
                    Map<String, List<Double>> hours = elementHours();
                    Map<String, Integer> waiting = elementsWaiting();
                    var durations = figure("element-durations", period);
                    var waitingNow = figure("elements-waiting", period);
                    assertThat(elementHours()).isEqualTo(hours);
                    assertThat(hours).containsKeys("Task_CheckCompleteness", "Task_ClassifyApplication");
                    assertThat(durations.keySet()).containsExactlyInAnyOrderElementsOf(hours.keySet());
                    for (var e : hours.entrySet()) {
                        var row = durations.get(e.getKey());
                        assertThat((Double) row.get(1)).isEqualTo(e.getValue().size());
                        assertThat((Double) row.get(2)).isCloseTo(percentile(e.getValue(), 0.5), within(0.051));
                        assertThat((Double) row.get(3)).isCloseTo(percentile(e.getValue(), 0.9), within(0.051));
                    }
                    assertThat(waitingNow.keySet()).containsExactlyInAnyOrderElementsOf(waiting.keySet());
                    waiting.forEach((element, count) ->
                            assertThat((Double) waitingNow.get(element).get(1)).isEqualTo(count.doubleValue()));
                });
    }

    private Map<String, List<Double>> elementHours() {
        Map<String, java.time.OffsetDateTime> activated = new HashMap<>();
        Map<String, String> elements = new HashMap<>();
        Map<String, List<Double>> hours = new java.util.TreeMap<>();
        for (var r :
                db.fetch("SELECT element_instance_key::text, element_id, element_type, event, at FROM engine.history"
                        + " ORDER BY seq")) {
            String key = r.get(0, String.class);
            String type = r.get(2, String.class);
            if (type.equals("PROCESS") || type.equals("SEQUENCE_FLOW")) {
                continue;
            }
            if (r.get(3, String.class).equals("activated")) {
                activated.put(key, r.get(4, java.time.OffsetDateTime.class));
                elements.put(key, r.get(1, String.class));
            } else if (r.get(3, String.class).equals("completed") && activated.containsKey(key)) {
                double h = java.time.Duration.between(activated.get(key), r.get(4, java.time.OffsetDateTime.class))
                                .toNanos()
                        / 3.6e12;
                hours.computeIfAbsent(elements.get(key), k -> new ArrayList<>()).add(h);
            }
        }
        return hours;
    }

    private Map<String, Integer> elementsWaiting() {
        Map<String, String> open = new HashMap<>();
        for (var r : db.fetch("SELECT element_instance_key::text, element_id, element_type, event FROM engine.history"
                + " ORDER BY seq")) {
            String type = r.get(2, String.class);
            if (type.equals("PROCESS") || type.equals("SEQUENCE_FLOW")) {
                continue;
            }
            if (r.get(3, String.class).equals("activated")) {
                open.put(r.get(0, String.class), r.get(1, String.class));
            } else {
                open.remove(r.get(0, String.class));
            }
        }
        Map<String, Integer> waiting = new HashMap<>();
        open.values().forEach(element -> waiting.merge(element, 1, Integer::sum));
        return waiting;
    }

    @Test
    void endToEndAndTheShareWithinTheLegalDeadline() {
        var row = figure("end-to-end", "?from=" + from + "&to=" + to)
                .values()
                .iterator()
                .next();
        List<Double> days = new ArrayList<>();
        int within = 0;
        for (var r : db.fetch(
                "SELECT extract(epoch FROM d.decided_at - a.submitted_at) / 86400, d.decided_at <= l.due_at"
                        + " FROM application a JOIN (SELECT application_id, min(changed_at) AS decided_at"
                        + "   FROM application_status_change"
                        + "   WHERE status IN ('granted', 'granted-with-conditions', 'refused') GROUP BY 1) d"
                        + "   ON d.application_id = a.id"
                        + " LEFT JOIN legal_clock l ON l.case_id = a.id"
                        + " WHERE d.decided_at >= ?::date AND d.decided_at < ?::date + 1",
                from,
                to)) {
            days.add(r.get(0, Double.class));
            within += Boolean.TRUE.equals(r.get(1, Boolean.class)) ? 1 : 0;
        }
        assertThat(days).hasSizeGreaterThan(300);
        assertThat((Double) row.get(0)).isEqualTo(days.size());
        assertThat((Double) row.get(1)).isCloseTo(percentile(days, 0.5), within(0.051));
        assertThat((Double) row.get(2)).isCloseTo(percentile(days, 0.9), within(0.051));
        assertThat((Double) row.get(3)).isCloseTo((double) within / days.size(), within(0.0006));
        // the generated durations leave some cases late, as real ones are
        assertThat((Double) row.get(3)).isBetween(0.5, 0.999);
    }

    @Test
    void filtersByTypeAndExportsEachTableAsCsv() {
        var all = figure("volumes-by-type", "?from=" + from + "&to=" + to);
        var permits = figure("volumes-by-type", "?from=" + from + "&to=" + to + "&type=data-permit");
        assertThat(permits).containsOnlyKeys("data-permit");
        assertThat(permits.get("data-permit")).isEqualTo(all.get("data-permit"));
        var csv = api.get(mikko, "/api/dashboard/volumes-by-type.csv?from=" + from + "&to=" + to);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.text().lines().toList()).first().isEqualTo("type,submitted");
        assertThat(csv.text().lines()).hasSize(all.size() + 1);
        // generating again with the same size and seed adds nothing
        long before = db.fetchCount(db.selectFrom("application"));
        history.generate(400, 7);
        assertThat(db.fetchCount(db.selectFrom("application"))).isEqualTo(before);
    }

    @Test
    void theYearlyStatisticsArePublicAndAddUpToAllDecisions() {
        var yearly = api.get(null, "/api/public/statistics");
        assertThat(yearly.status()).isEqualTo(200);
        long decided = 0;
        long received = 0;
        for (var row : yearly.json().path("rows")) {
            received += row.get(1).asLong();
            decided += row.get(2).asLong();
            assertThat(row.get(3).asLong() + row.get(4).asLong())
                    .isEqualTo(row.get(2).asLong());
        }
        assertThat(decided)
                .isEqualTo(db.fetchSingle("SELECT count(DISTINCT application_id) FROM application_status_change"
                                + " WHERE status IN ('granted', 'granted-with-conditions', 'refused')")
                        .get(0, Long.class));
        assertThat(received)
                .isEqualTo(db.fetchSingle("SELECT count(*) FROM application WHERE submitted_at IS NOT NULL")
                        .get(0, Long.class));
    }

    @Test
    void onlyManagersSeeFiguresAndBadFiltersAre400() {
        var tokens = new Tokens(keys);
        assertThat(api.get(tokens.of("olli", Role.PERMIT_OFFICER), "/api/dashboard")
                        .status())
                .isEqualTo(403);
        assertThat(api.get(tokens.of("aino", Role.APPLICANT), "/api/dashboard").status())
                .isEqualTo(403);
        assertThat(api.get(null, "/api/dashboard").status()).isEqualTo(401);
        assertThat(api.get(mikko, "/api/dashboard?type=nonsense").status()).isEqualTo(400);
        assertThat(api.get(mikko, "/api/dashboard?from=2026-13-01").status()).isEqualTo(400);
        assertThat(api.get(mikko, "/api/dashboard?from=2026-02-01&to=2026-01-01")
                        .status())
                .isEqualTo(400);
        assertThat(api.get(mikko, "/api/dashboard/models/permit-application.bpmn")
                        .text())
                .contains("Task_CheckCompleteness");
        assertThat(api.get(mikko, "/api/dashboard/models/other.bpmn").status()).isEqualTo(404);
    }
}
