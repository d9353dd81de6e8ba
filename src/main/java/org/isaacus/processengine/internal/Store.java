package org.isaacus.processengine.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The engine's access to PostgreSQL: plain SQL through jOOQ on the engine's own pool and schema. Every command
 * runs in one transaction; a transaction that loses a deadlock or a serialization race is run again.
 */
final class Store {

    private final DataSource dataSource;

    Store(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    <T> T tx(Function<DSLContext, T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return DSL.using(dataSource, SQLDialect.POSTGRES)
                        .transactionResult(configuration -> work.apply(configuration.dsl()));
            } catch (org.jooq.exception.DataAccessException e) {
                if (attempt < 5 && retryable(e)) {
                    continue;
                }
                throw e;
            }
        }
    }

    DSLContext plain() {
        return DSL.using(dataSource, SQLDialect.POSTGRES);
    }

    private static boolean retryable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql
                    && ("40001".equals(sql.getSQLState()) || "40P01".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /** The first column of the first row, or null. */
    static <T> T value(DSLContext db, Class<T> type, String sql, Object... bindings) {
        return db.fetchOptional(sql, bindings).map(r -> r.get(0, type)).orElse(null);
    }

    static long nextKey(DSLContext db) {
        return Store.value(db, Long.class, "select nextval('engine_key')");
    }

    /**
     * A time stamp for plain SQL: jOOQ would bind an OffsetDateTime as text; a Timestamp goes out untyped with
     * its offset, so PostgreSQL reads it as the timestamptz the column has.
     */
    static java.sql.Timestamp ts(Instant instant) {
        return instant == null ? null : java.sql.Timestamp.from(instant);
    }

    static Tree readTree(String json) {
        try {
            return Values.JSON.readValue(json, Tree.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable instance tree", e);
        }
    }

    static String writeTree(Tree tree) {
        try {
            return Values.JSON.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Locks and reads a call tree, or null when it no longer exists. */
    static Tree lockTree(DSLContext db, long rootKey) {
        String json =
                Store.value(db, String.class, "select state from instance_tree where root_key = ? for update", rootKey);
        return json == null ? null : readTree(json);
    }

    static Tree readTreeUnlocked(DSLContext db, long rootKey) {
        String json = Store.value(db, String.class, "select state from instance_tree where root_key = ?", rootKey);
        return json == null ? null : readTree(json);
    }

    static void saveTree(DSLContext db, Tree tree, boolean isNew) {
        if (tree.instances.isEmpty()) {
            db.execute("delete from instance_tree where root_key = ?", tree.rootKey);
        } else if (isNew) {
            db.execute(
                    "insert into instance_tree (root_key, state) values (?, cast(? as json))",
                    tree.rootKey,
                    writeTree(tree));
        } else {
            db.execute(
                    "update instance_tree set state = cast(? as json), updated_at = now() where root_key = ?",
                    writeTree(tree),
                    tree.rootKey);
        }
    }

    /** The call tree that holds an element instance (any key), found through the document's keys. */
    static Long rootOf(DSLContext db, long elementInstanceKey) {
        return Store.value(
                db,
                Long.class,
                "select root_key from instance_tree where json_extract_path(state, 'instances', ?) is not null limit 1",
                Long.toString(elementInstanceKey));
    }
}
