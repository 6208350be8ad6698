package io.eventcheckpoint.web;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Request and answer bodies of the logs API as {@code /v3/api-docs} describes them. The controller
 * reads requests as raw JSON ({@link PositionParser}), so these types exist for the description only.
 */
final class PositionSchemas {

	/** Unsigned 64-bit decimal digits without leading zeros (at most 20 digits; the service checks the range). */
	static final String RECORD_NUMBER_PATTERN = "^(0|[1-9][0-9]{0,19})$";

	static final String RECORD_NUMBER = "Last record number read: an unsigned 64-bit integer, 0 to "
			+ "18446744073709551615, as a decimal string (proto3 JSON mapping). A JSON number is accepted too, "
			+ "but JavaScript and many JSON libraries lose precision above 2^53.";

	static final String TIMESTAMP = "RFC 3339 time of that record, up to nine fraction digits and any offset, "
			+ "kept exactly; the server's receive time when absent";

	private PositionSchemas() {
	}

	/**
	 * Result of a batch.
	 *
	 * @param applied number of positions applied
	 */
	@Schema(name = "BatchResult", requiredProperties = "applied")
	record BatchResult(@Schema(description = "Number of positions applied", example = "500") long applied) {
	}

	/** Request body of {@code PUT /logs/{name}}. */
	@Schema(name = "PositionUpdate", description = "A position to store", requiredProperties = "record_number")
	record PositionUpdate(
			@Schema(description = RECORD_NUMBER, example = "18446744073709551615",
					pattern = RECORD_NUMBER_PATTERN) String record_number,
			@Schema(description = TIMESTAMP, example = "2026-11-24T10:00:00.123456789+05:30",
					format = "date-time") String timestamp,
			@Schema(description = "Optional Winlogbeat XML bookmark, stored and returned unchanged") String bookmark) {
	}

	/** One entry of a batch. */
	@Schema(name = "BatchEntry", description = "A position with its name",
			requiredProperties = { "name", "record_number" })
	record BatchEntry(@Schema(description = "Event-log name", example = "host-a/Security") String name,
			@Schema(description = RECORD_NUMBER, example = "42", pattern = RECORD_NUMBER_PATTERN) String record_number,
			@Schema(description = TIMESTAMP, example = "2026-11-24T10:00:00.123456789Z",
					format = "date-time") String timestamp,
			@Schema(description = "Optional Winlogbeat XML bookmark") String bookmark) {
	}

	/** Request body of {@code POST /logs}. */
	@Schema(name = "BatchUpdate", description = "Many positions, in the shape of the checkpoint file",
			requiredProperties = "event_logs")
	record BatchUpdate(@Schema(description = "Positions; names must be unique within the batch") List<BatchEntry> event_logs) {
	}

}
