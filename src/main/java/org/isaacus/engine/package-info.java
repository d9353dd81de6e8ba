/**
 * Camunda glue: deploys the models, remembers deployed form keys, retries the outbox, names shared ids.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Engine")
package org.isaacus.engine;
