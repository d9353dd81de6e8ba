/**
 * The Isaacus engine: an open-source process engine inside the app that answers Camunda 8's gateway protocol
 * over gRPC and keeps its state in PostgreSQL (ADR 002). No other module imports it: the app reaches it over
 * gRPC exactly as it would reach a Camunda 8 cluster.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Process engine")
package org.isaacus.processengine;
