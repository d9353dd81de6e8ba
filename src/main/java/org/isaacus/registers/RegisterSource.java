package org.isaacus.registers;

import java.util.List;

/**
 * The register holders' source systems, seen from the authority: outside our system. Production has one adapter
 * per holder; the local default is {@link SyntheticRegisters}. Only the variables named in a call ever leave the
 * source, and only for the cohort's persons.
 */
public interface RegisterSource {

    /**
     * Forms the cohort of a permit (replacing an earlier one of the same name): persons born in the range who,
     * when diagnoses are given, have one of them in the care or cancer register. Persons on the opt-out register
     * are left out before any of their data leaves a source.
     */
    Cohort formCohort(String name, CohortCriteria criteria);

    /**
     * Streams the cohort's rows of a dataset as CSV lines (RFC 4180, newline-terminated): the person identifier
     * first, then the named variables in order.
     *
     * @return the number of rows
     */
    long extract(Cohort cohort, String dataset, List<String> variables, RowSink sink);

    /** Drops what {@link #formCohort} left at the sources. */
    void release(Cohort cohort);

    record CohortCriteria(List<String> diagnosisPrefixes, Integer bornFrom, Integer bornTo) {
        public CohortCriteria {
            diagnosisPrefixes = diagnosisPrefixes == null ? List.of() : List.copyOf(diagnosisPrefixes);
        }
    }

    record Cohort(String name, long persons, long excludedOptOuts) {}

    @FunctionalInterface
    interface RowSink {
        void accept(byte[] row) throws java.io.IOException;
    }
}
