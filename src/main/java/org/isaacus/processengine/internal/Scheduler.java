package org.isaacus.processengine.internal;

import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires due timers, gives timed-out jobs back, and drops expired messages. Runs on every node; rows are
 * claimed under the call tree's lock, so a timer fires once however many nodes look at it.
 */
final class Scheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

    private final Commands commands;
    private final EngineClock clock;
    private final Duration interval;
    private final Object tick = new Object();
    private volatile boolean running = true;
    private Thread thread;

    Scheduler(Commands commands, EngineClock clock, Duration interval) {
        this.commands = commands;
        this.clock = clock;
        this.interval = interval;
    }

    void start() {
        thread = Thread.ofPlatform().daemon().name("isaacus-engine-scheduler").start(this::run);
    }

    /** Runs one round now, in the caller's thread (tests and time travel use it to reach a quiet state). */
    synchronized void runOnce() {
        clock.refresh();
        commands.releaseTimedOutJobs();
        commands.fireDueTimers();
        commands.correlatePending();
        commands.deleteExpiredMessages();
    }

    private void run() {
        while (running) {
            try {
                runOnce();
                long sleep = interval.toMillis();
                Instant next = commands.nextTimer();
                if (next != null) {
                    sleep = Math.max(
                            10,
                            Math.min(sleep, Duration.between(clock.now(), next).toMillis()));
                }
                synchronized (tick) {
                    tick.wait(sleep);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("engine scheduler round failed, trying again: {}", e.getMessage());
                    try {
                        Thread.sleep(interval.toMillis());
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
