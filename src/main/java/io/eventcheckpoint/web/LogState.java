package io.eventcheckpoint.web;

import java.math.BigInteger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.format.CheckpointYaml;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One position as the API returns it.
 *
 * @param name the event log's name, exactly as stored
 * @param recordNumber the last record read, an unsigned 64-bit number
 * @param timestamp the record's time, RFC 3339 with nanoseconds and the original offset
 * @param bookmark the optional Winlogbeat XML bookmark
 */
@Schema(name = "EventLogState", description = "The last record a collector read from one event log")
@JsonInclude(JsonInclude.Include.NON_NULL)
record LogState(
		@Schema(description = "Event-log name", example = "Microsoft-Windows-Sysmon/Operational") String name,
		@Schema(description = "Last record number read (unsigned 64-bit)", example = "18446744073709551615",
				type = "integer", format = "uint64", minimum = "0",
				maximum = "18446744073709551615") @JsonProperty("record_number") BigInteger recordNumber,
		@Schema(description = "Time of that record, RFC 3339 with nanoseconds and offset",
				example = "2026-11-24T10:00:00.123456789+05:30") String timestamp,
		@Schema(description = "Optional Winlogbeat XML bookmark", nullable = true) String bookmark) {

	static LogState of(EventLogState state) {
		return new LogState(state.name(), new BigInteger(state.recordNumberString()),
				CheckpointYaml.formatTime(state.timestamp()), state.bookmark());
	}

}
