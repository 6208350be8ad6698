package io.eventcheckpoint.engine;

import java.time.Instant;
import java.util.Objects;

/**
 * What the service knows about a log beyond Winlogbeat's four fields: kept beside the
 * {@link EventLogState}, never written into the Go-format YAML file.
 *
 * @param updatedAt when the service accepted the last change of the log (its receive time), not
 * the record's own timestamp
 */
public record LogMetadata(Instant updatedAt) {

	public LogMetadata {
		Objects.requireNonNull(updatedAt, "updatedAt");
	}

}
