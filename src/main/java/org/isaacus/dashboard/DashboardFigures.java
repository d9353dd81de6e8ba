package org.isaacus.dashboard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The managers' figures, computed in SQL from PostgreSQL (the source of truth). Each figure is a table, so
 * every chart has its numbers and a CSV export. Durations of human steps come from the task read model; the
 * end-to-end time from the case's status history and its legal clock. The dashboards read the same figures from
 * the search indexes when those are up (the search module's implementation of {@link Figures}); these queries
 * are the oracle its tests compare with and what managers get while search is away. Percentiles are Hazen's
 * (see {@code quantile_hazen} in the V13 migration).
 */
@Service
@Transactional(readOnly = true)
public class DashboardFigures implements Figures {

    private static final String DECISIONS = "('granted', 'granted-with-conditions', 'refused')";
    private static final String TYPE = " AND (CAST(? AS text) IS NULL OR a.type = ?)";
    public static final int AT_RISK = 500;

    private final DSLContext db;
    /** Where the embedded engine keeps its element history; absent when the app runs on a Camunda 8 cluster. */
    private final String engineHistory;

    DashboardFigures(
            DSLContext db,
            @org.springframework.beans.factory.annotation.Value("${isaacus.engine.embedded.schema:engine}")
                    String engineSchema) {
        this.db = db;
        this.engineHistory = engineSchema.replaceAll("[^A-Za-z0-9_]", "") + ".history";
    }

    @Override
    public String source() {
        return "postgresql";
    }

    /**
     * Every step of the models (service tasks, waits and call activities too), from the engine's element
     * history: median and p90 of activation to completion for elements completed in the period, in hours.
     * The heatmap reads this; empty where the engine keeps no history here (a Camunda 8 cluster).
     */
    @Override
    public Table elementDurations(Period p) {
        List<String> columns = List.of("element", "completed", "median_hours", "p90_hours");
        if (!engineHistoryHere()) {
            return new Table("element-durations", columns, List.of());
        }
        return table(
                "element-durations",
                columns,
                "SELECT a.element_id, count(*)," + hours(0.5, "c.at - a.at") + "," + hours(0.9, "c.at - a.at")
                        + " FROM " + engineHistory + " a JOIN " + engineHistory + " c"
                        + " ON c.element_instance_key = a.element_instance_key AND c.event = 'completed'"
                        + " WHERE a.event = 'activated' AND a.element_type NOT IN ('PROCESS', 'SEQUENCE_FLOW')"
                        + " AND c.at >= CAST(? AS timestamptz) AND c.at < CAST(? AS timestamptz)"
                        + " GROUP BY a.element_id ORDER BY a.element_id",
                p.from(),
                p.to());
    }

    /** Element instances active now (activated, neither completed nor terminated), per element. */
    @Override
    public Table elementsWaiting() {
        List<String> columns = List.of("element", "waiting");
        if (!engineHistoryHere()) {
            return new Table("elements-waiting", columns, List.of());
        }
        return table(
                "elements-waiting",
                columns,
                "SELECT a.element_id, count(*) FROM " + engineHistory + " a"
                        + " WHERE a.event = 'activated' AND a.element_type NOT IN ('PROCESS', 'SEQUENCE_FLOW')"
                        + " AND NOT EXISTS (SELECT 1 FROM " + engineHistory + " e"
                        + " WHERE e.element_instance_key = a.element_instance_key AND e.event IN ('completed', 'terminated'))"
                        + " GROUP BY 1 ORDER BY 1");
    }

    private boolean engineHistoryHere() {
        return db.fetchValue("SELECT to_regclass(?) IS NOT NULL", engineHistory).equals(Boolean.TRUE);
    }

    /** Median and p90 of each human step closed in the period, in hours. */
    @Override
    public Table stageDurations(Period p) {
        return table(
                "stage-durations",
                List.of("step", "completed", "median_hours", "p90_hours"),
                "SELECT t.element_id, count(*)," + hours(0.5, "t.closed_at - t.created_at") + ","
                        + hours(0.9, "t.closed_at - t.created_at")
                        + " FROM user_task t JOIN application a ON a.id = t.case_id"
                        + " WHERE t.state = 'COMPLETED' AND t.closed_at >= CAST(? AS timestamptz) AND t.closed_at < CAST(? AS timestamptz)"
                        + TYPE
                        + " GROUP BY t.element_id ORDER BY t.element_id",
                p.from(),
                p.to(),
                p.type(),
                p.type());
    }

    /** Submission to decision for cases decided in the period, and the share decided within the legal deadline. */
    @Override
    public Table endToEnd(Period p) {
        return table(
                "end-to-end",
                List.of("decided", "median_days", "p90_days", "within_deadline_share"),
                "WITH d AS (" + decided() + ")"
                        + " SELECT count(*),"
                        + days(0.5, "d.decided_at - d.submitted_at") + "," + days(0.9, "d.decided_at - d.submitted_at")
                        + ", round(avg(CASE WHEN d.decided_at <= d.due_at THEN 1.0 ELSE 0.0 END), 3)"
                        + " FROM d WHERE d.decided_at >= CAST(? AS timestamptz) AND d.decided_at < CAST(? AS timestamptz)",
                p.type(),
                p.type(),
                p.from(),
                p.to());
    }

    @Override
    public Table throughput(Period p) {
        return table(
                "throughput",
                List.of("month", "outcome", "decisions"),
                "WITH d AS (" + decided() + ")"
                        + " SELECT to_char(date_trunc('month', d.decided_at), 'YYYY-MM'), d.outcome, count(*)"
                        + " FROM d WHERE d.decided_at >= CAST(? AS timestamptz) AND d.decided_at < CAST(? AS timestamptz) GROUP BY 1, 2 ORDER BY 1, 2",
                p.type(),
                p.type(),
                p.from(),
                p.to());
    }

    /** Register holders' consultation answers: how long, and how often within their deadline. */
    @Override
    public Table holderResponses(Period p) {
        return table(
                "holder-responses",
                List.of("holder", "answers", "median_hours", "p90_hours", "on_time_share"),
                "SELECT substr(t.candidate_groups[1], length('register-holder:') + 1), count(*),"
                        + hours(0.5, "t.closed_at - t.created_at") + "," + hours(0.9, "t.closed_at - t.created_at")
                        + ", round(avg(CASE WHEN t.closed_at <= t.due_at THEN 1.0 ELSE 0.0 END), 3)"
                        + " FROM user_task t JOIN application a ON a.id = t.case_id"
                        + " WHERE t.element_id = 'Task_AnswerConsultation' AND t.state = 'COMPLETED'"
                        + " AND t.closed_at >= CAST(? AS timestamptz) AND t.closed_at < CAST(? AS timestamptz)" + TYPE
                        + " GROUP BY 1 ORDER BY 1",
                p.from(),
                p.to(),
                p.type(),
                p.type());
    }

    @Override
    public Table volumesByType(Period p) {
        return table(
                "volumes-by-type",
                List.of("type", "submitted"),
                "SELECT a.type, count(*) FROM application a WHERE a.submitted_at >= CAST(? AS timestamptz) AND a.submitted_at < CAST(? AS timestamptz)"
                        + TYPE + " GROUP BY 1 ORDER BY 1",
                p.from(),
                p.to(),
                p.type(),
                p.type());
    }

    @Override
    public Table volumesByDataset(Period p) {
        return table(
                "volumes-by-dataset",
                List.of("dataset", "submitted"),
                "SELECT ds, count(*) FROM application a, jsonb_array_elements_text(a.form_data -> 'datasets') ds"
                        + " WHERE a.submitted_at >= CAST(? AS timestamptz) AND a.submitted_at < CAST(? AS timestamptz)"
                        + TYPE + " GROUP BY 1 ORDER BY 1",
                p.from(),
                p.to(),
                p.type(),
                p.type());
    }

    /** The public yearly statistics: applications received and decided per calendar year (transparency). */
    @Override
    public Table yearly() {
        return table(
                "yearly",
                List.of("year", "received", "decided", "granted", "refused", "median_days_to_decision"),
                "WITH d AS (" + decided() + "),"
                        + " received AS (SELECT extract(year FROM submitted_at)::int AS y, count(*) AS n"
                        + "   FROM application WHERE submitted_at IS NOT NULL GROUP BY 1),"
                        + " decisions AS (SELECT extract(year FROM decided_at)::int AS y, count(*) AS n,"
                        + "   count(*) FILTER (WHERE outcome <> 'refused') AS granted,"
                        + "   count(*) FILTER (WHERE outcome = 'refused') AS refused,"
                        + days(0.5, "decided_at - submitted_at") + " AS median FROM d GROUP BY 1)"
                        + " SELECT coalesce(r.y, x.y), coalesce(r.n, 0), coalesce(x.n, 0), coalesce(x.granted, 0),"
                        + " coalesce(x.refused, 0), x.median"
                        + " FROM received r FULL JOIN decisions x ON x.y = r.y ORDER BY 1",
                null, // every application type
                null);
    }

    /** Waiting now, per step: the heatmap's count. */
    @Override
    public Table backlogByStep() {
        return table(
                "backlog-by-step",
                List.of("step", "waiting"),
                "SELECT element_id, count(*) FROM user_task WHERE state = 'OPEN' GROUP BY 1 ORDER BY 1");
    }

    @Override
    public Table backlogByOfficer() {
        return table(
                "backlog-by-officer",
                List.of("officer", "open_tasks"),
                "SELECT coalesce(assignee, '(unclaimed)'), count(*) FROM user_task"
                        + " WHERE state = 'OPEN' AND 'permit-officer' = ANY (candidate_groups) GROUP BY 1 ORDER BY 1");
    }

    /**
     * Open cases whose forecast decision date is after their legal deadline, the {@value #AT_RISK} nearest
     * deadlines first. Forecast: the start of the clock plus the median clock-start-to-first-decision time of
     * decided cases, or now if the case is already older than that.
     */
    @Override
    public Table casesAtRisk() {
        return table(
                "cases-at-risk",
                List.of("case", "title", "due", "forecast"),
                "WITH d AS (" + decided() + "),"
                        + " typical AS (SELECT " + quantile(0.5, "extract(epoch FROM d.decided_at - l.started_at)")
                        + " AS seconds FROM d JOIN legal_clock l ON l.case_id = d.id)"
                        + " SELECT a.id::text, a.title, to_char(l.due_at, 'YYYY-MM-DD'),"
                        + " to_char(greatest(now(), l.started_at + make_interval(secs => typical.seconds)), 'YYYY-MM-DD')"
                        + " FROM application a JOIN legal_clock l ON l.case_id = a.id, typical"
                        + " WHERE a.status = 'under-assessment'"
                        + " AND greatest(now(), l.started_at + make_interval(secs => typical.seconds)) > l.due_at"
                        + " ORDER BY l.due_at, a.id LIMIT " + AT_RISK,
                null,
                null);
    }

    /** One row per decided case: submission, first decision, its outcome and the legal deadline. */
    private static String decided() {
        return "SELECT a.id, a.submitted_at, l.due_at,"
                + " min(c.changed_at) AS decided_at, (array_agg(c.status ORDER BY c.changed_at))[1] AS outcome"
                + " FROM application a JOIN application_status_change c ON c.application_id = a.id"
                + " AND c.status IN " + DECISIONS
                + " LEFT JOIN legal_clock l ON l.case_id = a.id"
                + " WHERE a.submitted_at IS NOT NULL" + TYPE
                + " GROUP BY a.id, a.submitted_at, l.due_at";
    }

    private static String hours(double q, String interval) {
        return "round((" + quantile(q, "extract(epoch FROM " + interval + ")") + " / 3600)::numeric, 1)";
    }

    private static String days(double q, String interval) {
        return "round((" + quantile(q, "extract(epoch FROM " + interval + ")") + " / 86400)::numeric, 1)";
    }

    private static String quantile(double q, String seconds) {
        return "quantile_hazen(array_agg(" + seconds + "::float8 ORDER BY " + seconds + "), " + q + ")";
    }

    private Table table(String name, List<String> columns, String sql, Object... bindings) {
        List<List<Object>> rows = new ArrayList<>();
        for (Record r : db.fetch(sql, bindings)) {
            rows.add(Arrays.asList(r.intoArray()));
        }
        return new Table(name, columns, rows);
    }
}
