import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
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
 */
public class JooqCodegen {
    public static void main(String[] args) throws Exception {
        Path migrations = Path.of(args[0]).toAbsolutePath();
        Path output = Path.of(args[1]).toAbsolutePath();
        String packageName = args[2];
        Path workDir = Files.createTempDirectory("isaacus-jooq-codegen");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                        .setOverrideWorkingDirectory(workDir.toFile())
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
                                    .withExcludes("flyway_schema_history|event_publication"))
                            .withGenerate(new Generate().withJavaTimeTypes(true).withRecords(true).withPojos(false))
                            .withTarget(new Target().withPackageName(packageName).withDirectory(output.toString())));
            var tool = new GenerationTool();
            tool.setConnection(connection);
            tool.run(configuration);
        }
    }
}
