package io.eventcheckpoint.format;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import io.eventcheckpoint.engine.BenchmarkStates;
import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.engine.FleetSizeBenchmark;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;

/**
 * The CPU part of a flush: the whole YAML file written to a sink that discards the bytes, so
 * neither the disk nor fsync is in the figure. {@code toStream} is what the file store does;
 * {@code toWriter} goes through a UTF-8 {@code Writer}, as the file store did up to the byte writer.
 */
public class YamlWriteBenchmark extends FleetSizeBenchmark {

	private List<EventLogState> snapshot;

	@Setup(Level.Trial)
	public void start() {
		this.snapshot = BenchmarkStates.sortedStates(this.size);
	}

	@Benchmark
	public OutputStream toStream() throws IOException {
		OutputStream sink = OutputStream.nullOutputStream();
		CheckpointYaml.write(sink, OffsetDateTime.now(ZoneOffset.UTC), this.snapshot);
		return sink;
	}

	@Benchmark
	public OutputStream toWriter() throws IOException {
		OutputStream sink = OutputStream.nullOutputStream();
		Writer writer = new BufferedWriter(new OutputStreamWriter(sink, StandardCharsets.UTF_8), 1 << 16);
		CheckpointYaml.write(writer, OffsetDateTime.now(ZoneOffset.UTC), this.snapshot);
		writer.flush();
		return sink;
	}

}
