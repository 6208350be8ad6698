package io.eventcheckpoint.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A migrated {@link PostgresTestDatabase} for one test class: created before the class (skipped or
 * failed as {@link RequiredTools} says when there is no PostgreSQL), emptied before each test and
 * dropped after the class. Register it as a {@code static} {@code @RegisterExtension} field.
 */
public final class MigratedDatabase implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

	private PostgresTestDatabase database;

	/** @return the database of the running test class */
	public PostgresTestDatabase get() {
		return this.database;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		this.database = PostgresTestDatabase.create().migrate();
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		this.database.clear();
	}

	@Override
	public void afterAll(ExtensionContext context) throws Exception {
		if (this.database != null) {
			this.database.close();
			this.database = null;
		}
	}

}
