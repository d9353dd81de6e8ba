package org.isaacus.processengine.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The engine's time: wall time plus an offset kept in the database, shared by FEEL, DMN, timers, job deadlines
 * and message lifetimes. Only tests and the local profile move it forward (never back).
 */
public final class EngineClock {

    private final Store store;
    private final boolean movable;
    private volatile long offsetMillis;

    EngineClock(Store store, boolean movable) {
        this.store = store;
        this.movable = movable;
        refresh();
    }

    public Instant now() {
        return Instant.now().plusMillis(offsetMillis);
    }

    ZonedDateTime zoned() {
        return now().atZone(ZoneId.systemDefault());
    }

    void refresh() {
        Long offset = Store.value(store.plain(), Long.class, "select offset_ms from clock where id = 1");
        offsetMillis = offset == null ? 0 : offset;
    }

    public void advance(Duration duration) {
        if (!movable) {
            throw new IllegalStateException(
                    "the engine clock can only be moved in tests and the local profile (isaacus.engine.clock-control)");
        }
        if (duration.isNegative()) {
            throw new IllegalArgumentException("the engine clock never goes back");
        }
        offsetMillis = store.tx(db -> Store.value(
                db,
                Long.class,
                "update clock set offset_ms = offset_ms + ? where id = 1 returning offset_ms",
                duration.toMillis()));
    }

    public Duration offset() {
        return Duration.ofMillis(offsetMillis);
    }
}
