package dev.berth.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * V9 on a database from before it: every namespace that holds repositories gets its row (and its
 * owner when a user of that name exists), so no one can create it later and take the images.
 */
class NamespaceOwnerMigrationTest {

    @Test
    void migrate_repositoriesWithoutNamespaceRows_recordsEachNamespaceOnce() {
        DriverManagerDataSource database = new DriverManagerDataSource("jdbc:h2:mem:migration-" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "");
        flyway(database, "8").migrate();
        JdbcClient jdbc = JdbcClient.create(database);
        jdbc.sql("INSERT INTO users (username, password_hash, admin, enabled, robot, created_at) VALUES "
                + "('carol', NULL, FALSE, TRUE, FALSE, CURRENT_TIMESTAMP), "
                + "('team+ci', NULL, FALSE, TRUE, TRUE, CURRENT_TIMESTAMP)").update();
        jdbc.sql("INSERT INTO namespace (name, public_pull, created_at) VALUES ('team', TRUE, CURRENT_TIMESTAMP)")
                .update();
        for (String repository : List.of("prod/app", "prod/api/v2", "carol/tool", "team/app", "solo")) {
            jdbc.sql("INSERT INTO repository (name, created_at) VALUES (?, CURRENT_TIMESTAMP)").param(repository)
                    .update();
        }

        flyway(database, "9").migrate();

        List<Map<String, Object>> rows = jdbc.sql("SELECT name, owner, public_pull FROM namespace ORDER BY name")
                .query().listOfRows();
        assertThat(rows).extracting(row -> row.get("name")).containsExactly("carol", "prod", "solo", "team");
        assertThat(rows).extracting(row -> row.get("owner")).containsExactly("carol", null, null, null);
        assertThat(rows.get(3).get("public_pull")).isEqualTo(true);
        assertThat(jdbc.sql("SELECT password_version FROM users WHERE username = 'carol'").query(Integer.class)
                .single()).isZero();
    }

    private static Flyway flyway(DriverManagerDataSource database, String target) {
        return Flyway.configure().dataSource(database)
                .locations("classpath:db/migration/common", "classpath:db/migration/h2").target(target).load();
    }
}
