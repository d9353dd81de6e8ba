/**
 * jOOQ classes generated at build time from the Flyway migrations (target/generated-sources/jooq). An open
 * module: each module's repository uses the tables of its own migration files.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package org.isaacus.db;
