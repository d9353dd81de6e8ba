/**
 * Search over the cases on OpenSearch (ADR 004): PostgreSQL stays the source of truth and every index can be
 * rebuilt from it; the permit path never depends on search.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Search")
package org.isaacus.search;
