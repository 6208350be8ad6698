package io.eventcheckpoint.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.eventcheckpoint.store.postgres.JdbcCheckpointStore;
import io.eventcheckpoint.store.postgres.JdbcStartupRetry;
import org.flywaydb.core.Flyway;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A fresh database on the shared PostgreSQL server named by {@code CHECKPOINT_TEST_JDBC_URL}
 * ({@code _USER}, {@code _PASSWORD}), dropped again on {@link #close()}, so that test classes can
 * run in parallel and repeatedly.
 * <p>
 * Without a reachable server the test is skipped, unless {@code CHECKPOINT_REQUIRE_INFRA=true} or
 * {@code -Dcheckpoint.require-infra=true} (as in CI), where it fails.
 */
public final class PostgresTestDatabase implements AutoCloseable {

	private final String adminUrl;

	private final String user;

	private final String password;

	private final String name;

	private final String url;

	private HikariDataSource dataSource;

	private PostgresTestDatabase(String adminUrl, String user, String password, String name) {
		this.adminUrl = adminUrl;
		this.user = user;
		this.password = password;
		this.name = name;
		int slash = adminUrl.lastIndexOf('/');
		int query = adminUrl.indexOf('?', slash);
		this.url = adminUrl.substring(0, slash + 1) + name + ((query >= 0) ? adminUrl.substring(query) : "");
	}

	/**
	 * Create a fresh, empty database (no schema).
	 * @return the database
	 */
	public static PostgresTestDatabase create() {
		String adminUrl = System.getenv("CHECKPOINT_TEST_JDBC_URL");
		String user = System.getenv().getOrDefault("CHECKPOINT_TEST_JDBC_USER", "checkpoint");
		String password = System.getenv().getOrDefault("CHECKPOINT_TEST_JDBC_PASSWORD", "checkpoint");
		if (adminUrl == null || adminUrl.isBlank()) {
			RequiredTools.unavailable("CHECKPOINT_TEST_JDBC_URL is not set", null);
		}
		String name = "checkpoint_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16)
			.toLowerCase(Locale.ROOT);
		try (Connection admin = DriverManager.getConnection(adminUrl, user, password);
				Statement statement = admin.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			RequiredTools.unavailable("PostgreSQL at " + adminUrl + " is not usable: " + ex.getMessage(), ex);
		}
		return new PostgresTestDatabase(adminUrl, user, password, name);
	}

	public String url() {
		return this.url;
	}

	public String user() {
		return this.user;
	}

	public String password() {
		return this.password;
	}

	/**
	 * The application properties that point the jdbc store at this database.
	 * @return the properties
	 */
	public Map<String, Object> properties() {
		return Map.of("checkpoint.store", "jdbc", "spring.datasource.url", this.url, "spring.datasource.username",
				this.user, "spring.datasource.password", this.password);
	}

	/**
	 * Point a test context's jdbc store at a database created later, in {@code @BeforeAll}.
	 * @param registry the registry of a {@code @DynamicPropertySource} method
	 * @param database gives the database once it exists
	 */
	public static void register(DynamicPropertyRegistry registry, Supplier<PostgresTestDatabase> database) {
		registry.add("checkpoint.store", () -> "jdbc");
		registry.add("spring.datasource.url", () -> database.get().url());
		registry.add("spring.datasource.username", () -> database.get().user());
		registry.add("spring.datasource.password", () -> database.get().password());
	}

	/**
	 * Create the schema as the application does.
	 * @return this database
	 */
	public PostgresTestDatabase migrate() {
		Flyway.configure().dataSource(this.url, this.user, this.password).load().migrate();
		return this;
	}

	/**
	 * A small connection pool, closed with the database.
	 * @return the pool
	 */
	public synchronized DataSource dataSource() {
		if (this.dataSource == null) {
			HikariDataSource pool = new HikariDataSource();
			pool.setJdbcUrl(this.url);
			pool.setUsername(this.user);
			pool.setPassword(this.password);
			pool.setMaximumPoolSize(4);
			pool.setConnectionTimeout(5000);
			this.dataSource = pool;
		}
		return this.dataSource;
	}

	/**
	 * A store on this database (no start-up retry).
	 * @return a new store, like one replica's
	 */
	public JdbcCheckpointStore store() {
		return new JdbcCheckpointStore(dataSource(), JdbcCheckpointStore.describe(this.url), Duration.ofSeconds(30),
				JdbcStartupRetry.none(this.url));
	}

	/**
	 * Empty the migrated schema: no states and no file-level update time, as after a fresh start.
	 * @return this database
	 */
	public PostgresTestDatabase clear() {
		return execute("DELETE FROM checkpoint_state", "DELETE FROM checkpoint_lease", "UPDATE checkpoint_store SET update_epoch_second = NULL, "
				+ "update_nano = NULL, update_offset_seconds = NULL");
	}

	/**
	 * Run statements on one connection of {@link #dataSource()}.
	 * @param statements the SQL statements, run in order
	 * @return this database
	 */
	public PostgresTestDatabase execute(String... statements) {
		try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
		return this;
	}

	@Override
	public synchronized void close() throws SQLException {
		if (this.dataSource != null) {
			this.dataSource.close();
		}
		try (Connection admin = DriverManager.getConnection(this.adminUrl, this.user, this.password);
				Statement statement = admin.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + this.name + " WITH (FORCE)");
		}
	}

}
