package org.isaacus.processengine.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.camunda.dmn.DmnEngine;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the engine's parts: its pool and schema, the interpreter, the scheduler and the gRPC gateway. */
public final class EngineServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EngineServer.class);

    private final HikariDataSource dataSource;
    private final EngineClock clock;
    private final Commands commands;
    private final JobSignal signal;
    private final Scheduler scheduler;
    private final Server server;
    private final ExecutorService executor;

    public record Settings(
            String jdbcUrl,
            String username,
            String password,
            String schema,
            String host,
            int port,
            boolean clockControl,
            int poolSize,
            Duration schedulerInterval) {}

    public EngineServer(Settings settings) {
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(settings.jdbcUrl());
        pool.setUsername(settings.username());
        pool.setPassword(settings.password());
        pool.setMaximumPoolSize(settings.poolSize());
        pool.setPoolName("isaacus-engine");
        pool.setConnectionInitSql("set search_path to " + settings.schema());
        Flyway.configure()
                .dataSource(settings.jdbcUrl(), settings.username(), settings.password())
                .schemas(settings.schema())
                .defaultSchema(settings.schema())
                .locations("classpath:db/engine")
                .load()
                .migrate();
        this.dataSource = new HikariDataSource(pool);
        Store store = new Store(dataSource);
        this.clock = new EngineClock(store, settings.clockControl());
        Expressions expressions = new Expressions(clock::zoned);
        DmnEngine dmn = new DmnEngine.Builder().clock(clock::zoned).build();
        Deployments deployments = new Deployments(dmn, expressions);
        Runtime runtime = new Runtime(deployments, expressions, dmn);
        this.signal = new JobSignal(dataSource);
        this.commands = new Commands(store, runtime, deployments, clock, signal);
        this.scheduler = new Scheduler(commands, clock, settings.schedulerInterval());
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        try {
            this.server = NettyServerBuilder.forAddress(new InetSocketAddress(settings.host(), settings.port()))
                    .addService(new Gateway(commands, signal, settings.port()))
                    .executor(executor)
                    .permitKeepAliveWithoutCalls(true)
                    .permitKeepAliveTime(10, TimeUnit.SECONDS)
                    .build()
                    .start();
        } catch (IOException e) {
            dataSource.close();
            throw new UncheckedIOException(
                    "the Isaacus engine could not listen on " + settings.host() + ":" + settings.port() + ": "
                            + e.getMessage(),
                    e);
        }
        signal.start();
        scheduler.start();
        log.info(
                "Isaacus engine listening on {}:{} (state in schema {})",
                settings.host(),
                server.getPort(),
                settings.schema());
    }

    public int port() {
        return server.getPort();
    }

    public EngineClock clock() {
        return clock;
    }

    public Commands commands() {
        return commands;
    }

    /** Moves engine time forward and fires what became due, before returning. */
    public void advanceClock(Duration duration) {
        clock.advance(duration);
        scheduler.runOnce();
    }

    /** One scheduler round in the caller's thread: due timers fired, timed-out jobs released. */
    public void settle() {
        scheduler.runOnce();
    }

    public javax.sql.DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        server.shutdown();
        signal.close();
        scheduler.close();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
        dataSource.close();
        log.info("Isaacus engine stopped");
    }
}
