/**
 * Development defaults: starts the embedded PostgreSQL the app uses when no external database is configured.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Local components")
package org.isaacus.local;
