package org.isaacus.dashboard;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * The managers' figures, each a table (so every chart has its numbers and a CSV export). Two sources compute
 * them: SQL on PostgreSQL ({@link DashboardFigures}, the oracle) and aggregations on the search indexes.
 */
public interface Figures {

    record Period(OffsetDateTime from, OffsetDateTime to, String type) {}

    record Table(String name, List<String> columns, List<List<Object>> rows) {}

    /** This source cannot answer now (search away); the next source answers instead. */
    final class Unavailable extends RuntimeException {
        public Unavailable(Throwable cause) {
            super(cause);
        }
    }

    /** Where the figures came from: {@code postgresql} or {@code opensearch}. */
    String source();

    default List<Table> all(Period p) {
        return List.of(
                stageDurations(p),
                endToEnd(p),
                throughput(p),
                holderResponses(p),
                volumesByType(p),
                volumesByDataset(p),
                backlogByStep(),
                backlogByOfficer(),
                casesAtRisk(),
                elementDurations(p),
                elementsWaiting());
    }

    /** Median and p90 of each human step closed in the period, in hours. */
    Table stageDurations(Period p);

    /** Submission to first decision for cases decided in the period, and the share within the legal deadline. */
    Table endToEnd(Period p);

    /** Decisions per month and outcome. */
    Table throughput(Period p);

    /** Register holders' consultation answers: how long, and how often within their deadline. */
    Table holderResponses(Period p);

    Table volumesByType(Period p);

    Table volumesByDataset(Period p);

    /** Waiting now, per step. */
    Table backlogByStep();

    Table backlogByOfficer();

    /** Open cases whose forecast decision date is after their legal deadline. */
    Table casesAtRisk();

    /** Every element of the models (from the engine's history): median and p90 hours. */
    Table elementDurations(Period p);

    /** Element instances active now, per element. */
    Table elementsWaiting();

    /** The public yearly statistics. */
    Table yearly();
}
