package io.eventcheckpoint.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.engine.LogMetadata;
import io.eventcheckpoint.format.CheckpointYaml;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One position as the API returns it.
 * <p>
 * The record number is sent as a decimal string, as the proto3 JSON mapping sends 64-bit integers:
 * JavaScript's numbers lose precision above 2^53, and clients generated for Python, TypeScript and
 * Java could not all hold uint64 max as a JSON number.
 *
 * @param name the event log's name, exactly as stored
 * @param recordNumber the last record read, an unsigned 64-bit number in decimal digits
 * @param timestamp the record's time, RFC 3339 with nanoseconds and the original offset
 * @param bookmark the optional Winlogbeat XML bookmark
 * @param version the log's version, also its ETag (issue 15)
 * @param epoch the position's epoch, when not 0
 */
@Schema(name = "EventLogState", description = "The last record a collector read from one event log",
		requiredProperties = { "name", "record_number", "timestamp" })
@JsonInclude(JsonInclude.Include.NON_NULL)
record LogState(
		@Schema(description = "Event-log name", example = "Microsoft-Windows-Sysmon/Operational") String name,
		@Schema(description = "Last record number read: an unsigned 64-bit integer (0 to 18446744073709551615) "
				+ "as a decimal string, as in the proto3 JSON mapping", example = "18446744073709551615",
				pattern = PositionSchemas.RECORD_NUMBER_PATTERN) @JsonProperty("record_number") String recordNumber,
		@Schema(description = "Time of that record, RFC 3339 with up to nine fraction digits and the offset it "
				+ "was stored with", example = "2026-11-24T10:00:00.123456789+05:30",
				format = "date-time") String timestamp,
		@Schema(description = "Winlogbeat XML bookmark; absent when none was stored") String bookmark,
		@Schema(description = "The log's version as decimal digits, also answered as the ETag; it increases on "
				+ "every accepted change", example = "17") String version,
		@Schema(description = "The position's epoch (unsigned 64-bit, decimal digits); absent when 0",
				example = "1") String epoch) {

	static LogState of(EventLogState state) {
		return of(state, null);
	}

	static LogState of(EventLogState state, LogMetadata metadata) {
		return new LogState(state.name(), state.recordNumberString(), CheckpointYaml.formatTime(state),
				state.bookmark(), (metadata != null) ? metadata.versionString() : null,
				(metadata != null && metadata.epoch() != 0) ? metadata.epochString() : null);
	}

}
