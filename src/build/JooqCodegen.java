import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Target;

/**
 * Generates the jOOQ classes from the Flyway migrations, applied to a throw-away embedded PostgreSQL.
 * Run by the build (exec-maven-plugin, generate-sources) in Java's single-file source mode, so the
 * build needs no Docker and no extra module. Arguments: migrations dir, output dir, package.
 *
 * <p>The PostgreSQL binaries are unpacked once into the user's cache, as the app does
 * (EmbeddedPostgresLauncher.LocalProcesses), and the database lives beside them: zonky deletes it when it stops
 * (also on Ctrl-C, through its shutdown hook), and one left by a killed build is deleted, its postmaster stopped,
 * by zonky at a later start. Nothing is left in the temp folder.
 */
public class JooqCodegen {

    /** Earlier versions unpacked PostgreSQL into a new isaacus-jooq-codegen* temp directory on every build. */
    static void removeLegacyDirectories() throws java.io.IOException {
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        var old = java.time.Instant.now().minus(java.time.Duration.ofMinutes(10));
        try (var dirs = java.nio.file.Files.newDirectoryStream(temp, "isaacus-jooq-codegen*")) {
            for (Path dir : dirs) {
                if (java.nio.file.Files.getLastModifiedTime(dir).toInstant().isBefore(old)) {
                    try (var files = java.nio.file.Files.walk(dir)) {
                        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                    }
                }
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Path migrations = Path.of(args[0]).toAbsolutePath();
        Path output = Path.of(args[1]).toAbsolutePath();
        String packageName = args[2];
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = System.getProperty("isaacus.cache-dir") != null
                ? Path.of(System.getProperty("isaacus.cache-dir"))
                : (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache"))
                        .resolve("isaacus");
        Path workingDir = cache.resolve("embedded-pg");
        System.setProperty("ot.epg.working-dir", workingDir.toString());
        removeLegacyDirectories();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                        .setDataDirectory(workingDir.resolve(UUID.randomUUID().toString()))
                        .start();
                var connection = postgres.getPostgresDatabase().getConnection()) {
            Flyway.configure()
                    .dataSource(postgres.getPostgresDatabase())
                    .locations("filesystem:" + migrations)
                    .load()
                    .migrate();
            var configuration = new Configuration()
                    .withGenerator(new Generator()
                            .withDatabase(new Database()
                                    .withName("org.jooq.meta.postgres.PostgresDatabase")
                                    .withInputSchema("public")
                                    .withExcludes("flyway_schema_history|event_publication")
                                    // SQL functions (ours and pg_trgm's) are called in SQL, never from Java
                                    .withIncludeRoutines(false))
                            .withGenerate(new Generate().withJavaTimeTypes(true).withRecords(true).withPojos(false))
                            .withTarget(new Target().withPackageName(packageName).withDirectory(output.toString())));
            var tool = new GenerationTool();
            tool.setConnection(connection);
            tool.run(configuration);
        }
    }
}
